#!/usr/bin/env bash
# make test: private servers, a fresh test database, then every unit, integration and
# API test binary. Prints each cmocka summary and a closing total.
set -uo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
. scripts/env.sh
export YH_DB_NAME=yinhui_test YH_BIN="$B/yinhui"
db_cli -e "DROP DATABASE IF EXISTS yinhui_test; CREATE DATABASE yinhui_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" || exit 1
redis-cli -h "$YH_REDIS_HOST" -p "$YH_REDIS_PORT" FLUSHALL >/dev/null
"$YH_BIN" migrate || exit 1
YH_BIN="$YH_BIN" scripts/seed.sh || exit 1
mkdir -p "$B/test-logs"
rm -f "$B/test-logs/"*.out
passed=0; failed=0; bad=()
for t in "$B"/tests/unit/test_* "$B"/tests/integration/test_* "$B"/tests/api/test_*; do
  [ -x "$t" ] || continue
  out=$("$t" 2>&1); rc=$?
  echo "$out" | grep -E '^\[  (PASSED|FAILED)  \]|^\[  ERROR   \]|^\[  FAILED  \] [a-z_]' || true
  # a binary may run several groups: add up their summaries
  p=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | awk '{s += $1} END {if (NR) print s}')
  f=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | awk '{s += $1} END {if (NR) print s}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  if [ $rc -ne 0 ]; then
    bad+=("$t"); echo "$out" > "$B/test-logs/$(basename "$t").out"
    [ -z "$f" ] && failed=$((failed + 1))
  fi
done
[ ${#bad[@]} -gt 0 ] && echo "failing: ${bad[*]} (output in $B/test-logs/)"
echo "tests: $passed passed, $failed failed"
[ $failed -eq 0 ] && [ ${#bad[@]} -eq 0 ]
