#!/usr/bin/env bash
# The measurements behind deploy/SCALING.md (what one primary holds, what Redis's restart
# costs). bench/scaling.sh [writes|sizes|redis|refused|all] (default all).
#   writes  a throwaway primary of its own (socket only, no TCP port, binary log on, the
#           private server's settings) under build/scaling/db: wrk POST /v1/members
#           (unique valid ID numbers) and POST /v1/volunteers through one cached service
#           process, then the raw InnoDB insert of the same members rows (mariadb-slap,
#           same concurrency, the triggers firing as for the service). Per path: rows/s
#           (rows counted in the table before and after), p50/p99, non-2xx, the CPU seconds
#           mariadbd and the service spent per 1,000 rows (/proc/PID/stat) and the binary
#           log's bytes per row (the log's size before and after).
#   sizes   the .ibd files of SCALING_10M_DIR (default the main checkout's
#           yinhui_bench10m, read only: du and bench/ibd_pages.py, no server started on
#           it), per table and per index (the root pages named by the throwaway primary,
#           made by the same migrations), bytes per member.
#   redis   two cached service processes behind deploy/nginx.conf (scripts/nginx.sh) on the
#           throwaway primary and the private Redis; wrk reads a cached member through nginx
#           while a writer renames it every 100 ms; Redis is shut down for SCALING_DOWN
#           seconds (default 3) and started again. Prints the requests per status per
#           half second (the processes' http_requests_total), the writes' statuses, and
#           the stale reads: the member renamed while Redis was down, read through both
#           processes after it is back (each read must carry the new name).
#           SCALING_REDIS_EMPTY=1: Redis comes back empty (FLUSHALL before the shutdown).
#   refused Redis up but refusing writes (bench/redis_refused.py): stale reads of a member
#           renamed while its invalidation could not be written.
# SCALING_SECONDS (default 10) per wrk run, BENCH_CONNS (default 64).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
what=${1:-all}
secs=${SCALING_SECONDS:-10}; conns=${BENCH_CONNS:-64}
out=$PWD/build/scaling
mkdir -p "$out"
sdir=$out/db
ssock=/tmp/yh-scaling-$(printf '%s' "$PWD" | sha256sum | cut -c1-12).sock
pids=()
trap 'scripts/nginx.sh stop "$out/nginx" 2>/dev/null; for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
      [ -s "$sdir/mysqld.pid" ] && kill "$(cat "$sdir/mysqld.pid")" 2>/dev/null; wait 2>/dev/null; true' EXIT

