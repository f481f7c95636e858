#!/usr/bin/env bash
# Demo offices and admin accounts (demo only: real deployments create their own with
# the CLI). Idempotent. Expects scripts/env.sh sourced and YH_DB_NAME migrated.
set -euo pipefail
bin=${YH_BIN:-build/yinhui}
"$bin" office add 530000 云南省委老干部局 >/dev/null
"$bin" office add 532800 西双版纳州委老干部局 530000 >/dev/null
"$bin" office add 530100 昆明市委老干部局 530000 >/dev/null
"$bin" office add 532801 景洪市委老干部局 532800 >/dev/null
"$bin" office add 532822 勐海县委老干部局 532800 >/dev/null
"$bin" office add 440000 广东省委老干部局 >/dev/null
"$bin" office add 440100 广州市委老干部局 440000 >/dev/null
"$bin" office add 440104 越秀区委老干部局 440100 >/dev/null
for o in 530000 530100 532800 532801 532822 440000 440100 440104; do
  YH_NEW_PASSWORD="demo-${o}-pass" "$bin" account add "$o" admin admin "管理员 $o" >/dev/null
done
# The demo county: ~80 organisations, 2,500 members, participations, pairings, and a
# secretary (secretary / demo-532801-sec) and a member (member / demo-532801-member).
"${YH_GEN:-$(dirname "$bin")/yinhui-gen}" demo 532801
