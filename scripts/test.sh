#!/usr/bin/env bash
# make test: private servers, a fresh test database, then every unit, integration and
# API test binary. Prints each cmocka summary and a closing total. Then the date-sensitive
# API tests run again with the clock pinned (YH_TEST_CLOCK) at instants where calendars
# turn, each on a fresh database seeded under the same pin.
set -uo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
. scripts/env.sh
export YH_DB_NAME=yinhui_test YH_BIN="$B/yinhui"
unset YH_TEST_MODE YH_TEST_CLOCK YH_TEST_NGINX YH_TEST_REDIS_START
fresh_db() {
  db_cli -e "DROP DATABASE IF EXISTS $YH_DB_NAME; CREATE DATABASE $YH_DB_NAME CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" || return 1
  redis-cli -h "$YH_REDIS_HOST" -p "$YH_REDIS_PORT" FLUSHALL >/dev/null
  "$YH_BIN" migrate || return 1
  YH_BIN="$YH_BIN" scripts/seed.sh || return 1
}
fresh_db || exit 1
mkdir -p "$B/test-logs"
rm -f "$B/test-logs/"*.out "$B/test-logs/times.txt"
# the servers the tests start log there (tests/support.c test_log_path), build-asan's under make asan
logs="$PWD/$B/test-logs"; [ "${B#/}" != "$B" ] && logs="$B/test-logs"
export YH_TEST_LOG_DIR="$logs"
# every response the API tests get, one JSON line each (tests/support.c http_do), for
# tests/checks/contract.sh; the lanes write theirs under their own log folders
rm -rf "$logs/contract" "$logs"/lane*/contract; mkdir -p "$logs/contract"
export YH_CONTRACT_LOG="$logs/contract"
passed=0; failed=0; bad=()
# run_one binary [label]: runs it, adds up its summaries, keeps its output when it fails
run_one() {
  local t=$1 label=${2:-} out rc p f t0=$SECONDS
  out=$("$t" 2>&1); rc=$?
  echo "$(basename "$t")${label:+ ($label)}: $((SECONDS - t0)) s" >> "$B/test-logs/times.txt"
  echo "$out" | grep -E '^\[  (PASSED|FAILED)  \]|^\[  ERROR   \]|^\[  FAILED  \] [a-z_]' | sed "s|\$|${label:+ ($label)}|" || true
  # a binary may run several groups: add up their summaries
  p=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | awk '{s += $1} END {if (NR) print s}')
  f=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | awk '{s += $1} END {if (NR) print s}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  if [ $rc -ne 0 ]; then
    bad+=("$t${label:+@$label}"); echo "$out" > "$B/test-logs/$(basename "$t")${label:+@$label}.out"
    [ -z "$f" ] && failed=$((failed + 1))
  fi
}
# lane_redis dir: a Redis of a lane's own on a free port, "<port> <pid>" (the pinned lanes' and the nginx lane's)
lane_redis() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    printf '%s\n' "${YH_REDIS_PASSWORD:+requirepass $YH_REDIS_PASSWORD}" |
      redis-server - --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$1" \
        --logfile "$1/redis.log" >/dev/null 2>&1 &
    local pid=$!
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; then
        echo "$port $pid"; return 0
      fi
      sleep 0.05
    done
    kill "$pid" 2>/dev/null
  done
  return 1
}
# The whole API suite again with each test file's server two processes behind
# deploy/nginx.conf (YH_TEST_NGINX=2: tests/support.c api_start, scripts/nginx.sh), on a
# database and Redis of its own, its logs and responses in build/test-logs/lane-nginx/
# (contract.sh reads them too). Then the requests each process served, from nginx's access
# logs: every test file's two processes must both have served some. YH_TEST_NGINX_LANE=0
# skips it. The per-IP limit (50 r/s, burst 100) is left out: the suite sends more from
# 127.0.0.1 than that (README "The nginx lane").
run_nginx_lane() {
  local dir="$PWD/$B/test-logs/lane-nginx" rp
  [ "${B#/}" != "$B" ] && dir="$B/test-logs/lane-nginx"
  rm -rf "$dir"; mkdir -p "$dir/contract"
  export YH_TEST_LOG_DIR="$dir" YH_DB_NAME=yinhui_test_lane_nginx YH_REDIS_HOST=127.0.0.1
  export YH_CONTRACT_LOG="$dir/contract" YH_TEST_NGINX=2 YH_TEST_NGINX_NO_LIMIT=1
  if ! rp=$(lane_redis "$dir"); then
    echo "nginx lane: Redis did not start (see $dir/redis.log)" >&2; echo "lane 0 1 redis@nginx"; return
  fi
  export YH_REDIS_PORT=${rp% *}
  echo "${rp#* }" > "$dir/redis.pid"
  # test_api and test_tracking stop Redis and start it again: this one (tests/support.c)
  export YH_TEST_REDIS_START="printf '%s\\n' \"\${YH_REDIS_PASSWORD:+requirepass \$YH_REDIS_PASSWORD}\" |
    redis-server - --bind 127.0.0.1 --port $YH_REDIS_PORT --save '' --appendonly no --dir '$dir' \
    --logfile '$dir/redis.log' --daemonize yes --pidfile '$dir/redis.pid' &&
    for i in \$(seq 1 100); do [ \"\$(redis-cli -p $YH_REDIS_PORT ping 2>/dev/null)\" = PONG ] && exit 0; sleep 0.05; done; exit 1"
  passed=0; failed=0; bad=()
  if fresh_db >"$dir/setup.log" 2>&1; then
    # the files whose server api_start starts; those that start their own processes
    # (test_replica's own MariaDB pair, test_background's three, test_tracking's two, ...)
    # are already about several processes and would only run twice
    for t in "$B"/tests/api/test_*; do
      [ -x "$t" ] && grep -q api_start "tests/api/$(basename "$t").c" && run_one "$t" nginx
    done
  else
    echo "nginx lane set-up failed (see $dir/setup.log)" >&2; failed=$((failed + 1)); bad+=("set-up@nginx")
  fi
  for d in "$dir"/nginx-*/; do [ -d "$d" ] && scripts/nginx.sh stop "$d"; done
  nginx_split "$dir" || { failed=$((failed + 1)); bad+=("split@nginx"); }
  kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  [ "$failed" -eq 0 ] && [ ${#bad[@]} -eq 0 ] && { db_cli -e "DROP DATABASE IF EXISTS $YH_DB_NAME" >/dev/null 2>&1 || true; }
  echo "lane $passed $failed ${bad[*]}"
}
# nginx_split dir: the requests each process served per test file's nginx (the procs file
# names its upstreams A, B), into dir/split.txt, and the lane's total; fails when a test
# file's process served none
nginx_split() {
  local d n=0 bad=0 line
  : > "$1/split.txt"
  for d in "$1"/nginx-*/; do
    [ -f "$d/procs" ] || continue
    n=$((n + 1))
    line=$(scripts/nginx.sh split "$d" | awk -v f="$d/procs" -v name="$(basename "$d")" '
      BEGIN { while ((getline l < f) > 0) { split(l, p, " "); who[p[2]] = p[1]; order = order " " p[1]; c[p[1]] = 0 } }
      { if ($2 in who) c[who[$2]] += $1; else own += $1 }
      END { s = name ":"; k = split(order, o, " "); for (i = 1; i <= k; i++) s = s " " o[i] "=" c[o[i]];
            print s " nginx=" own + 0 }')
    echo "$line" >> "$1/split.txt"
    echo "$line" | grep -qE ' [A-Z]=0( |$)' && { echo "nginx lane: a process served nothing: $line" >&2; bad=1; }
  done
  [ $n -gt 0 ] || { echo "nginx lane: no nginx access logs in $1" >&2; return 1; }
  awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); t[kv[1]] += kv[2] } }
       END { printf "nginx lane: requests served per process (%d test servers):", NR;
             for (k in t) printf " %s %d", k, t[k]; print "" }' "$1/split.txt"
  return $bad
}
lane_pids=()
# an interrupted run takes its lanes, their test servers, nginx and Redis down with it
stop_lanes() {
  for p in "${lane_pids[@]}"; do command -v pkill >/dev/null && pkill -P "$p"; kill "$p" 2>/dev/null; done
  for f in "$B"/test-logs/lane*/redis.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
  for d in "$B"/test-logs/lane-nginx/nginx-*/; do [ -d "$d" ] && scripts/nginx.sh stop "$d"; done
}
trap 'stop_lanes; exit 130' INT TERM
for t in "$B"/tests/unit/test_* "$B"/tests/integration/test_*; do
  [ -x "$t" ] || continue
  run_one "$t"
done
# The nginx lane runs beside this run's API tests (both mostly wait on round trips), after
# the integration tests: test_store restarts MariaDB, which every lane shares
[ "${YH_TEST_NGINX_LANE:-1}" = 0 ] || { run_nginx_lane > "$B/test-logs/lane-nginx.log" & lane_pids+=($!); }
for t in "$B"/tests/api/test_*; do
  [ -x "$t" ] || continue
  run_one "$t"
done
# Checks that are not cmocka binaries (tests/checks/*.sh: the response contract, the
# typed client, the /docs page, the alert rules): each one counts as one test; a failing
# one keeps its output in $B/test-logs/<name>.out. They run after the pinned lanes and may
# read what the API tests left in $YH_TEST_LOG_DIR (and its lane*/ folders).
run_checks() {
export YH_NODE_BIN
if ! YH_NODE_BIN=$(scripts/node.sh); then
  echo "[  FAILED  ] node test tools did not install"; failed=$((failed + 1)); bad+=("scripts/node.sh")
fi
for c in tests/checks/*.sh; do
  [ -f "$c" ] || continue
  t0=$SECONDS
  if out=$(B="$B" bash "$c" 2>&1); then
    passed=$((passed + 1)); echo "[  PASSED  ] 1 test(s): $(basename "$c")"
  else
    failed=$((failed + 1)); bad+=("$c"); echo "$out" > "$B/test-logs/$(basename "$c" .sh).out"
    echo "[  FAILED  ] 1 test(s): $(basename "$c")"; echo "$out" | tail -20
  fi
  echo "$(basename "$c"): $((SECONDS - t0)) s" >> "$B/test-logs/times.txt"
done
}
# The date rules again (birthdays and the care due list, quarters, months, dues and
# arrears, leaderboards, the early warning's months, terms, fifty years, ages, party groups' months) in the first
# hour of a month, at the turn of the year in China time (23:50 on 31 December, and
# 00:10 on 1 January, which is still 31 December in UTC) and on 29 February.
# YH_TEST_PINS="" skips them.
# The pins lie ahead of today (China time), so they never fall so far in the past that
# rows the database dates with its own clock (refresh tokens, idempotency keys) are
# already expired under them: the next 1 March (a month's and February's
# turn), the coming turn of the year and the next 29 February.
cn_now=$(( $(date -u +%s) + 8 * 3600 ))
cn_year=$(date -u -d "@$cn_now" +%Y)
cn_day=$(date -u -d "@$cn_now" +%Y%m%d)
march=$cn_year; [ "$cn_day" -lt "${cn_year}0301" ] || march=$((cn_year + 1))
leap=$cn_year
while ! { [ $((leap % 4)) -eq 0 ] && { [ $((leap % 100)) -ne 0 ] || [ $((leap % 400)) -eq 0 ]; } &&
          [ "$cn_day" -le "${leap}0229" ]; }; do leap=$((leap + 1)); done
PINS=${YH_TEST_PINS-"${march}-03-01T00:30:00+08:00 ${cn_year}-12-31T23:50:00+08:00 $((cn_year + 1))-01-01T00:10:00+08:00 ${leap}-02-29T10:00:00+08:00"}
# (test_webhooks stays out: its deliveries are timed to seconds and the daily care event
# reads the same clock and care due list that test_care covers here)
DATED="aftercare care dues eval excellence groups guides help help_flow lapse members orglife partners relocated stats stays study talents terms transfers treatment venues volunteers vpoints vreminders vhours vfit certificates vseries"
# The pins run in two lanes side by side (the tests mostly wait on round trips, so two
# lanes on two cores take little more than half the time of one): each lane its own
# database, its own Redis (a child of this script on a port found free) and its own logs
# (build/test-logs/laneN/), so neither sees the other's rows, cache or server logs.
# run_pins lane pins...: prints the lane's summaries and a last line "lane <passed>
# <failed> <bad...>"; keeps the lane's database when something failed.
run_pins() {
  local lane=$1; shift
  local dir="$PWD/$B/test-logs/lane$lane" rp
  [ "${B#/}" != "$B" ] && dir="$B/test-logs/lane$lane"
  rm -rf "$dir"; mkdir -p "$dir"
  export YH_TEST_LOG_DIR="$dir" YH_DB_NAME="yinhui_test_lane$lane" YH_REDIS_HOST=127.0.0.1
  mkdir -p "$dir/contract"; export YH_CONTRACT_LOG="$dir/contract"
  if ! rp=$(lane_redis "$dir"); then
    echo "lane $lane: Redis did not start (see $dir/redis.log)" >&2; echo "lane 0 1 redis@lane$lane"; return
  fi
  export YH_REDIS_PORT=${rp% *}
  echo "${rp#* }" > "$dir/redis.pid"
  passed=0; failed=0; bad=()
  for pin in "$@"; do
    export YH_TEST_MODE=1 YH_TEST_CLOCK="$pin"
    if ! fresh_db >"$dir/setup.log" 2>&1; then
      echo "set-up pinned at $pin failed (see $dir/setup.log)" >&2; failed=$((failed + 1)); bad+=("set-up@$pin"); continue
    fi
    for n in $DATED; do
      [ -x "$B/tests/api/test_$n" ] && run_one "$B/tests/api/test_$n" "$pin"
    done
  done
  kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  [ "$failed" -eq 0 ] && [ ${#bad[@]} -eq 0 ] && { db_cli -e "DROP DATABASE IF EXISTS $YH_DB_NAME" >/dev/null 2>&1 || true; }
  echo "lane $passed $failed ${bad[*]}"
}
lanes=("" "")
k=0
for pin in $PINS; do lanes[$k]="${lanes[$k]} $pin"; k=$((1 - k)); done
rm -f "$B/test-logs/lane"[0-9].log
for k in 0 1; do
  [ -n "${lanes[$k]// /}" ] || continue
  run_pins $((k + 1)) ${lanes[$k]} > "$B/test-logs/lane$((k + 1)).log" &
  lane_pids+=($!)
done
wait
trap - INT TERM
for k in 1 2 -nginx; do
  [ -f "$B/test-logs/lane$k.log" ] || continue
  grep -v '^lane ' "$B/test-logs/lane$k.log"
  read -r _ p f rest < <(grep '^lane ' "$B/test-logs/lane$k.log" || echo "lane 0 1 lane$k")
  passed=$((passed + p)); failed=$((failed + f))
  [ -n "${rest:-}" ] && bad+=($rest)
  rm -f "$B/test-logs/lane$k.log"
done
unset YH_TEST_MODE YH_TEST_CLOCK
run_checks
[ ${#bad[@]} -gt 0 ] && echo "failing: ${bad[*]} (output in $B/test-logs/)"
echo "tests: $passed passed, $failed failed"
[ $failed -eq 0 ] && [ ${#bad[@]} -eq 0 ]
