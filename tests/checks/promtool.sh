#!/usr/bin/env bash
# The operations files (deploy/prometheus, deploy/grafana): promtool checks the rules and
# runs their unit tests (yinhui.rules.test.yml), checks prometheus.yml, and parses every
# dashboard query; promtool_names.cjs fails when a rule or a dashboard query names a
# metric the built service does not export. The exported names are read from the real
# /metrics of $B/yinhui started on a free loopback port (with make test's environment).
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${B:-build}
P=deploy/prometheus
NODE_MODULES=${YH_NODE_BIN:-$(scripts/node.sh)}/..
tmp=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

promtool check rules "$P/yinhui.rules.yml"
(cd "$P" && promtool test rules yinhui.rules.test.yml)
promtool check config "$P/prometheus.yml"

# the service's own exposition (bash's /dev/tcp: no curl on a fresh machine)
http_get() {
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&3
  cat <&3
  exec 3<&-
}
log=${YH_TEST_LOG_DIR:-$tmp}/promtool-server.log
for _ in $(seq 1 50); do
  port=$((20000 + RANDOM % 20000))
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
YH_LISTEN="127.0.0.1:$port" "$B/yinhui" serve >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  http_get /healthz 2>/dev/null | grep -q '"status":"ok"' && break
  kill -0 "$pid" 2>/dev/null || { echo "the service did not start, see $log"; exit 1; }
  sleep 0.1
done
http_get /metrics >"$tmp/metrics.txt"
head -1 "$tmp/metrics.txt" | grep -q '^HTTP/1.[01] 200' || { echo "GET /metrics failed:"; head -5 "$tmp/metrics.txt"; exit 1; }

NODE_PATH="$NODE_MODULES" node tests/checks/promtool_names.cjs "$tmp/metrics.txt" "$P/yinhui.rules.yml" \
  "$P/yinhui.rules.test.yml" deploy/grafana/yinhui-dashboard.json "$tmp/dashboard.rules.yml"
# the dashboard's queries parse (as recording rules)
promtool check rules "$tmp/dashboard.rules.yml"
