#!/usr/bin/env bash
# /docs in headless Chromium from Debian (tests/node/docs.mjs, playwright-core): the built
# service on a free loopback port with the test environment, the page loaded without a
# console error, warning, failed request or CSP violation, every tag of api/openapi.yaml a
# visible section; the full-page screenshot is kept as $YH_TEST_LOG_DIR/docs.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${B:-build}
logs=${YH_TEST_LOG_DIR:-$PWD/$B/test-logs}
mkdir -p "$logs"
[ -n "${YH_NODE_BIN:-}" ] || YH_NODE_BIN=$(scripts/node.sh)
[ -x /usr/bin/chromium ] || { echo "docs: /usr/bin/chromium is missing (scripts/deps.sh installs it)"; exit 1; }
port=
for _ in $(seq 1 50); do
  p=$((20000 + RANDOM % 20000))
  (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { port=$p; break; }
done
[ -n "$port" ] || { echo "docs: no free port"; exit 1; }
YH_LISTEN=127.0.0.1:$port YH_OPENAPI_PATH="$PWD/api/openapi.yaml" "$B/yinhui" serve > "$logs/docs-server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { echo "docs: the service did not start:"; tail -5 "$logs/docs-server.log"; exit 1; }
  sleep 0.05
done
rm -f "$logs/docs.png"
node tests/node/docs.mjs "http://127.0.0.1:$port" "$logs/docs.png" api/openapi.yaml
[ -s "$logs/docs.png" ] || { echo "docs: no screenshot"; exit 1; }
