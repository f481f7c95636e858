#!/usr/bin/env bash
# make bench-10m: the member list by branch (GET /v1/members?branch=&limit=20, cache off)
# at 100k members and at 10M; issue 17: the p99 at 10M within 1.5x of the p99 at 100k.
# Two databases, each generated once and kept between runs (reused while its marker says
# it is complete; an interrupted generation is dropped and started over):
#   yinhui_bench100k  10 offices x 10,000 members through yinhui-gen as it is (the
#                     triggers of sql/0042 keep the marginal counts row by row)
#   yinhui_bench10m   BENCH10M_OFFICES (default 1,000) offices x 10,000 members on the
#                     fast path: the members' count triggers are dropped while yinhui-gen
#                     writes, the counts are computed afterwards set-based, office by
#                     office, and the triggers are put back. The generator's sequence is
#                     fixed, so the first 10 offices are the same members in both
#                     databases: their counts must be equal (checked below) — the
#                     fast path's counts are exactly what the triggers keep.
# Both lists read office 650101 (10,000 members in 25 branches) through a service with
# YH_CACHE=0, BENCH_SECONDS (default 8) at BENCH_CONNS (default 64), after a warm-up.
# BENCH10M_DB names the big database (default yinhui_bench10m; a slice, e.g.
# BENCH10M_OFFICES=20 BENCH10M_DB=yinhui_bench200k, measures the generation rate).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
secs=${BENCH_SECONDS:-8}; conns=${BENCH_CONNS:-64}
big=${BENCH10M_DB:-yinhui_bench10m}; nbig=${BENCH10M_OFFICES:-1000}; small=yinhui_bench100k; per=10000
mkdir -p build/bench
[ -x build/bench/minimal ] || { echo "bench-10m: make bench-tools first" >&2; exit 1; }

complete() { # db offices: the marker of a finished generation
  [ "$(db_cli -N -e "SELECT n FROM $1.bench_state WHERE what = 'complete'" 2>/dev/null)" = "$2" ]
}
fresh_db() {
  db_cli -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  YH_DB_NAME=$1 build/yinhui migrate >/dev/null
  db_cli "$1" -e "CREATE TABLE bench_state (what VARCHAR(20) PRIMARY KEY, n BIGINT NOT NULL)"
}
# The marginal counts and flows of one office's members, set-based: what
# stats_member_apply (sql/0042) adds per member, summed. Active members count in the
# marginals and in the flows of their year of entry; members no longer active in the
# flows of their year of entry and, negated, of the year they left. The value of a
# dimension is stats_member_val's (with stats_member_affiliation and stats_member_place)
# written out inline: the stored functions cost ~30 µs a call, 80 min for 10M members x 8
# dimensions; the check against the triggers' counts below holds the two the same.
# STRAIGHT_JOIN: the office's members are read once, not once per dimension.
counts_sql() { # office
  local val="CASE d.seq
      WHEN 1 THEN CAST(m.category AS BINARY)
      WHEN 2 THEN m.health_idx
      WHEN 3 THEN CAST(YEAR(m.birth_date) AS BINARY)
      WHEN 4 THEN CAST(IFNULL(YEAR(m.full_member_on), '') AS BINARY)
      WHEN 5 THEN IFNULL(CAST(IF(m.status = 'active', IF(m.branch_id IS NOT NULL, 1, IF(m.managed_with_unit IS NOT NULL, 2, 0)),
                                 NULL) AS BINARY), '')
      WHEN 6 THEN CASE WHEN m.joined_on IS NULL THEN '' WHEN m.joined_on < '1949-10-01' THEN '1'
                       WHEN m.joined_on < '1978-12-18' THEN '2' WHEN m.joined_on < '2012-11-08' THEN '3' ELSE '4' END
      WHEN 8 THEN IFNULL(CAST(IF(m.relocated AND m.residence_code IS NOT NULL, CONCAT(LEFT(m.residence_code, 4), '00'), NULL)
                              AS BINARY), '')
      ELSE IF(m.full_member_on IS NULL OR m.medal_ineligible_reason IS NOT NULL, '',
              CAST(YEAR(m.full_member_on) + 50 + (DATE_FORMAT(m.full_member_on, '%m%d') > '0701') AS BINARY))
    END"
  local yin="GREATEST(IFNULL(YEAR(m.joined_on), 0), IFNULL(YEAR(m.entered_on), 0))"
  cat <<SQL
INSERT INTO member_marginals (office_code, dim, val, n)
  SELECT m.office_code, d.seq, $val, COUNT(*) FROM members m STRAIGHT_JOIN seq_1_to_8 d
  WHERE m.office_code = '$1' AND m.status = 'active' GROUP BY 1, 2, 3
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);
INSERT INTO member_flows (office_code, yr, dim, val, n)
  SELECT x.office_code, x.yr, x.dim, x.v, SUM(x.n) FROM (
    SELECT m.office_code, $yin yr, d.seq dim, $val v, 1 n FROM members m STRAIGHT_JOIN seq_1_to_8 d WHERE m.office_code = '$1'
    UNION ALL
    SELECT m.office_code, IF(m.status_on IS NULL, $yin, GREATEST($yin, YEAR(m.status_on))), d.seq, $val, -1
    FROM members m STRAIGHT_JOIN seq_1_to_8 d WHERE m.office_code = '$1' AND m.status <> 'active') x
  GROUP BY 1, 2, 3, 4
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);
SQL
}
office_code() { printf '65%02d%02d' $((1 + $1 / 20)) $((1 + $1 % 20)); } # as yinhui-gen bulk names them

