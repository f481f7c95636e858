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
cleanup() {
  stop_service
  rm -rf "$tmp"
}
trap cleanup EXIT

promtool check rules "$P/yinhui.rules.yml"
(cd "$P" && promtool test rules yinhui.rules.test.yml)
promtool check config "$P/prometheus.yml"

# the service's own exposition
. tests/checks/lib/service.sh
start_service promtool
http_get /metrics >"$tmp/metrics.txt"
head -1 "$tmp/metrics.txt" | grep -q '^HTTP/1.[01] 200' || { echo "GET /metrics failed:"; head -5 "$tmp/metrics.txt"; exit 1; }

NODE_PATH="$NODE_MODULES" node tests/checks/promtool_names.cjs "$tmp/metrics.txt" "$P/yinhui.rules.yml" \
  "$P/yinhui.rules.test.yml" deploy/grafana/yinhui-dashboard.json "$tmp/dashboard.rules.yml"
# the dashboard's queries parse (as recording rules)
promtool check rules "$tmp/dashboard.rules.yml"
