#!/usr/bin/env bash
# make run: private servers, database, migrations, demo seed, demo token, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
export YH_DB_NAME="${YH_DB_NAME:-yinhui}"
db_cli -e "CREATE DATABASE IF NOT EXISTS \`$YH_DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
build/yinhui migrate
scripts/seed.sh
echo
echo "Demo accounts (demo only): office / username / password"
for o in 530000 532800 532801 532822 440000 440100 440104; do echo "  $o / admin / demo-$o-pass"; done
echo "  532801 / secretary / demo-532801-sec     (a branch secretary of the demo county)"
echo "  532801 / member / demo-532801-member     (a member of that branch)"
echo
echo "Demo admin token for Jinghong (532801), valid ${YH_ACCESS_TTL_S:-600} s:"
build/yinhui token 532801 admin
echo
echo "Try: curl -H \"Authorization: Bearer \$TOKEN\" http://${YH_LISTEN:-127.0.0.1:8080}/v1/branches/tree"
echo "     curl -H \"Authorization: Bearer \$TOKEN\" 'http://${YH_LISTEN:-127.0.0.1:8080}/v1/members?limit=5'"
echo "API reference (no token): http://${YH_LISTEN:-127.0.0.1:8080}/docs"
echo "Serving on ${YH_LISTEN:-127.0.0.1:8080}; Ctrl-C stops it (make stop stops MariaDB and Redis)."
exec build/yinhui serve