if ! complete $small 10; then
  echo "bench-10m: generating $small (10 offices x $per, triggers on)..." >&2
  fresh_db $small
  t0=$(date +%s)
  YH_DB_NAME=$small build/yinhui-gen bulk 0 10 $per >&2
  db_cli $small -e "INSERT INTO bench_state VALUES ('seconds', $(($(date +%s) - t0))), ('complete', 10)"
fi
if ! complete "$big" "$nbig"; then
  echo "bench-10m: generating $big ($nbig offices x $per, fast path)..." >&2
  fresh_db "$big"
  t0=$(date +%s)
  # the member triggers, as migrated, to be put back afterwards
  if [ -n "${YH_DB_SOCKET:-}" ]; then at=(-S "$YH_DB_SOCKET"); else at=(-h "${YH_DB_HOST:-127.0.0.1}" -P "${YH_DB_PORT:-3307}"); fi
  mariadb-dump --no-defaults "${at[@]}" -u"${YH_DB_USER:-root}" ${YH_DB_PASSWORD:+-p"$YH_DB_PASSWORD"} \
    --no-data --no-create-info --triggers --skip-opt "$big" members |
    # only the marginals' three (the branch counts' triggers of sql/0058 stay on: cheap)
    awk '/^DELIMITER ;;$/ {blk = $0 ORS; inb = 1; next}
         inb {blk = blk $0 ORS; if ($0 ~ /^DELIMITER ;$/) {if (blk ~ /tr_members_marginals_/) printf "%s", blk; inb = 0}; next}
         {print}' > build/bench/member_triggers.sql
  grep -c 'CREATE.*TRIGGER' build/bench/member_triggers.sql | grep -qx 3 || { echo "bench-10m: expected 3 member triggers" >&2; exit 1; }
  db_cli "$big" -e "DROP TRIGGER tr_members_marginals_ins; DROP TRIGGER tr_members_marginals_upd; DROP TRIGGER tr_members_marginals_del"
  # BENCH10M_JOBS generators side by side, each on its own range of offices (the first
  # from office 0, as in the 100k database); the counts likewise
  jobs=${BENCH10M_JOBS:-2}; chunk=$(( (nbig + jobs - 1) / jobs )); pids=()
  for j in $(seq 0 $((jobs - 1))); do
    from=$((j * chunk)); n=$(( nbig - from < chunk ? nbig - from : chunk ))
    [ $n -gt 0 ] && { YH_DB_NAME=$big build/yinhui-gen bulk $from $n $per >&2 & pids+=($!); }
    # the others start once the first has created the province and office 650101 (two
    # creating the same office at once deadlock)
    until [ "$(db_cli "$big" -N -e "SELECT COUNT(*) FROM offices WHERE code = '650101'")" = 1 ]; do
      kill -0 "${pids[0]}" 2>/dev/null || { echo "bench-10m: yinhui-gen failed" >&2; exit 1; }
      sleep 0.2
    done
  done
  for p in "${pids[@]}"; do wait "$p"; done
  t1=$(date +%s)
  echo "bench-10m: counting (set-based, per office)..." >&2
  pids=()
  for j in $(seq 0 $((jobs - 1))); do
    from=$((j * chunk)); to=$(( (j + 1) * chunk < nbig ? (j + 1) * chunk : nbig ))
    [ $to -gt $from ] && { for i in $(seq $from $((to - 1))); do counts_sql "$(office_code "$i")"; done | db_cli "$big" & pids+=($!); }
  done
  for p in "${pids[@]}"; do wait "$p"; done
  db_cli "$big" < build/bench/member_triggers.sql
  db_cli "$big" -e "ANALYZE TABLE members, memberships" >/dev/null
  t2=$(date +%s)
  db_cli "$big" -e "INSERT INTO bench_state VALUES ('gen_seconds', $((t1 - t0))), ('count_seconds', $((t2 - t1)))"
  # the counts: every dimension of every office sums to its active members, and the 10
  # offices shared with the 100k database (same members) have the very rows the triggers
  # kept there, marginals and flows
  bad=$(db_cli "$big" -N -e "
    SELECT COUNT(*) FROM (SELECT g.office_code, g.dim FROM member_marginals g
      JOIN (SELECT office_code, COUNT(*) n FROM members WHERE status = 'active' GROUP BY office_code) a USING (office_code)
      GROUP BY g.office_code, g.dim, a.n HAVING SUM(g.n) <> a.n) x;")
  shared="office_code BETWEEN '650101' AND '650110'"
  diff=$(db_cli -N -e "
    SELECT COUNT(*) FROM (
      (SELECT office_code, dim, val, n FROM $big.member_marginals WHERE $shared
       EXCEPT SELECT office_code, dim, val, n FROM $small.member_marginals WHERE $shared)
      UNION ALL
      (SELECT office_code, dim, val, n FROM $small.member_marginals WHERE $shared
       EXCEPT SELECT office_code, dim, val, n FROM $big.member_marginals WHERE $shared)
      UNION ALL
      (SELECT office_code, CONCAT(yr, '/', dim), val, n FROM $big.member_flows WHERE $shared
       EXCEPT SELECT office_code, CONCAT(yr, '/', dim), val, n FROM $small.member_flows WHERE $shared)
      UNION ALL
      (SELECT office_code, CONCAT(yr, '/', dim), val, n FROM $small.member_flows WHERE $shared
       EXCEPT SELECT office_code, CONCAT(yr, '/', dim), val, n FROM $big.member_flows WHERE $shared)) x;")
  rows_small=$(db_cli -N -e "SELECT COUNT(*) FROM $small.member_marginals WHERE $shared")
  if [ "$bad" != 0 ] || [ "$diff" != 0 ] || [ "$rows_small" = 0 ]; then
    echo "bench-10m: counts wrong: $bad office dimensions off, $diff rows differ from the triggers' ($rows_small)" >&2
    exit 1
  fi
  echo "bench-10m: counts checked: every dimension sums to the members, the shared offices equal the triggers' ($rows_small marginal rows)" >&2
  db_cli "$big" -e "INSERT INTO bench_state VALUES ('complete', $nbig)"
fi

# BENCH10M_GEN_ONLY=1: generate (or keep) the two databases and stop (bench/ops.sh ddl
# uses a 1M slice: BENCH10M_OFFICES=100 BENCH10M_DB=yinhui_bench1m)
[ "${BENCH10M_GEN_ONLY:-0}" = 1 ] && exit 0
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
ps=$(port); pb=$(port)
YH_DB_NAME=$small YH_LISTEN=127.0.0.1:$ps YH_THREADS=128 YH_CACHE=0 build/yinhui serve > build/bench/api-100k.log 2>&1 &
as=$!
YH_DB_NAME=$big YH_LISTEN=127.0.0.1:$pb YH_THREADS=128 YH_CACHE=0 build/yinhui serve > build/bench/api-10m.log 2>&1 &
ab=$!
trap 'kill $as $ab 2>/dev/null; wait 2>/dev/null' EXIT
for p in $ps $pb; do until curl -fs http://127.0.0.1:$p/healthz >/dev/null; do sleep 0.1; done; done
measure() { # db port label
  local tok bid url out
  tok=$(YH_DB_NAME=$1 build/yinhui token 650101 admin)
  bid=$(db_cli "$1" -N -e "SELECT MIN(id) FROM branches WHERE office_code = '650101' AND level = 'branch'")
  url="http://127.0.0.1:$2/v1/members?branch=$bid&limit=20"
  wrk -t2 -c"$conns" -d2s -H "Authorization: Bearer $tok" "$url" >/dev/null # warm the buffer pool
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -H "Authorization: Bearer $tok" "$url")
  echo "$3|$(echo "$out" | awk '/Requests\/sec/ {print $2}')|$(echo "$out" | awk '$1=="50%" {print $2}')|$(echo "$out" | awk '$1=="99%" {print $2}')|$(echo "$out" | awk '/Non-2xx/ {print $5}')"
}
members() { db_cli "$1" -N -e "SELECT COUNT(*) FROM members"; }
r_small=$(measure $small "$ps" "GET /v1/members?branch=&limit=20, cache off, $(members $small) members")
r_big=$(measure "$big" "$pb" "GET /v1/members?branch=&limit=20, cache off, $(members "$big") members")
to_ms() { python3 -c "import re,sys;v,u=re.match(r'([0-9.]+)(us|ms|s)',sys.argv[1]).groups();print(float(v)*{'us':0.001,'ms':1,'s':1000}[u])" "$1"; }
state() { db_cli "$1" -N -e "SELECT GROUP_CONCAT(CONCAT(what, ' ', n) ORDER BY what SEPARATOR ', ') FROM bench_state"; }
{
  echo "wrk -t2 -c$conns -d${secs}s on loopback, office 650101 (10,000 members, 25 branches), one service per database."
  echo
  echo "| scenario | req/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|"
  for r in "$r_small" "$r_big"; do IFS='|' read -r n rps p50 p99 bad <<<"$r"; echo "| $n | $rps | $p50 | $p99 | ${bad:-0} |"; done
  echo
  echo "p99 at $(members "$big") / p99 at $(members $small) = $(python3 -c "import sys;print(f'{float(sys.argv[1])/float(sys.argv[2]):.2f}')" \
    "$(to_ms "$(echo "$r_big" | cut -d'|' -f4)")" "$(to_ms "$(echo "$r_small" | cut -d'|' -f4)")") (target <= 1.5)"
  echo "Generation (seconds): $small: $(state $small); $big: $(state "$big")"
} | tee build/bench/results-10m.md
