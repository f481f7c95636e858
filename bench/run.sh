#!/usr/bin/env bash
# make bench: wrk scenarios on loopback, one table with ratios to /healthz measured in
# the same run and each scenario's resident memory. BENCH_OFFICES (default 3000) extra
# county offices are seeded; BENCH_SECONDS (default 8) per scenario; BENCH_CONNS (default
# 64); BENCH_TRIALS (default 1000) write-visibility trials. BENCH_QUICK=1 checks that every
# row prints in a few minutes: 2 + 2 bulk offices of 500 members instead of 20 + 180 of
# 5,000, 4 offices of talents (the sizes in the row names are then wrong, the numbers
# meaningless). The tools (make bench-tools) are built by make bench.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
# the tokens minted before the data are generated must outlive the run (~25 min)
export YH_DB_NAME=yinhui_bench YH_ACCESS_LOG=${YH_ACCESS_LOG:-1} YH_ACCESS_TTL_S=3600
secs=${BENCH_SECONDS:-8}; conns=${BENCH_CONNS:-64}; offices=${BENCH_OFFICES:-3000}; trials=${BENCH_TRIALS:-1000}
if [ "${BENCH_QUICK:-0}" = 1 ]; then bulk1=2 bulk2=2 per=500 tal=4; else bulk1=20 bulk2=180 per=5000 tal=200; fi
mkdir -p build/bench
for t in minimal visible pkselect; do [ -x build/bench/$t ] || { echo "bench: build/bench/$t missing (make bench-tools)" >&2; exit 1; }; done
db_cli -e "DROP DATABASE IF EXISTS yinhui_bench; CREATE DATABASE yinhui_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
build/yinhui migrate
YH_BIN=build/yinhui scripts/seed.sh
# extra offices: 3000 counties under generated prefectures of Yunnan..Guangdong
db_cli yinhui_bench -e "
  INSERT IGNORE INTO offices (code, parent_code, name, level)
  SELECT CONCAT(p.pc, '00'), CONCAT(LEFT(p.pc, 2), '0000'), CONCAT('州 ', p.pc), 'prefecture'
  FROM (SELECT DISTINCT CONCAT(IF(seq % 2 = 0, '53', '44'), LPAD(10 + (seq DIV 99) % 80, 2, '0')) pc
        FROM seq_0_to_$((offices - 1))) p;
  INSERT IGNORE INTO offices (code, parent_code, name, level)
  SELECT CONCAT(IF(seq % 2 = 0, '53', '44'), LPAD(10 + (seq DIV 99) % 80, 2, '0'), LPAD(1 + seq % 99, 2, '0')),
         CONCAT(IF(seq % 2 = 0, '53', '44'), LPAD(10 + (seq DIV 99) % 80, 2, '0'), '00'), CONCAT('县 ', seq), 'county'
  FROM seq_0_to_$((offices - 1));"