sdb() { mariadb --no-defaults -S "$ssock" -uroot "$@"; }
start_primary() {
  if [ ! -d "$sdir/mysql" ]; then
    mariadb-install-db --no-defaults --user=root --datadir="$sdir" --auth-root-authentication-method=normal \
      --skip-test-db >"$out/install.log" 2>&1
  fi
  mariadbd --no-defaults --user=root --datadir="$sdir" --socket="$ssock" --skip-networking \
    --pid-file="$sdir/mysqld.pid" --log-error="$out/mysqld.err" --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --max-connections=500 \
    --innodb-buffer-pool-size=512M --innodb-flush-log-at-trx-commit=2 \
    --log-bin="$sdir/binlog" --server-id=1 --binlog-format="${SCALING_BINLOG_FORMAT:-MIXED}" >/dev/null 2>&1 &
  for _ in $(seq 1 300); do sdb -e 'SELECT 1' >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "scaling: the throwaway primary did not start, see $out/mysqld.err" >&2; exit 1
}
start_primary
export YH_DB_SOCKET=$ssock YH_DB_NAME=yinhui_scaling YH_ACCESS_TTL_S=3600
unset YH_DB_HOST YH_DB_PORT
sdb -e "DROP DATABASE IF EXISTS yinhui_scaling; CREATE DATABASE yinhui_scaling CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
build/yinhui migrate >/dev/null 2>&1
YH_BIN=build/yinhui scripts/seed.sh >/dev/null
redis-cli -h "$YH_REDIS_HOST" -p "$YH_REDIS_PORT" FLUSHALL >/dev/null
tok=$(build/yinhui token 532801 admin)
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
serve() { # port [env...]: a service process on the port; its pid in $spid
  env YH_LISTEN=127.0.0.1:$1 "${@:2}" build/yinhui serve >"$out/api-$1.log" 2>&1 &
  spid=$!; pids+=("$spid")
  until curl -fs "http://127.0.0.1:$1/healthz" >/dev/null; do sleep 0.1; done
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
binlog_bytes() { sdb -N -e 'SHOW BINARY LOGS' | awk '{s += $2} END {print s}'; }
rows_of() { sdb -N yinhui_scaling -e "SELECT COUNT(*) FROM $1"; }
# statements the server ran, rows its handlers wrote (Handler_write + _update + _delete)
db_counts() { sdb -N -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Handler_write',
    'Handler_update', 'Handler_delete')" | awk '$1 == "Questions" {q = $2; next} {w += $2} END {print q, w}'; }
dbpid() { cat "$sdir/mysqld.pid"; }

# measure name table service_pid cmd...: runs cmd (wrk or mariadb-slap, output to
# $out/load.out) and prints one line: rows/s, p50, p99, non-2xx, CPU ms per 1,000 rows
# of mariadbd and of the service, binary log bytes, statements and handler rows written per row
measure() {
  local name=$1 table=$2 sp=$3; shift 3
  local r0 b0 d0 s0 t0 r1 b1 d1 s1 t1 c0 c1
  r0=$(rows_of "$table"); b0=$(binlog_bytes); d0=$(cpu_ticks "$(dbpid)"); s0=0; c0=$(db_counts)
  [ "$sp" = - ] || s0=$(cpu_ticks "$sp")
  t0=$(date +%s.%N)
  "$@" >"$out/load.out" 2>&1
  t1=$(date +%s.%N)
  c1=$(db_counts); r1=$(rows_of "$table"); b1=$(binlog_bytes); d1=$(cpu_ticks "$(dbpid)"); s1=0
  [ "$sp" = - ] || s1=$(cpu_ticks "$sp")
  local p50 p99 non2xx
  p50=$(awk '$1=="50%" {print $2}' "$out/load.out"); p99=$(awk '$1=="99%" {print $2}' "$out/load.out")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$out/load.out")
  python3 - "$name" "$r0" "$r1" "$t0" "$t1" "$b0" "$b1" "$d0" "$d1" "$s0" "$s1" "${p50:--}" "${p99:--}" "${non2xx:-0}" "$sp" $c0 $c1 <<'PY'
import sys
name, r0, r1, t0, t1, b0, b1, d0, d1, s0, s1, p50, p99, bad, sp, q0, w0, q1, w1 = sys.argv[1:]
rows = int(r1) - int(r0); dt = float(t1) - float(t0); k = max(rows, 1) / 1000
svc = "-" if sp == "-" else f"{(int(s1) - int(s0)) * 10 / k:.0f}"
print(f"| {name} | {rows} | {rows / dt:.0f} | {p50} | {p99} | {bad} | {(int(d1) - int(d0)) * 10 / k:.0f} | {svc} "
      f"| {(int(b1) - int(b0)) / max(rows, 1):.0f} | {(int(q1) - int(q0)) / max(rows, 1):.1f} "
      f"| {(int(w1) - int(w0)) / max(rows, 1):.1f} |")
PY
}

writes() {
  local p; p=$(free_port); serve "$p"
  local toks="" o
  # the seed's eight offices, for the run that spreads the writes over them
  for o in 530000 530100 532800 532801 532822 440000 440100 440104; do
    toks+="\"$(build/yinhui token $o admin)\", "
  done
  cat >"$out/members.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $tok"
local wt = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local toks = {$toks}
local nthreads, n, off, spread = 0, 0, 0, false
function setup(thread) thread:set("tid", nthreads); nthreads = nthreads + 1 end
function init(args) off = tonumber(args[1] or "0"); spread = args[2] == "spread" end
-- each wrk thread its own birth dates from 1930-01-01 (UTC) + tid x 5,000 days (+ the
-- script's first argument: 2,500 for the warm-up, 1,250 for the spread run), 999 ID
-- numbers a day, born in 532823 (the seed's demo members of 532801 carry 532801 and 530102:
-- the same number twice is a 409); with "spread" the requests go round the eight offices' tokens
local function headers()
  if not spread then return nil end
  local h = {}
  for k, v in pairs(wrk.headers) do h[k] = v end
  h["Authorization"] = "Bearer " .. toks[n % #toks + 1]
  return h
end
function request()
  local day, seq = off + math.floor(n / 999), n % 999 + 1
  n = n + 1
  local d17 = "532823" .. os.date("!%Y%m%d", -1262304000 + (tid * 5000 + day) * 86400) .. string.format("%03d", seq)
  local s = 0
  for i = 1, 17 do s = s + (d17:byte(i) - 48) * wt[i] end
  local c = string.sub("10X98765432", s % 11 + 1, s % 11 + 1)
  return wrk.format(nil, "/v1/members", headers(),
    '{"name":"压测' .. tid .. '号' .. n .. '","id_number":"' .. d17 .. c .. '","category":"retired"}')
end
LUA
  cat >"$out/volunteers.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $tok"
local nthreads, n = 0, 0
function setup(thread) thread:set("tid", nthreads); nthreads = nthreads + 1 end
function request()
  n = n + 1
  return wrk.format(nil, "/v1/volunteers", nil,
    '{"name":"压测志愿者' .. n .. '","phone":"13' .. (7 + tid) .. string.format("%08d", n) .. '"}')
end
LUA
  echo "warming up (2 s of member writes)..." >&2
  wrk -t2 -c"$conns" -d2s -s "$out/members.lua" "http://127.0.0.1:$p" -- 2500 >/dev/null
  echo "| write path ($conns connections, ${secs} s) | rows | rows/s | p50 | p99 | non-2xx | mariadbd CPU ms / 1000 rows | service CPU ms / 1000 rows | binlog bytes / row | statements / row | handler rows written / row |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  measure "POST /v1/members (cached service)" members "$spid" \
    wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$out/members.lua" "http://127.0.0.1:$p"
  measure "POST /v1/members spread over 8 offices (cached service)" members "$spid" \
    wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$out/members.lua" "http://127.0.0.1:$p" -- 1250 spread
  measure "POST /v1/volunteers (cached service)" volunteers "$spid" \
    wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$out/volunteers.lua" "http://127.0.0.1:$p"
  raw_insert
}

# The raw insert: one members row a statement, a copy of a member the service wrote with
# a fresh id_hmac (the unique key), mariadb-slap at the same concurrency, as many rows as
# the service wrote in its run (at least 2,000)
raw_insert() {
  local cols tmpl n
  cols=$(sdb -N information_schema -e "SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION) FROM COLUMNS
    WHERE TABLE_SCHEMA = 'yinhui_scaling' AND TABLE_NAME = 'members' AND COLUMN_NAME NOT IN ('id', 'id_hmac')
      AND EXTRA NOT LIKE '%GENERATED%'")
  tmpl=$(sdb -N yinhui_scaling -e "SELECT MAX(id) FROM members")
  n=$(awk '/requests in/ {print $1}' "$out/load.out"); n=$(( n > 2000 ? n : 2000 ))
  n=$(( n - n % conns ))
  measure "raw INSERT … SELECT of one members row (mariadb-slap, $n rows)" members - \
    mariadb-slap --no-defaults -S "$ssock" -uroot --create-schema=yinhui_scaling --concurrency="$conns" \
      --iterations=1 --number-of-queries="$n" \
      --query="INSERT INTO members ($cols, id_hmac) SELECT $cols, UNHEX(SHA2(UUID(), 256)) FROM members WHERE id = $tmpl"
  awk '/Average number of seconds/ {print "  (mariadb-slap: " $0 ")"}' "$out/load.out"
}

sizes() {
  local dir=${SCALING_10M_DIR:-/work/main/.run/mariadb/data/yinhui_bench10m}
  echo "the 10M database's files (read only): $dir"
  du -sb "$dir" | awk '{printf "all files: %.2f GB\n", $1 / 1e9}'
  ls -l --block-size=1 "$dir"/*.ibd | sort -k5 -n -r | awk 'NR <= 8' | awk '{n = $9; sub(".*/", "", n); printf "  %-22s %7.3f GB\n", n, $5 / 1e9}'
  # root page -> index name, from the throwaway primary (same migrations)
  sdb -N information_schema -e "SELECT t.NAME, i.PAGE_NO, i.NAME FROM INNODB_SYS_INDEXES i
      JOIN INNODB_SYS_TABLES t USING (TABLE_ID) WHERE t.NAME IN ('yinhui_scaling/members', 'yinhui_scaling/memberships')" \
    >"$out/roots.txt"
  # a scan reads every page (15 minutes for the 12 GB on the loaded machine): kept while
  # newer than the files
  if [ ! -s "$out/ibd.txt" ] || [ "$dir/members.ibd" -nt "$out/ibd.txt" ]; then
    nice -n 10 python3 bench/ibd_pages.py "$dir/members.ibd" "$dir/memberships.ibd" >"$out/ibd.txt"
  fi
  awk 'NR == FNR {split($1, a, "/"); name[a[2] ":" $2] = $3; next}
       /^\// {f = $1; sub(".*/", "", f); sub(".ibd", "", f); next}
       {split($2, r, "="); split($3, pg, "="); split($4, lf, "="); split($5, lv, "=");
        printf "  %-12s %-28s %8.3f GB  leaf pages %d of %d, %s levels\n", f, name[f ":" r[2]] ? name[f ":" r[2]] : "root " r[2],
               pg[2] * 16384 / 1e9, lf[2], pg[2], lv[2]}' "$out/roots.txt" "$out/ibd.txt"
}

# Requests per status of both processes (http_requests_total summed), one line a sample
status_counts() { # ports...
  for port in "$@"; do curl -s "http://127.0.0.1:$port/metrics"; done |
    awk -F'status="' '/^http_requests_total/ {split($2, a, "\""); n = $0; sub(/.* /, "", n); c[a[1]] += n}
      END {for (s in c) printf "%s=%d ", s, c[s]; print ""}'
}

redis_restart() {
  local pa pb pn down=${SCALING_DOWN:-3}
  pa=$(free_port); serve "$pa" YH_THREADS=128; local apid=$spid
  pb=$(free_port); serve "$pb" YH_THREADS=128; local bpid=$spid
  pn=$(free_port)
  scripts/nginx.sh start "$out/nginx" "$pn" "$pa" "$pb" --no-rate-limit
  local id idno
  idno=$(python3 -c 'd = "53280119291231001"; w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
print(d + "10X98765432"[sum(int(c) * k for c, k in zip(d, w)) % 11])')
  id=$(curl -fs -X POST -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
    -d '{"name":"重启读","id_number":"'"$idno"'","category":"retired"}' "http://127.0.0.1:$pa/v1/members" |
    python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
  local path=/v1/members/$id
  echo "member $id read through nginx (:$pn) in front of A (:$pa) and B (:$pb), 128 threads each" >&2
  python3 bench/redis_restart.py "$pa" "$pb" "$path" "$tok" "$down" "$out" &
  local probe=$!
  wrk -t2 -c"$conns" -d"$((secs + down + 6))s" --latency -H "Authorization: Bearer $tok" \
    "http://127.0.0.1:$pn$path" >"$out/wrk-redis.out" &
  local w=$!
  local t0; t0=$(date +%s.%N); : >"$out/status.txt"
  while kill -0 $w 2>/dev/null; do
    printf '%5.1f %s\n' "$(echo "$(date +%s.%N) - $t0" | bc)" "$(status_counts "$pa" "$pb")" >>"$out/status.txt"
    sleep 0.5
  done
  wait $w; wait $probe
  echo "wrk through nginx during the restart:"
  grep -E 'requests in|Non-2xx|Socket errors|Requests/sec|^ +(50|99)%' "$out/wrk-redis.out" | sed 's/^/  /'
  echo "requests by status, both processes (cumulative, every 0.5 s from the start of wrk):"
  sed 's/^/  /' "$out/status.txt"
  cat "$out/restart.txt"
  : "$apid" "$bpid"
}

# Redis up but refusing writes: one cached process (32 threads), bench/redis_refused.py
redis_refused() {
  local p; p=$(free_port); serve "$p" YH_THREADS=32
  python3 bench/redis_refused.py "$p" "$tok"
}

case $what in
  writes) writes ;;
  sizes) sizes ;;
  redis) redis_restart ;;
  refused) redis_refused ;;
  all) writes; sizes; redis_restart; redis_refused ;;
  *) echo "usage: $0 [writes|sizes|redis|refused|all]" >&2; exit 2 ;;
esac
