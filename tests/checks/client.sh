#!/usr/bin/env bash
# The typed client (clients/typescript): its generated types match api/openapi.yaml
# (regenerated into a temporary file and compared: stale fails, "run make client"), it
# type-checks under strict tsc, and its example, compiled, runs against this build of the
# service on a free loopback port (log in, paging, If-Match and 412, a 422 naming its field,
# Idempotency-Key replay, one renewal for concurrent 401s, log out): the example exits
# non-zero when a call does not do what the API promises.
# Run by make test (B, YH_NODE_BIN, the private servers' env, YH_TEST_LOG_DIR set).
# Alone: YH_PRIVATE_DB_PORT=.. YH_PRIVATE_REDIS_PORT=.. bash tests/checks/client.sh
# (against yinhui_test, as make test or quick.sh left it; YH_DB_NAME=yinhui for make run's).
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/checks/lib/service.sh
bin=${YH_NODE_BIN:-$(scripts/node.sh)}
tmp=$(mktemp -d)
cleanup() {
  stop_service
  rm -rf "$tmp"
}
trap cleanup EXIT

# 1. stale? the same generator and options as make client (beside the type check: two cores)
clients/typescript/generate.sh "$tmp/schema.ts" &
gen=$!
# 2. strict type check, emitting the example into the temporary folder (as ES modules)
tsc_ok=1
"$bin/tsc" -p clients/typescript --outDir "$tmp/out" --declaration false || tsc_ok=0
wait "$gen" || { echo "client: the generator failed (clients/typescript/generate.sh)"; exit 1; }
if ! cmp -s "$tmp/schema.ts" clients/typescript/src/schema.ts; then
  diff -u clients/typescript/src/schema.ts "$tmp/schema.ts" | head -30 || true
  echo "client: clients/typescript/src/schema.ts is stale against api/openapi.yaml: run make client"
  exit 1
fi
[ $tsc_ok = 1 ] || { echo "client: clients/typescript does not type-check (strict tsc, above)"; exit 1; }
echo '{"type": "module"}' > "$tmp/out/package.json"

# 3. the example against this build of the service on a free loopback port
start_service client YH_ACCESS_LOG=0
# run_js NAME FILE: runs the compiled FILE against the service, its output in $logs/client-NAME.log
run_js() {
  if ! YH_API=http://127.0.0.1:$port node "$2" > "$logs/client-$1.log" 2>&1; then
    cat "$logs/client-$1.log"
    echo "client: the $1 failed against the service (see $logs/client-$1.log, $logs/client-server.log)"
    exit 1
  fi
  cat "$logs/client-$1.log"
}
run_js example "$tmp/out/example/example.js"
# 4. what the example cannot force: one renewal for 401s that overlap, a lost POST
#    response retried under the same Idempotency-Key
run_js test "$tmp/out/test/client.test.js"