count=$(db_cli yinhui_bench -N -e "SELECT COUNT(*) FROM offices")
cid_secret=$(build/yinhui token 532801 admin)   # admin token to create a client
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
p1=$(free_port)
p2=$(free_port)
p3=$(free_port)
p4=$(free_port)
p5=$(free_port)
# A and the cache-off process run with the default settings (YH_THREADS 64: one thread per
# wrk connection), so that their RSS column is the issue's "resident memory with the default
# settings"; only the processes behind nginx (B and A2 below) have 128 threads
YH_LISTEN=127.0.0.1:$p1 build/yinhui serve > build/bench/api.log 2>&1 &
api=$!
YH_LISTEN=127.0.0.1:$p2 YH_CACHE=0 build/yinhui serve > build/bench/api-nocache.log 2>&1 &
api2=$!
build/bench/minimal 127.0.0.1:$p3 128 &
mini=$!
# process B beside A ($p1), cached, same database and Redis: write visibility across
# processes, and with A2 (cached, like A but 128 threads) the two upstreams behind nginx
# (with a second bare handler beside $p3): nginx keeps up to 16 idle connections per
# worker to each upstream beside the 64 it forwards, and a Civetweb thread holds its
# connection while it is kept alive, so 64 threads would stall the rows through nginx
YH_LISTEN=127.0.0.1:$p4 YH_THREADS=128 build/yinhui serve > build/bench/api-b.log 2>&1 &
apib=$!
p6=$(free_port)
YH_LISTEN=127.0.0.1:$p6 YH_THREADS=128 build/yinhui serve > build/bench/api-a2.log 2>&1 &
apia2=$!
build/bench/minimal 127.0.0.1:$p5 128 &
minib=$!
ngx=build/bench/nginx
trap 'for d in api mini; do [ -s $ngx/$d/nginx.pid ] && kill $(cat $ngx/$d/nginx.pid); done 2>/dev/null; kill $api $api2 $mini $apib $minib $apia2 2>/dev/null; wait 2>/dev/null' EXIT
for p in $p1 $p2 $p4 $p6; do until curl -fs http://127.0.0.1:$p/healthz >/dev/null; do sleep 0.1; done; done
# the resident memory column: the process(es) behind each port, sampled during the run
declare -A procs=([$p1]=$api [$p2]=$api2 [$p3]=$mini [$p4]=$apib)
# deploy/nginx.conf with the compose names and paths swapped for loopback ports
# (scripts/nginx.sh, as the tests start it); the per-IP limit (50 r/s, every wrk
# connection comes from 127.0.0.1) is left out, for both instances alike
nginx_start() { # name port upstream1 upstream2
  scripts/nginx.sh start "$ngx/$1" "$2" "$3" "$4" --no-rate-limit
}
client=$(curl -fs -X POST -H "Authorization: Bearer $cid_secret" -H 'Content-Type: application/json' \
  -d '{"name":"bench","scope":"offices:read"}' http://127.0.0.1:$p1/v1/clients)
cid=$(echo "$client" | python3 -c 'import json,sys;print(json.load(sys.stdin)["client_id"])')
sec=$(echo "$client" | python3 -c 'import json,sys;print(json.load(sys.stdin)["client_secret"])')
tok=$(build/yinhui token 532801 admin)
cat > build/bench/token.lua <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&client_id=$cid&client_secret=$sec"
LUA
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# CPU per request, for the table's CPU column and the ceilings under "Issue 17 targets": the
# machine's busy time (/proc/stat: every process, wrk's included), the serving processes'
# and MariaDB's (/proc/PID/stat utime + stime, their children's included), in clock ticks
# before and after a run. MariaDB's is "-" when it is not the private server of .run/.
db_pid=$(cat .run/mariadb/mysqld.pid 2>/dev/null || true)
[ -n "$db_pid" ] && [ -r "/proc/$db_pid/stat" ] || db_pid=
ticks() { local s=0 p v; for p in "$@"; do v=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat" 2>/dev/null) && s=$((s + v)); done; echo "$s"; }
# cpu_snap pids...: "busy-ticks all-ticks mariadb-ticks pids-ticks"
cpu_snap() { echo "$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat) $(ticks $db_pid) $(ticks "$@")"; }
# cpu_col "snap0" "snap1" requests: "all/service/MariaDB µs (busy %)" per request
cpu_col() {
  python3 -c "import os,sys
a=[int(x) for x in sys.argv[1].split()]; b=[int(x) for x in sys.argv[2].split()]; n=float(sys.argv[3] or 0)
us=1e6/os.sysconf('SC_CLK_TCK'); d=[y-x for x,y in zip(a,b)]
f=lambda t: f'{t*us/n:.0f}' if n else '-'
print(f\"{f(d[0])}/{f(d[3]) if sys.argv[4] else '-'}/{f(d[2]) if sys.argv[5] else '-'} ({100*d[0]/max(d[1],1):.0f}%)\")" "$1" "$2" "$3" "${4:-}" "$db_pid"
}
run() { # name url [wrk args...]; RSS: the largest sum of VmRSS of the port's processes
  local name=$1 url=$2; shift 2
  local port=${url#http://127.0.0.1:}; port=${port%%/*}
  local out=build/bench/wrk.out rss=0 r pid c0
  c0=$(cpu_snap ${procs[$port]:-})
  wrk -t2 -c"${RUN_CONNS:-$conns}" -d"${secs}s" --latency "$@" "$url" > $out &
  local w=$!
  while kill -0 $w 2>/dev/null; do
    r=0; for pid in ${procs[$port]:-}; do r=$((r + $(rss_kb $pid))); done
    if [ $r -gt $rss ]; then rss=$r; fi
    sleep 0.25
  done
  wait $w
  local c1 rps p50 p99 non2xx
  c1=$(cpu_snap ${procs[$port]:-})
  rps=$(awk '/Requests\/sec/ {print $2}' $out)
  p50=$(awk '$1=="50%" {print $2}' $out)
  p99=$(awk '$1=="99%" {print $2}' $out)
  non2xx=$(awk '/Non-2xx/ {print $5}' $out)
  echo "$name|$rps|$p50|$p99|${non2xx:-0}|$( [ -n "${procs[$port]:-}" ] && echo $(( (rss + 512) / 1024 )) || echo -)|$port|$(cpu_col "$c0" "$c1" "$(awk '/ requests in / {print $1}' $out)" "${procs[$port]:-}")"
}
# A request's own time (the issue's p50 targets; under 64 connections the p50 is the
# queue): url token [n] -> "p50 p90 n non-200" in ms. One request at a time over one
# kept-alive curl connection, after one not counted; n requests, or without n as many as
# fit in about 10 s (5 to 50), so a slow read bounds the bench's time.
seq_ms() {
  local t n=${3:-} args=()
  t=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $2" "$1")
  [ -n "$n" ] || n=$(python3 -c "print(max(5, min(50, int(10 / max($t, 0.001)))))")
  for _ in $(seq "$n"); do args+=(-o /dev/null "$1"); done
  curl -s -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $2" "${args[@]}" | sort -k2 -n |
    awk '{t[NR] = $2 * 1000; bad += $1 != 200} END {printf "%.1f %.1f %d %d\n", t[int((NR + 1) / 2)], t[int((NR * 9 + 9) / 10)], NR, bad}'
}
echo "warming up..." >&2
wrk -t2 -c"$conns" -d2s -H "Authorization: Bearer $tok" http://127.0.0.1:$p1/v1/offices/532801 >/dev/null
rows=()
rows+=("$(run 'minimal Civetweb handler (reference)' http://127.0.0.1:$p3/healthz)")
rows+=("$(run 'GET /healthz (ceiling)' http://127.0.0.1:$p1/healthz)")
# the same ceiling with the reads' Authorization header: a request of the same size, so
# the ratio to it is the handler's and cache's own cost (Civetweb scans every header byte)
healthz_tok=$(run 'GET /healthz with the reads'"'"' Authorization header (not checked: a request of their size)' http://127.0.0.1:$p1/healthz -H "Authorization: Bearer $tok")
rows+=("$healthz_tok")
# what a browser, the WeChat mini-program or an HTTP library sends: cached JSON reads of 1 KiB
# or more come back gzipped (YH_GZIP_MIN_BYTES), compressed once when they were cached; the
# ceiling for those rows is /healthz with the same two headers
gz=(-H "Accept-Encoding: gzip, deflate, br")
# a gzip row measures gzip only if the body comes back gzipped: checked on each such read
gz_check() { # url token (a worker's first read after it connects to Redis is not stored: asked up to 50 times)
  for _ in $(seq 1 50); do
    curl -fs -o /dev/null -D - -H "Authorization: Bearer $2" "${gz[@]}" "$1" | grep -qi '^content-encoding: gzip' && return 0
  done
  echo "bench: $1 did not come back gzipped" >&2; exit 1
}
healthz_gz=$(run 'GET /healthz with the reads'"'"' Authorization and Accept-Encoding: gzip headers' http://127.0.0.1:$p1/healthz -H "Authorization: Bearer $tok" "${gz[@]}")
rows+=("$healthz_gz")
office_c=$(run 'GET /v1/offices/{code}, cached' http://127.0.0.1:$p1/v1/offices/532801 -H "Authorization: Bearer $tok")
rows+=("$office_c")
office_gz=$(run 'GET /v1/offices/{code}, cached, Accept-Encoding: gzip (320 bytes: sent as it is)' http://127.0.0.1:$p1/v1/offices/532801 -H "Authorization: Bearer $tok" "${gz[@]}")
rows+=("$office_gz")
rows+=("$(run 'GET /v1/offices/{code}, cache off' http://127.0.0.1:$p2/v1/offices/532801 -H "Authorization: Bearer $tok")")
rows+=("$(run 'POST /v1/auth/token (client_credentials)' http://127.0.0.1:$p1/v1/auth/token -s build/bench/token.lua)")
# Members: 20 offices x 5,000 (100k) first, then 180 more (1M). The list by branch is
# measured with the cache off at both sizes: its p99 must stay index-bound.
echo "generating $((bulk1 * per)) members ($bulk1 offices x $per)..." >&2
build/yinhui-gen bulk 0 $bulk1 $per >&2
tok_b=$(build/yinhui token 650101 admin)
mid=$(db_cli yinhui_bench -N -e "SELECT MIN(id) FROM members WHERE office_code = '650101'")
bid=$(db_cli yinhui_bench -N -e "SELECT MIN(id) FROM branches WHERE office_code = '650101' AND level = 'branch'")
auth=(-H "Authorization: Bearer $tok_b")
list="/v1/members?branch=$bid&limit=20"
small=$(run 'GET /v1/members?branch=&limit=20, cache off, 100k members' "http://127.0.0.1:$p2$list" "${auth[@]}")
rows+=("$small")
echo "generating $((bulk2 * per)) more members ($bulk2 offices x $per)..." >&2
build/yinhui-gen bulk $bulk1 $bulk2 $per >&2
members=$(db_cli yinhui_bench -N -e "SELECT COUNT(*) FROM members")
count=$(db_cli yinhui_bench -N -e "SELECT COUNT(*) FROM offices")
tok_b=$(build/yinhui token 650101 admin)
auth=(-H "Authorization: Bearer $tok_b")
big=$(run 'GET /v1/members?branch=&limit=20, cache off, 1M members' "http://127.0.0.1:$p2$list" "${auth[@]}")
rows+=("$big")
rows+=("$(run 'GET /v1/members?branch=&limit=20, cached, 1M members' "http://127.0.0.1:$p1$list" "${auth[@]}")")
# the plain first page of the office's list (no filter), the staff's landing page
list_c=$(run 'GET /v1/members?limit=20 (first page), cached, 1M members' "http://127.0.0.1:$p1/v1/members?limit=20" "${auth[@]}")
rows+=("$list_c")
gz_check "http://127.0.0.1:$p1/v1/members?limit=20" "$tok_b"
list_gz=$(run 'GET /v1/members?limit=20 (first page), cached, 1M members, Accept-Encoding: gzip' "http://127.0.0.1:$p1/v1/members?limit=20" "${auth[@]}" "${gz[@]}")
rows+=("$list_gz")
member_c=$(run 'GET /v1/members/{id}, cached' "http://127.0.0.1:$p1/v1/members/$mid" "${auth[@]}")
rows+=("$member_c")
member_gz=$(run 'GET /v1/members/{id}, cached, Accept-Encoding: gzip (under 1 KiB: sent as it is)' "http://127.0.0.1:$p1/v1/members/$mid" "${auth[@]}" "${gz[@]}")
rows+=("$member_gz")
member_u=$(run 'GET /v1/members/{id}, cache off' "http://127.0.0.1:$p2/v1/members/$mid" "${auth[@]}")
rows+=("$member_u")
# the uncached point read's floor: the same member row by primary key straight from
# MariaDB (bench/pkselect.c, prepared statement, one connection per thread) at the
# concurrency of the wrk run above
c0=$(cpu_snap)
read -r pk_rps pk_p50 pk_p99 < <(build/bench/pkselect "$conns" "$secs" "$mid")
pk_cpu=$(cpu_col "$c0" "$(cpu_snap)" "$(python3 -c "print($pk_rps * $secs)")")
pk_row="raw MariaDB primary-key select of the member (bench/pkselect.c, $conns connections)|$pk_rps|${pk_p50}us|${pk_p99}us|0|-|-|$pk_cpu"
rows+=("$pk_row")
# and the plain point read: the office row by its primary key, against the uncached
# GET /v1/offices/{code} row above
c0=$(cpu_snap)
read -r pko_rps pko_p50 pko_p99 < <(build/bench/pkselect "$conns" "$secs" 532801 offices code)
pko_cpu=$(cpu_col "$c0" "$(cpu_snap)" "$(python3 -c "print($pko_rps * $secs)")")
pko_row="raw MariaDB primary-key select of the office (bench/pkselect.c, $conns connections)|$pko_rps|${pko_p50}us|${pko_p99}us|0|-|-|$pko_cpu"
rows+=("$pko_row")
for r in "${rows[@]}"; do if [[ $r == 'GET /v1/offices/{code}, cache off|'* ]]; then office_u=$r; fi; done
# Through deploy/nginx.conf: nginx (1 worker, keepalive 64 per upstream) in front of the
# two cached processes A2 and B, and in front of two bare Civetweb handlers; both sides
# have 128 threads (more than keepalive x workers + the 64 connections, see the config)
pn1=$(free_port)
pn2=$(free_port)
nginx_start api "$pn1" "$p6" "$p4"
nginx_start mini "$pn2" "$p3" "$p5"
procs[$pn1]="$apia2 $apib"
procs[$pn2]="$mini $minib"
ngx_mini=$(run 'nginx (deploy/nginx.conf) in front of two bare Civetweb handlers' "http://127.0.0.1:$pn2/healthz")
rows+=("$ngx_mini")
# the same with the reads' Authorization header: nginx copies it into every upstream request
# and Civetweb scans each of its bytes on both sides of the comparison (a request of the
# reads' size: the ratio to it is the service's own cost behind nginx, as the direct rows'
# "/healthz with the reads' Authorization header")
ngx_mini_tok=$(run 'nginx (deploy/nginx.conf) in front of two bare Civetweb handlers, with the reads'"'"' Authorization header' "http://127.0.0.1:$pn2/healthz" -H "Authorization: Bearer $tok")
rows+=("$ngx_mini_tok")
curl -fs -o /dev/null -H "Authorization: Bearer $tok" "http://127.0.0.1:$pn1/v1/offices/532801"
ngx_office=$(run 'nginx (deploy/nginx.conf) in front of A2 and B: GET /v1/offices/{code}, cached' "http://127.0.0.1:$pn1/v1/offices/532801" -H "Authorization: Bearer $tok")
rows+=("$ngx_office")
ngx_member=$(run 'nginx (deploy/nginx.conf) in front of A2 and B: GET /v1/members/{id}, cached' "http://127.0.0.1:$pn1/v1/members/$mid" "${auth[@]}")
rows+=("$ngx_member")
for d in api mini; do kill "$(cat $ngx/$d/nginx.pid)"; done
rows+=("$(run 'GET /v1/branches/tree, cached' "http://127.0.0.1:$p1/v1/branches/tree" "${auth[@]}")")
rows+=("$(run 'GET /v1/branches/tree, cache off' "http://127.0.0.1:$p2/v1/branches/tree" "${auth[@]}")")
# Statistics (dashboards on every login): a county of 5,000 members and the province of
# all 1M, cached and uncached. The uncached province runs at 4 connections (each request
# reads every office's marginal counts); its single-request latency is printed below.
YH_NEW_PASSWORD=bench-650000-pass build/yinhui account add 650000 admin admin "管理员 650000" >/dev/null 2>&1 || true
tok_prov=$(build/yinhui token 650000 admin)
rows+=("$(run 'GET /v1/stats/overview, county (5k members), cached' "http://127.0.0.1:$p1/v1/stats/overview" "${auth[@]}")")
rows+=("$(run 'GET /v1/stats/overview, county (5k members), cache off' "http://127.0.0.1:$p2/v1/stats/overview" "${auth[@]}")")
# cached scenarios start warm: one request fills the cache (no single-flight yet, so a
# cold start under 64 connections computes the roll-up many times over)
curl -fs -o /dev/null -H "Authorization: Bearer $tok_prov" "http://127.0.0.1:$p1/v1/stats/overview"
rows+=("$(run 'GET /v1/stats/overview, province (1M members, 200 counties), cached' "http://127.0.0.1:$p1/v1/stats/overview" -H "Authorization: Bearer $tok_prov")")
rows+=("$(RUN_CONNS=4 run 'GET /v1/stats/overview, province (1M members), cache off, 4 connections' "http://127.0.0.1:$p2/v1/stats/overview" -H "Authorization: Bearer $tok_prov")")
# last year's figures: today's counts less one year of member_flows (sql/0031)
rows+=("$(RUN_CONNS=4 run 'GET /v1/stats/overview?year=last year, province (1M members), cache off, 4 connections' "http://127.0.0.1:$p2/v1/stats/overview?year=$(( $(date -u -d '+8 hours' +%Y) - 1 ))" -H "Authorization: Bearer $tok_prov")")
prov_ms=$(seq_ms "http://127.0.0.1:$p2/v1/stats/overview" "$tok_prov" 7 | cut -d' ' -f1)
# Volunteers (the demo county 532801: 300 volunteers, 11 open events)
tok_member=$(build/yinhui token 532801 member)
tok_jh=$(build/yinhui token 532801 admin)
ev=$(curl -fs -X POST -H "Authorization: Bearer $tok_jh" -H 'Content-Type: application/json' \
  -d '{"title":"压测报名","starts_at":"2030-01-01T09:00:00+08:00","ends_at":"2030-01-01T11:00:00+08:00","place":"景洪","capacity":50,"status":"open"}' \
  http://127.0.0.1:$p1/v1/volunteer-events | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
vmin=$(db_cli yinhui_bench -N -e "SELECT MIN(id) FROM volunteers WHERE office_code = '532801'")
cat > build/bench/signup.lua <<LUA
-- many clients, one event: each request signs up the next volunteer (confirmed up to the
-- capacity, then waitlisted; a volunteer already on the list gets 409)
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $tok_jh"
request = function()
  n = n + 1
  return wrk.format(nil, "/v1/volunteer-events/$ev/signups", nil, '{"volunteer_id":"' .. ($vmin + (n * 7 + math.random(0, 6)) % 300) .. '"}')
end
LUA
events_c=$(run 'GET /v1/volunteer-events (member app list), cached' "http://127.0.0.1:$p1/v1/volunteer-events" -H "Authorization: Bearer $tok_member")
rows+=("$events_c")
gz_check "http://127.0.0.1:$p1/v1/volunteer-events" "$tok_member"
events_gz=$(run 'GET /v1/volunteer-events (member app list), cached, Accept-Encoding: gzip' "http://127.0.0.1:$p1/v1/volunteer-events" -H "Authorization: Bearer $tok_member" "${gz[@]}")
rows+=("$events_gz")
# safety and fit (issue 16): the events the demo member may join, one indexed query (not cached)
rows+=("$(run 'GET /v1/volunteers/me/events (member eligible list), not cached' "http://127.0.0.1:$p1/v1/volunteers/me/events" -H "Authorization: Bearer $tok_member")")
rows+=("$(run 'POST /v1/volunteer-events/{id}/signups, 64 clients one event' "http://127.0.0.1:$p1/v1/volunteer-events/$ev/signups" -s build/bench/signup.lua)")
rows+=("$(run 'GET /v1/volunteer-leaderboard?period=year, cached' "http://127.0.0.1:$p1/v1/volunteer-leaderboard?period=year" -H "Authorization: Bearer $tok_member")")
rows+=("$(run 'GET /v1/volunteer-leaderboard?period=year, cache off' "http://127.0.0.1:$p2/v1/volunteer-leaderboard?period=year" -H "Authorization: Bearer $tok_member")")
# The care due list of the demo county (2,500 members, a year of visits)
curl -fs -o /dev/null -H "Authorization: Bearer $tok_jh" "http://127.0.0.1:$p1/v1/care/due?days=30"
rows+=("$(run 'GET /v1/care/due (county, 2.5k members), cached' "http://127.0.0.1:$p1/v1/care/due?days=30" -H "Authorization: Bearer $tok_jh")")
rows+=("$(run 'GET /v1/care/due (county, 2.5k members), cache off' "http://127.0.0.1:$p2/v1/care/due?days=30" -H "Authorization: Bearer $tok_jh")")
# Single flight under a cold start (issue 17: concurrent misses of one key wait for one
# fill; p99 within 3x p50 under a cold start): the same cached read right after its
# office's generation is bumped — INCR yh:g:532801, what a committed write does
# (cache_invalidate; A's tracker then drops its copy, and the first requests of all 64
# connections miss in both layers). /metrics says how many fills A computed (one when
# nothing piles up) and how many requests waited for one.
metric() { curl -fs "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 == m {print $2}'; }
rcli=(redis-cli -h "$YH_REDIS_HOST" -p "$YH_REDIS_PORT")
fills0=$(metric "$p1" yinhui_cache_fills_total) joined0=$(metric "$p1" yinhui_cache_flights_joined_total)
"${rcli[@]}" INCR yh:g:532801 >/dev/null
cold_c=$(run 'GET /v1/care/due (county, 2.5k members), cached, from a cold start (generation bumped)' "http://127.0.0.1:$p1/v1/care/due?days=30" -H "Authorization: Bearer $tok_jh")
rows+=("$cold_c")
cold_fills=$(( $(metric "$p1" yinhui_cache_fills_total) - fills0 ))
cold_joined=$(( $(metric "$p1" yinhui_cache_flights_joined_total) - joined0 ))
# the same with Accept-Encoding: gzip (the app's 96 KB list is about 8 KB so), warm then cold
gz_check "http://127.0.0.1:$p1/v1/care/due?days=30" "$tok_jh" # and its fill, before the warm row
warm_gz=$(run 'GET /v1/care/due (county, 2.5k members), cached, Accept-Encoding: gzip' "http://127.0.0.1:$p1/v1/care/due?days=30" -H "Authorization: Bearer $tok_jh" "${gz[@]}")
rows+=("$warm_gz")
fills0=$(metric "$p1" yinhui_cache_fills_total) joined0=$(metric "$p1" yinhui_cache_flights_joined_total)
"${rcli[@]}" INCR yh:g:532801 >/dev/null
cold_gz=$(run 'GET /v1/care/due (county, 2.5k members), cached, Accept-Encoding: gzip, from a cold start (generation bumped)' "http://127.0.0.1:$p1/v1/care/due?days=30" -H "Authorization: Bearer $tok_jh" "${gz[@]}")
rows+=("$cold_gz")
cold_gz_fills=$(( $(metric "$p1" yinhui_cache_fills_total) - fills0 ))
cold_gz_joined=$(( $(metric "$p1" yinhui_cache_flights_joined_total) - joined0 ))
# Urgent help (急事快办) of the demo county (a year of requests): the staff's open list and
# the app's "my requests" (the demo member's own), cached (warmed first) and with the cache off
curl -fs -o /dev/null -H "Authorization: Bearer $tok_jh" "http://127.0.0.1:$p1/v1/help-requests?status=open"
curl -fs -o /dev/null -H "Authorization: Bearer $tok_member" "http://127.0.0.1:$p1/v1/help-requests"
rows+=("$(run 'GET /v1/help-requests?status=open (staff, county), cached' "http://127.0.0.1:$p1/v1/help-requests?status=open" -H "Authorization: Bearer $tok_jh")")
rows+=("$(run 'GET /v1/help-requests?status=open (staff, county), cache off' "http://127.0.0.1:$p2/v1/help-requests?status=open" -H "Authorization: Bearer $tok_jh")")
rows+=("$(run 'GET /v1/help-requests (member app, my requests), cached' "http://127.0.0.1:$p1/v1/help-requests" -H "Authorization: Bearer $tok_member")")
rows+=("$(run 'GET /v1/help-requests (member app, my requests), cache off' "http://127.0.0.1:$p2/v1/help-requests" -H "Authorization: Bearer $tok_member")")
# 三会一课 compliance: the demo county's year report with the cache off (71 branches, every
# rule judged period by period over a year of activities; target p50 under 50 ms), and the
# province of 200 counties (one line per county, each by its own rules) cached, warmed first
rows+=("$(run 'GET /v1/org-life/compliance/report (county), cache off' "http://127.0.0.1:$p2/v1/org-life/compliance/report" -H "Authorization: Bearer $tok_jh")")
curl -fs -o /dev/null -H "Authorization: Bearer $tok_prov" "http://127.0.0.1:$p1/v1/org-life/compliance/report"
rows+=("$(run 'GET /v1/org-life/compliance/report (province, 200 counties), cached' "http://127.0.0.1:$p1/v1/org-life/compliance/report" -H "Authorization: Bearer $tok_prov")")
# The 自行脱党 early warning: the demo county's list of members without organisational
# life (the sparse filter reads every member's window: the worst page), uncached; the
# province's (1M members under 650000, none with attendance or dues) cached, warmed first
rows+=("$(run 'GET /v1/org-life/lapse-warnings?kind=org_life (county, 2.5k members), cache off' "http://127.0.0.1:$p2/v1/org-life/lapse-warnings?kind=org_life" -H "Authorization: Bearer $tok_jh")")
# the issue's p50 targets are a request's own time: one request at a time (no queue behind
# 64 connections), the median of 15, in ms, cache off
median_ms() { seq_ms "$1" "$2" 15 | cut -d' ' -f1; }
comp_ms=$(median_ms "http://127.0.0.1:$p2/v1/org-life/compliance/report" "$tok_jh")
lapse_ms=$(median_ms "http://127.0.0.1:$p2/v1/org-life/lapse-warnings?kind=org_life" "$tok_jh")
# Certificates (issue 16, h2): the demo county's first volunteer's last 12 months (the
# demo's 52 weekly meal deliveries) as a PDF: recorded once (the same certificate each
# time), rendered every time; 4 connections (the renderer's font maps), and one request at
# a time for the target (p50 under 50 ms)
cert_vol=$(db_cli yinhui_bench -N -e "SELECT MIN(id) FROM volunteers WHERE office_code = '532801'")
cert_url="http://127.0.0.1:$p2/v1/volunteers/$cert_vol/certificate?from=$(date -u -d '+8 hours -1 year +1 day' +%F)&to=$(date -u -d '+8 hours' +%F)"
curl -fs -o /dev/null -H "Authorization: Bearer $tok_jh" "$cert_url"
rows+=("$(RUN_CONNS=4 run 'GET /v1/volunteers/{id}/certificate (PDF, 12 months, 52 services), 4 connections' "$cert_url" -H "Authorization: Bearer $tok_jh")")
cert_ms=$(median_ms "$cert_url" "$tok_jh")
curl -fs -o /dev/null -H "Authorization: Bearer $tok_prov" "http://127.0.0.1:$p1/v1/org-life/lapse-warnings"
rows+=("$(run 'GET /v1/org-life/lapse-warnings (province, 1M members), cached' "http://127.0.0.1:$p1/v1/org-life/lapse-warnings" -H "Authorization: Bearer $tok_prov")")
# Venues (issue 15, h5): the calendar of the demo county's activity centre (five rooms, a
# month of bookings around today) over four weeks, cached (warmed first) and cache off
venue=$(db_cli yinhui_bench -N -e "SELECT MIN(id) FROM venues WHERE office_code = '532801' AND kind = 'activity_centre'")
cal="/v1/venues/$venue/calendar?from=$(date -u -d '+8 hours -14 days' +%F)&to=$(date -u -d '+8 hours +13 days' +%F)"
curl -fs -o /dev/null -H "Authorization: Bearer $tok_jh" "http://127.0.0.1:$p1$cal"
rows+=("$(run 'GET /v1/venues/{id}/calendar (4 weeks, 5 rooms), cached' "http://127.0.0.1:$p1$cal" -H "Authorization: Bearer $tok_jh")")
rows+=("$(run 'GET /v1/venues/{id}/calendar (4 weeks, 5 rooms), cache off' "http://127.0.0.1:$p2$cal" -H "Authorization: Bearer $tok_jh")")
# Issue 17's uncached reads one request at a time (seq_ms, cache-off process; lines after
# the table; targets p50 < 20 ms for a county, < 100 ms for a prefecture), measured before
# the guides' 400 class branches per bench county below. The prefecture 650100 gets the
# demo county's year of 三会一课: its first 25 regular branches (by id) map onto each
# county's 25, and their activities are copied with their branches' voters, present and
# by_secretary (the report's input; sql/0057's triggers keep the tallies as they go in).
echo "copying the demo county's activities into the counties of 650100..." >&2
acts_t0=$(date +%s.%N)
db_cli yinhui_bench -e "
CREATE TEMPORARY TABLE bench_bmap (src BIGINT UNSIGNED NOT NULL, dst BIGINT UNSIGNED NOT NULL, office CHAR(6) NOT NULL,
                                   PRIMARY KEY (src, dst));
INSERT INTO bench_bmap
  SELECT s.id, d.id, d.office_code
  FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) rn FROM branches
        WHERE office_code = '532801' AND level = 'branch' AND nature = 'regular' AND dissolved_on IS NULL) s
  JOIN (SELECT id, office_code, ROW_NUMBER() OVER (PARTITION BY office_code ORDER BY id) rn FROM branches
        WHERE office_code LIKE '6501%' AND level = 'branch' AND nature = 'regular') d ON d.rn = s.rn;
INSERT INTO activities (office_code, kind, title, held_at, place, host, summary, created_by)
  SELECT x.office, a.kind, a.title, a.held_at, a.place, a.host, a.summary, CONCAT('bench:', a.id)
  FROM (SELECT DISTINCT ab.activity_id, m.office FROM bench_bmap m JOIN activity_branches ab ON ab.branch_id = m.src) x
  JOIN activities a ON a.id = x.activity_id;
INSERT INTO activity_branches (activity_id, branch_id, voters, present, by_secretary)
  SELECT n.id, m.dst, ab.voters, ab.present, ab.by_secretary
  FROM bench_bmap m JOIN activity_branches ab ON ab.branch_id = m.src JOIN activities o ON o.id = ab.activity_id
  JOIN activities n ON n.office_code = m.office AND n.held_at = o.held_at AND n.created_by = CONCAT('bench:', o.id);"
acts_s=$(python3 -c "import time;print(f'{time.time() - $acts_t0:.1f}')")
read -r acts_n pref_n prov_n < <(db_cli yinhui_bench -N -e "SELECT (SELECT COUNT(*) FROM activities WHERE office_code LIKE '6501%'),
  (SELECT COUNT(*) FROM offices WHERE parent_code = '650100'), (SELECT COUNT(*) FROM offices WHERE code LIKE '65%' AND level = 'county')")
# the holiday round: the 30-day window that ends on the next 春节 lists every member
today_cn=$(date -u -d '+8 hours' +%F)
chunjie=$(for y in $(( ${today_cn%%-*} )) $(( ${today_cn%%-*} + 1 )); do
  curl -fs -H "Authorization: Bearer $tok_jh" "http://127.0.0.1:$p2/v1/care/holidays?year=$y"; echo; done |
  python3 -c "import json,sys;print(min(i['day'] for l in sys.stdin if l.strip() for i in json.loads(l)['items'] if i['code'] == 'spring_festival' and i['day'] > '$today_cn'))")
hol_from=$(date -d "$chunjie -29 days" +%F)
hol_due=$(curl -fs -H "Authorization: Bearer $tok_jh" "http://127.0.0.1:$p2/v1/care/due?days=30&date=$hol_from" |
  python3 -c 'import json,sys;print(json.load(sys.stdin)["counts"]["holiday"])')
seq_rows=() seq_s=0
seq_row() { # label target-ms url token; seq_s adds up the time the reads take
  local t0=$EPOCHREALTIME
  seq_rows+=("$1|$2|$(seq_ms "$3" "$4" | tr " " "|")")
  seq_s=$(awk -v s="$seq_s" -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", s + b - a}')
}
seq_row 'care due list, demo county (2.5k members), days=30' 20 "http://127.0.0.1:$p2/v1/care/due?days=30" "$tok_jh"
seq_row "care due list, demo county, days=30 from $hol_from (the window ends on 春节 $chunjie: $hol_due members due a holiday visit)" 20 \
  "http://127.0.0.1:$p2/v1/care/due?days=30&date=$hol_from" "$tok_jh"
seq_row 'branch tree, county (5k members, 25 branches)' 20 "http://127.0.0.1:$p2/v1/branches/tree" "$tok_b"
seq_row 'compliance report, demo county (71 branches, a year of activities)' 20 "http://127.0.0.1:$p2/v1/org-life/compliance/report" "$tok_jh"
seq_row "compliance report, prefecture 650100 ($pref_n counties, $acts_n activities copied from the demo county)" 100 \
  "http://127.0.0.1:$p2/v1/org-life/compliance/report" "$(build/yinhui token 650100 admin)"
seq_row "compliance report, province 650000 ($prov_n counties, $pref_n with activities; the issue sets no target, the prefecture's shown)" 100 \
  "http://127.0.0.1:$p2/v1/org-life/compliance/report" "$tok_prov"
# Guides (issue 15, seed 000: 39 staff linked to 207 class branches): each of the 200 bench
# counties gets 40 staff guides and 400 temporary class branches, each linked to a guide
# since 30-119 days with a last contact 0-59 days ago (80k pairs, over half of them overdue).
# The overdue list of one county reads ix_guides_due (office_code first); cached (warmed
# first) and with the cache off.
db_cli yinhui_bench -e "
INSERT INTO accounts (office_code, username, display_name, role, password_hash)
  SELECT o.code, CONCAT('guide', s.seq), CONCAT('指导员', s.seq), 'admin', '!' FROM offices o JOIN seq_1_to_40 s
  WHERE o.code LIKE '65%' AND o.level = 'county' AND NOT EXISTS (SELECT 1 FROM accounts x WHERE x.office_code = o.code AND x.username = 'guide1');
INSERT INTO branches (office_code, name, level, nature, host_type, host_name)
  SELECT o.code, CONCAT('老年大学第', s.seq, '班临时党支部'), 'branch', 'temporary', 'university_class', '老年大学' FROM offices o JOIN seq_1_to_400 s
  WHERE o.code LIKE '65%' AND o.level = 'county' AND NOT EXISTS (SELECT 1 FROM branch_guides g WHERE g.office_code = o.code);
INSERT INTO branch_guides (office_code, branch_id, account_id, role, started_on, last_contact_on, created_by)
  SELECT b.office_code, b.id, a.id, 'guide', CURDATE() - INTERVAL (30 + b.id % 90) DAY,
         IF(b.id % 7 = 0, NULL, GREATEST(CURDATE() - INTERVAL (30 + b.id % 90) DAY, CURDATE() - INTERVAL (b.id % 60) DAY)), 'bench'
  FROM branches b JOIN accounts a ON a.office_code = b.office_code AND a.username = CONCAT('guide', 1 + b.id % 40)
  WHERE b.office_code LIKE '65%' AND b.nature = 'temporary' AND NOT EXISTS (SELECT 1 FROM branch_guides g WHERE g.branch_id = b.id);"
tok_g=$(build/yinhui token 650101 admin)
curl -fs -o /dev/null -H "Authorization: Bearer $tok_g" "http://127.0.0.1:$p1/v1/guides/overdue"
rows+=("$(run 'GET /v1/guides/overdue (county, 400 pairs of 80k), cached' "http://127.0.0.1:$p1/v1/guides/overdue" -H "Authorization: Bearer $tok_g")")
rows+=("$(run 'GET /v1/guides/overdue (county, 400 pairs of 80k), cache off' "http://127.0.0.1:$p2/v1/guides/overdue" -H "Authorization: Bearer $tok_g")")
# Talents: 200 offices x 300 (60k); search one county's pool and a prefecture's (20 counties)
echo "generating $((tal * 300)) talents ($tal offices x 300)..." >&2
build/yinhui-gen talents 0 $tal 300 >&2
tok_c=$(build/yinhui token 650101 admin)
tok_p=$(build/yinhui token 650100 admin)
ts='/v1/talents/search?q=%E5%BF%83%E8%A1%80%E7%AE%A1&category=medicine'   # 心血管, medicine
rows+=("$(run 'GET /v1/talents/search (county, q+category), cached' "http://127.0.0.1:$p1$ts" -H "Authorization: Bearer $tok_c")")
rows+=("$(run 'GET /v1/talents/search (county, q+category), cache off' "http://127.0.0.1:$p2$ts" -H "Authorization: Bearer $tok_c")")
rows+=("$(run 'GET /v1/talents/search (prefecture, 20 counties), cached' "http://127.0.0.1:$p1$ts" -H "Authorization: Bearer $tok_p")")
rows+=("$(run 'GET /v1/talents/search (prefecture, 20 counties), cache off' "http://127.0.0.1:$p2$ts" -H "Authorization: Bearer $tok_p")")
seq_row 'talent search q+category, county (300 talents)' 20 "http://127.0.0.1:$p2$ts" "$tok_c"
seq_row 'talent search q+category, prefecture (20 counties, 6,000 talents)' 100 "http://127.0.0.1:$p2$ts" "$tok_p"
# Name search by pinyin (issue 18): keys written with the rows (sql/0059), never computed
# per query. A prefecture's talents by a full-pinyin prefix (张建华…: zhangj) through the
# prefecture's index, and a county's members by initials (zj) within the office; cache off.
tp='/v1/talents/search?q=zhangj'
mp='/v1/members?name=zj'
rows+=("$(run 'GET /v1/talents/search?q=zhangj (prefecture, 20 counties, pinyin), cache off' "http://127.0.0.1:$p2$tp" -H "Authorization: Bearer $tok_p")")
rows+=("$(run 'GET /v1/members?name=zj (county, pinyin initials), cache off' "http://127.0.0.1:$p2$mp" -H "Authorization: Bearer $tok_c")")
seq_row 'talent search by pinyin q=zhangj, prefecture (20 counties, 6,000 talents)' 100 "http://127.0.0.1:$p2$tp" "$tok_p"
seq_row 'member list by pinyin initials name=zj, county (5k members)' 20 "http://127.0.0.1:$p2$mp" "$tok_c"
# Write visibility across processes: PATCH a member through A (If-Match), read it through
# B until the new version shows (bench/visible.c); last, since every write bumps the
# office's generation
vmid=$(db_cli yinhui_bench -N -e "SELECT MAX(id) FROM members WHERE office_code = '650101'")
# Three runs, the one with the median p99 reported (one run's p99 is its 10 slowest trials
# on two shared cores); beside it the floor: the same trials with B the cache-off
# process, whose every read goes to MariaDB (a read just after a write, no cache at all)
vis_runs=()
for _ in 1 2 3; do
  vis_runs+=("$(build/bench/visible "http://127.0.0.1:$p1" "http://127.0.0.1:$p4" "/v1/members/$vmid" "$tok_b" work_unit "$trials")")
done
read -r vis_p50 vis_p99 vis_max vis_to vis_stale < <(printf '%s\n' "${vis_runs[@]}" | sort -k2 -n | sed -n 2p)
vis_p99s=$(printf '%s\n' "${vis_runs[@]}" | awk '{printf "%s%s", (NR > 1 ? "/" : ""), $2}')
vis_stale_all=$(printf '%s\n' "${vis_runs[@]}" | awk '{s += $5} END {print s}')
read -r visf_p50 visf_p99 _ visf_to _ < <(build/bench/visible "http://127.0.0.1:$p1" "http://127.0.0.1:$p2" "/v1/members/$vmid" "$tok_b" work_unit "$trials")
rows+=("write in A, first fresh read in B ($trials trials of PATCH /v1/members/{id} then GET until fresh; median of 3 runs by p99)|-|${vis_p50}us|${vis_p99}us|${vis_to} timeouts, ${vis_stale_all} stale first reads in 3 runs|-")
rows+=("write in A, then the read in the cache-off process (the floor: every read from MariaDB)|-|${visf_p50}us|${visf_p99}us|${visf_to} timeouts|-")
talents=$(db_cli yinhui_bench -N -e "SELECT COUNT(*) FROM talents")
signed=$(db_cli yinhui_bench -N -e "SELECT CONCAT(confirmed, ' confirmed (capacity ', capacity, '), ', waitlisted, ' waitlisted; sign-ups in the table: ', (SELECT COUNT(*) FROM volunteer_signups WHERE event_id = $ev AND status <> 'cancelled')) FROM volunteer_events WHERE id = $ev")
largest_rss() { for r in "${rows[@]}"; do echo "$r"; done | awk -F'|' -v p="$1" '$7 == p {print $6}' | sort -n | tail -1; }
rps_of() { echo "$1" | cut -d'|' -f2; }
ratio() { python3 -c "import sys;a,b=sys.argv[1:];print(f'{float(a)/float(b):.2f}' if a.replace('.','',1).isdigit() and float(b) else '-')" "$1" "$2"; }
to_ms() { python3 -c "import re,sys;v,u=re.match(r'([0-9.]+)(us|ms|s)','$1').groups();print(float(v)*{'us':0.001,'ms':1,'s':1000}[u])"; }
p99_small=$(to_ms "$(echo "$small" | cut -d'|' -f4)")
p99_big=$(to_ms "$(echo "$big" | cut -d'|' -f4)")
ceiling=$(echo "${rows[1]}" | cut -d'|' -f2)
# cpu_of row k: the row's CPU µs a request, k = 1 machine, 2 service, 3 MariaDB
cpu_of() { echo "$1" | cut -d'|' -f8 | cut -d' ' -f1 | cut -d/ -f"$2"; }
# ceiling raw-all raw-db http-all: the most an uncached read (a select and an HTTP request
# carrying the token, each at least what it costs alone) can reach of the raw select here
ceiling_of() { python3 -c "import sys;a=sys.argv[1:];print(f'{float(a[0])/(float(a[1])+float(a[2])):.2f}' if all(x.isdigit() for x in a) else '-')" "$1" "$2" "$3"; }
p99_p50() { python3 -c "print(f'{$(to_ms "$(echo "$1" | cut -d'|' -f4)") / $(to_ms "$(echo "$1" | cut -d'|' -f3)"):.1f}')"; }
for r in "${rows[@]}"; do if [[ $r == 'GET /v1/care/due (county, 2.5k members), cached|'* ]]; then warm_c=$r; fi; done
{
  echo "Offices in the database: $count; members: $members; talents: $talents. wrk -t2 -c$conns -d${secs}s on loopback; no taskset pinning (service, wrk, MariaDB, Redis share both cores)."
  echo
  echo "| scenario | req/s | p50 | p99 | non-2xx | ratio to /healthz | RSS (MB) | CPU µs a request: machine/service/MariaDB (machine busy) |"
  echo "|---|---|---|---|---|---|---|---|"
  for r in "${rows[@]}"; do
    IFS='|' read -r n rps p50 p99 bad rss _ cpu <<<"$r"
    echo "| $n | $rps | $p50 | $p99 | $bad | $(ratio "$rps" "$ceiling") | $rss | ${cpu:--} |"
  done
  echo
  echo "Sign-up contention event after the run: $signed (non-2xx are 409s for volunteers already on the list)."
  echo "Member list by branch, cache off: p99 at 1M members / p99 at 100k = $(python3 -c "print(f'{$p99_big/$p99_small:.2f}')") (target <= 1.5: index-bound)"
  echo "Province roll-up over $members members, cache off, one request at a time: median of 7 = ${prov_ms} ms (target < 1000 ms)"
  echo "County compliance report (the demo county's year), cache off, one request at a time: median of 15 = ${comp_ms} ms (target p50 < 50 ms)"
  echo "County early-warning list (kind=org_life), cache off, one request at a time: median of 15 = ${lapse_ms} ms (target p50 < 50 ms)"
  echo "Volunteer certificate PDF (12 months, 52 services), one request at a time: median of 15 = ${cert_ms} ms (target p50 < 50 ms)"
  echo
  echo "Issue 17 targets, this run:"
  echo "- cached hot reads / /healthz (target >= 0.9): office $(ratio "$(rps_of "$office_c")" "$ceiling"), member $(ratio "$(rps_of "$member_c")" "$ceiling"), member list first page $(ratio "$(rps_of "$list_c")" "$ceiling"), event list $(ratio "$(rps_of "$events_c")" "$ceiling")"
  ceiling_tok=$(rps_of "$healthz_tok")
  echo "  (the same reads / /healthz sent with the same Authorization header, ${#tok} bytes of token: office $(ratio "$(rps_of "$office_c")" "$ceiling_tok"), member $(ratio "$(rps_of "$member_c")" "$ceiling_tok"), member list first page $(ratio "$(rps_of "$list_c")" "$ceiling_tok"), event list $(ratio "$(rps_of "$events_c")" "$ceiling_tok"))"
  ceiling_gz=$(rps_of "$healthz_gz")
  echo "  (as a client that accepts gzip, against /healthz sent with the same two headers: office $(ratio "$(rps_of "$office_gz")" "$ceiling_gz"), member $(ratio "$(rps_of "$member_gz")" "$ceiling_gz"), member list first page $(ratio "$(rps_of "$list_gz")" "$ceiling_gz"), event list $(ratio "$(rps_of "$events_gz")" "$ceiling_gz"))"
  echo "  (what a request of the reads' size costs, CPU µs a request, machine/service: /healthz $(cpu_of "${rows[1]}" 1)/$(cpu_of "${rows[1]}" 2), with the ${#tok}-byte token $(cpu_of "$healthz_tok" 1)/$(cpu_of "$healthz_tok" 2), with the token and gzip $(cpu_of "$healthz_gz" 1)/$(cpu_of "$healthz_gz" 2); the cached reads: office $(cpu_of "$office_c" 1)/$(cpu_of "$office_c" 2), member $(cpu_of "$member_c" 1)/$(cpu_of "$member_c" 2), list page $(cpu_of "$list_c" 1)/$(cpu_of "$list_c" 2), event list $(cpu_of "$events_c" 1)/$(cpu_of "$events_c" 2); /healthz carrying the token alone reached $(ratio "$ceiling_tok" "$ceiling") of /healthz)"
  echo "- write in A visible in B, $trials trials, the median of 3 runs by p99: p50 ${vis_p50} us, p99 ${vis_p99} us (the 3 runs: ${vis_p99s}), max ${vis_max} us, ${vis_to} timeouts (target p99 <= 1000 us: $(awk -v v="$vis_p99" 'BEGIN {print v <= 1000 ? "met" : "MISSED"}')); ${vis_stale_all} first reads in B in the 3 runs still answered the old version (none: each trial's time is B's refill after the invalidation, not a wait for it); the floor, the same trials read in the cache-off process: p50 ${visf_p50} us, p99 ${visf_p99} us"
  echo "- through nginx, cached read / bare handler behind the same nginx (target >= 0.9): office $(ratio "$(rps_of "$ngx_office")" "$(rps_of "$ngx_mini")"), member $(ratio "$(rps_of "$ngx_member")" "$(rps_of "$ngx_mini")")"
  echo "  (against the bare handlers sent the same Authorization header, a request of the reads' size, ${#tok} bytes of token: office $(ratio "$(rps_of "$ngx_office")" "$(rps_of "$ngx_mini_tok")"), member $(ratio "$(rps_of "$ngx_member")" "$(rps_of "$ngx_mini_tok")"))"
  echo "- uncached point reads / raw primary-key select of the same row at $conns connections (target >= 0.8): office $(ratio "$(rps_of "$office_u")" "$pko_rps"), member $(ratio "$(rps_of "$member_u")" "$pk_rps")"
  echo "  (the ceiling here, from CPU a request in this run: the raw select of the member costs $(cpu_of "$pk_row" 1) µs of the machine's CPU, $(cpu_of "$pk_row" 3) of them MariaDB's; an HTTP request carrying the token, /healthz with it, $(cpu_of "$healthz_tok" 1) µs (wrk's and the service's). An uncached read needs at least both, so where wrk, the service and MariaDB share the cores it can reach at most $(cpu_of "$pk_row" 1) / ($(cpu_of "$pk_row" 3) + $(cpu_of "$healthz_tok" 1)) = $(ceiling_of "$(cpu_of "$pk_row" 1)" "$(cpu_of "$pk_row" 3)" "$(cpu_of "$healthz_tok" 1)") of the raw select. The uncached member read itself: $(cpu_of "$member_u" 1) µs (service $(cpu_of "$member_u" 2), MariaDB $(cpu_of "$member_u" 3)); the office: $(cpu_of "$office_u" 1) µs (service $(cpu_of "$office_u" 2), MariaDB $(cpu_of "$office_u" 3)) against its raw select's $(cpu_of "$pko_row" 1) µs (MariaDB $(cpu_of "$pko_row" 3)), ceiling $(ceiling_of "$(cpu_of "$pko_row" 1)" "$(cpu_of "$pko_row" 3)" "$(cpu_of "$healthz_tok" 1)"))"
  echo "- single flight, cached care due list from a cold start (generation bumped, then 64 connections for ${secs} s): p50 $(echo "$cold_c" | cut -d'|' -f3), p99 $(echo "$cold_c" | cut -d'|' -f4), p99/p50 $(p99_p50 "$cold_c") (target <= 3: $(p99_p50 "$cold_c" | awk '{print $1 <= 3 ? "met" : "MISSED"}')); A computed $cold_fills fill(s) (1 when nothing piles up), $cold_joined requests waited for one; the same read warm: p99/p50 $(p99_p50 "$warm_c"); /healthz itself in this run: p99/p50 $(p99_p50 "${rows[1]}")"
  echo "  (the same as a client that accepts gzip: p50 $(echo "$cold_gz" | cut -d'|' -f3), p99 $(echo "$cold_gz" | cut -d'|' -f4), p99/p50 $(p99_p50 "$cold_gz") (target <= 3: $(p99_p50 "$cold_gz" | awk '{print $1 <= 3 ? "met" : "MISSED"}')); $cold_gz_fills fill(s), $cold_gz_joined waited; warm: p99/p50 $(p99_p50 "$warm_gz"))"
  for pp in "$p1 cached process A" "$p2 cache-off process"; do
    read -r pport pname <<<"$pp"
    echo "- resident memory with the default settings (YH_THREADS 64), largest over its scenarios, $pname: $(largest_rss "$pport") MB (target <= 60 MB: $(largest_rss "$pport" | awk '{print $1 <= 60 ? "met" : "MISSED"}'))"
  done
  echo "  (B and A2, 128 threads for the rows through nginx: $(largest_rss "$pn1") MB together)"
  echo "- uncached reads, one request at a time (cache-off process, one kept-alive connection, after one request not counted; target p50 < 20 ms for a county, < 100 ms for a prefecture):"
  for r in "${seq_rows[@]}"; do
    IFS='|' read -r n target p50 p90 cnt bad <<<"$r"
    echo "  - $n: p50 $p50 ms, p90 $p90 ms over $cnt requests$( [ "$bad" = 0 ] || echo ", $bad not 200") (target p50 < $target ms: $(awk -v p="$p50" -v t="$target" -v b="$bad" 'BEGIN {print b == 0 && p < t ? "met" : "MISSED"}'))"
  done
  echo "  (the prefecture's activities: $acts_n copied in ${acts_s} s; the reads above took ${seq_s} s)"

} | tee build/bench/results.md
