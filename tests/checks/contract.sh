#!/usr/bin/env bash
# The response contract (tests/node/contract.mjs): every response the API tests got in this
# make test (main run and pinned lanes: $YH_TEST_LOG_DIR/contract and lane*/contract, one
# JSON line each from tests/support.c http_do) against api/openapi.yaml, objects closed.
# First the validator proves it can fail: a made-up log with an undocumented field, an
# undocumented status, a wrong type and a route the spec lacks must give those four failures.
set -uo pipefail
cd "$(dirname "$0")/../.."
node_bin=${YH_NODE_BIN:-$(scripts/node.sh)} || exit 1
export PATH="$node_bin:$PATH"
logs=${YH_TEST_LOG_DIR:-${B:-build}/test-logs}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/bad.jsonl" <<'LOG'
{"prog":"self","method":"GET","url":"/healthz","req_ctype":null,"status":200,"ctype":"application/json","request_id":true,"body":"{\"status\":\"ok\"}"}
{"prog":"self","method":"GET","url":"/healthz","req_ctype":null,"status":200,"ctype":"application/json","request_id":true,"body":"{\"status\":\"ok\",\"secret\":1}"}
{"prog":"self","method":"GET","url":"/healthz","req_ctype":null,"status":418,"ctype":"application/json","request_id":true,"body":"{}"}
{"prog":"self","method":"GET","url":"/healthz","req_ctype":null,"status":200,"ctype":"application/json","request_id":true,"body":"{\"status\":7}"}
{"prog":"self","method":"GET","url":"/no/such/route","req_ctype":null,"status":200,"ctype":"text/plain","request_id":true,"body_len":2}
LOG
out=$(node tests/node/contract.mjs "$tmp/bad.jsonl")
if [ $? -ne 1 ] || [ "$(echo "$out" | grep -c '^FAIL ')" -ne 4 ] ||
   ! echo "$out" | grep -q 'undocumented field "secret"' ||
   ! echo "$out" | grep -q 'status 418 not documented' ||
   ! echo "$out" | grep -q '/status type: must be string' ||
   ! echo "$out" | grep -q 'path not in the spec'; then
  echo "the validator did not catch the made-up failures:"; echo "$out"; exit 1
fi
dirs=("$logs/contract")
for d in "$logs"/lane*/contract; do [ -d "$d" ] && dirs+=("$d"); done
node tests/node/contract.mjs "${dirs[@]}"
