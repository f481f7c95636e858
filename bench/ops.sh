#!/usr/bin/env bash
# make bench-ops: changes under load (issue 19), each with real servers on loopback: two
# service processes (A, B) behind deploy/nginx.conf (scripts/nginx.sh, per-IP limit left
# out as in make bench), wrk driving bench/ops.lua through nginx, and the counts printed:
# requests, non-2xx/3xx responses, socket errors, timeouts, every status seen.
#   bench/ops.sh keys   `yinhui key rotate` during token issuance and authenticated reads;
#                       then the old key's tokens verify until their expiry, and the
#                       retired key is refused after (waits out the grace, ~70 s)
#   bench/ops.sh data   rolling restart of A and B with the new YH_DATA_KEY (and the old
#                       one as YH_DATA_KEY_OLD), then `yinhui key rotate-data`, while
#                       members are written; then every sealed column's key ids in SQL
#   bench/ops.sh ddl    `yinhui migrate` of a bench-only migration (a column and an index
#                       on members, online DDL) on 1M members while they are read and
#                       written; the migration's time. The 1M members are generated once
#                       (bench/run10m.sh's fast path, yinhui_bench1m) and kept; the
#                       migration is undone after the run
#   bench/ops.sh all    the three (default)
# wrk runs: keys OPS_SECONDS (default 30), data 4 x OPS_ROLL_GAP + 12 (default 60), ddl
# OPS_DDL_SECONDS (default 60); OPS_CONNS (default 32) connections. Exit status 1 when any
# run saw a failed request or a check failed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
secs=${OPS_SECONDS:-30}; conns=${OPS_CONNS:-32}
out=build/bench/ops
mkdir -p "$out"
export YH_THREADS=128 YH_ACCESS_LOG=0
failed=0
pids=()
trap '[ -z "${ngx:-}" ] || scripts/nginx.sh stop $ngx; for p in "${pids[@]}"; do kill $p 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
say() { echo "ops: $*" >&2; }
# start_api NAME PORT [VAR=VALUE...]: a service process (its pid in api_NAME), answering
start_api() {
  local name=$1 port=$2; shift 2
  env "$@" YH_LISTEN=127.0.0.1:$port build/yinhui serve >> "$out/api-$name.log" 2>&1 &
  printf -v "api_$name" %s $!
  pids+=($!)
  until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.05; done
}
# stop_api NAME: SIGTERM, then wait for the process to end (a graceful stop)
stop_api() {
  local v="api_$1"
  kill -TERM "${!v}"
  while kill -0 "${!v}" 2>/dev/null; do sleep 0.05; done
}
fresh_db() { # database: migrated and seeded (the demo offices)
  db_cli -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  YH_DB_NAME=$1 build/yinhui migrate >/dev/null 2>&1
  YH_DB_NAME=$1 YH_BIN=build/yinhui scripts/seed.sh >/dev/null
}
# two processes and nginx in front of them; ports in pa, pb, pn
start_pair() { # VAR=VALUE... for both
  pa=$(free_port); pb=$(free_port); pn=$(free_port)
  start_api a "$pa" "$@"
  start_api b "$pb" "$@"
  ngx=$out/nginx-$scenario
  rm -rf "$ngx"
  scripts/nginx.sh start "$ngx" "$pn" "$pa" "$pb" --no-rate-limit
}
stop_pair() {
  scripts/nginx.sh stop "$ngx"
  stop_api a
  stop_api b
}
# wrk_start NAME [VAR=VALUE...]: wrk through nginx with bench/ops.lua (OPS_* settings),
# in the background (wrk_pid); wrk_counts NAME prints the counts when it has ended
wrk_start() {
  local name=$1; shift
  env "$@" wrk -t2 -c"$conns" -d"${run_secs:-$secs}s" --timeout 10s -s bench/ops.lua "http://127.0.0.1:$pn" > "$out/wrk-$name.out" 2>&1 &
  wrk_pid=$!
}
wrk_counts() { # NAME label
  wait "$wrk_pid" || true
  local f=$out/wrk-$1.out req non2xx sock tmo
  req=$(awk '/requests in/ {print $1}' "$f")
  non2xx=$(awk '/Non-2xx or 3xx/ {print $5}' "$f")
  # Socket errors: connect C, read R, write W, timeout T
  sock=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8}' "$f")
  tmo=$(awk '/Socket errors/ {print $10}' "$f")
  echo "$2: requests ${req:-0}, non-2xx/3xx ${non2xx:-0}, socket errors ${sock:-0}, timeouts ${tmo:-0} ($(grep '^statuses:' "$f"))"
  # what nginx logged beside the refused connects it retried on the other process
  echo "  nginx: $(grep -c 'connect() failed (111' "$ngx/logs/error.log") refused connects (retried on the other process), $(grep -vc 'connect() failed (111' "$ngx/logs/error.log") other errors$(grep -v 'connect() failed (111' "$ngx/logs/error.log" | sed 's/.*\] [0-9#]*: \*[0-9]* /; /; s/, client: [^,]*, server: [^,]*//' | sort | uniq -c | sort -rn | head -5 | tr '\n' ' ')"
  if [ -z "$req" ] || [ "${non2xx:-0}" != 0 ] || [ "${sock:-0}" != 0 ] || [ "${tmo:-0}" != 0 ]; then failed=1; fi
}
check() { # description command...: prints ok/FAILED
  if "${@:2}"; then echo "  ok: $1"; else echo "  FAILED: $1"; failed=1; fi
}
status_is() { # code url token
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $3" "$2")" = "$1" ]
}
kid_of() { # token -> the kid of its header
  python3 -c 'import base64,json,sys;h=sys.argv[1].split(".")[0];print(json.loads(base64.urlsafe_b64decode(h+"="*(-len(h)%4)))["kid"])' "$1"
}
issue_token() { # client_id client_secret -> an access token, through nginx
  curl -fs -X POST -d "grant_type=client_credentials&client_id=$1&client_secret=$2" "http://127.0.0.1:$pn/v1/auth/token" |
    python3 -c 'import json,sys;print(json.load(sys.stdin)["access_token"])'
}
new_client() { # port -> "client_id client_secret" of a new offices:read client of 532801
  curl -fs -X POST -H "Authorization: Bearer $(build/yinhui token 532801 admin)" -H 'Content-Type: application/json' \
    -d '{"name":"ops","scope":"offices:read"}' "http://127.0.0.1:$1/v1/clients" |
    python3 -c 'import json,sys;d=json.load(sys.stdin);print(d["client_id"], d["client_secret"])'
}

# --- key rotation -------------------------------------------------------------------
# Tokens live 60 s (the least YH_ACCESS_TTL_S), no skew, key table reloaded every 2 s: the
# rotated-out key retires 62 s after the rotation (keys_rotate: access TTL + skew +
# refresh). wrk: token issuance (client credentials: the reads that follow carry the token
# just issued, by either process), reads with it, and reads with a token minted before the
# rotation; `yinhui key rotate 532801` a third into the run.
ops_keys() {
  export YH_DB_NAME=yinhui_ops_keys scenario=keys
  local ttl=(YH_ACCESS_TTL_S=60 YH_CLOCK_SKEW_S=0 YH_KEY_REFRESH_S=2) cid sec tok_old tok_long kid_old kid_new left fresh p
  say "keys: fresh database $YH_DB_NAME"
  fresh_db $YH_DB_NAME
  start_pair "${ttl[@]}"
  read -r cid sec < <(new_client "$pa")
  tok_old=$(env "${ttl[@]}" build/yinhui token 532801 admin)
  # signed by the same key but valid an hour: outlives the key's retirement
  tok_long=$(env YH_ACCESS_TTL_S=3600 build/yinhui token 532801 admin)
  kid_old=$(kid_of "$tok_old")
  wrk_start keys OPS_MIX=token,read,read,old OPS_TOKEN="$tok_old" OPS_READ_PATHS="/v1/offices/532801" \
    OPS_TOKEN_BODY="grant_type=client_credentials&client_id=$cid&client_secret=$sec"
  sleep $((secs / 3))
  kid_new=$(env "${ttl[@]}" build/yinhui key rotate 532801 | awk '{print $3}')
  say "keys: rotated $kid_old -> $kid_new during the run"
  wrk_counts keys "key rotation under load (token issuance + reads through nginx, A and B)"
  fresh=$(issue_token "$cid" "$sec")
  check "a token issued after the run is signed by the new key ($kid_new)" [ "$(kid_of "$fresh")" = "$kid_new" ]
  for p in $pa $pb; do
    check "the old key's 60 s token verifies on :$p after the rotation" status_is 200 "http://127.0.0.1:$p/v1/offices/532801" "$tok_old"
    check "the old key's 1 h token verifies on :$p during the grace" status_is 200 "http://127.0.0.1:$p/v1/offices/532801" "$tok_long"
  done
  left=$(db_cli "$YH_DB_NAME" -N -e "SET time_zone = '+08:00'; SELECT IFNULL(CEIL(TIMESTAMPDIFF(MICROSECOND, NOW(3), not_after) / 1e6), -1) FROM office_keys WHERE kid = '$kid_old'")
  check "the old key is retiring (not_after set; ${left} s left)" [ "$left" -gt 0 ]
  [ "$left" -gt 0 ] || return 0
  say "keys: waiting ${left} s + 2 s refresh for the old key's retirement"
  sleep $((left + 3))
  for p in $pa $pb; do
    check "the retired key's 1 h token is refused on :$p" status_is 401 "http://127.0.0.1:$p/v1/offices/532801" "$tok_long"
    fresh=$(issue_token "$cid" "$sec")
    check "a token of the new key verifies on :$p" status_is 200 "http://127.0.0.1:$p/v1/offices/532801" "$fresh"
  done
  check "JWKS no longer lists the retired key" bash -c "! curl -fs 'http://127.0.0.1:$pn/v1/auth/jwks?office=532801' | grep -q '$kid_old'"
  stop_pair
}

# --- data-key rotation --------------------------------------------------------------
# key ids per sealed column: "table.column key:count ..." for every *_enc column (the
# signing keys' private_enc excepted: YH_MASTER_KEY seals them); the third byte of a
# sealed value is its key id (crypto_header)
sealed_key_ids() {
  local cols q
  cols=$(db_cli "$YH_DB_NAME" -N -e "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) FROM information_schema.COLUMNS
    WHERE TABLE_SCHEMA = '$YH_DB_NAME' AND COLUMN_NAME LIKE '%\\_enc' AND NOT (TABLE_NAME = 'office_keys' AND COLUMN_NAME = 'private_enc')")
  q=""
  for c in $cols; do
    q+="${q:+ UNION ALL }SELECT '$c', ORD(SUBSTRING(${c#*.}, 3, 1)), COUNT(*) FROM ${c%.*} WHERE ${c#*.} <> '' GROUP BY 2"
  done
  db_cli "$YH_DB_NAME" -N -e "$q" | awk '{k[$1] = k[$1] " key " $2 ": " $3} END {for (c in k) print c k[c]}' | sort
}
# The rolling restart: each process in turn stopped (SIGTERM: its listener closes, what
# is in flight finishes, its kept-alive connections close after their next response,
# YH_DRAIN_MS; nginx sends the refused connections to the other) and started again with
# the given keys. OPS_ROLL_GAP (default 12) seconds between: nginx counts the refusals
# and leaves the restarted process out for its fail_timeout (10 s, max_fails 1) — stop
# the other before it is back and nginx has no live upstream (502 to everything)
gap=${OPS_ROLL_GAP:-12}
roll() { # VAR=VALUE...
  sleep "$gap"; stop_api a; start_api a "$pa" "$@"
  sleep "$gap"; stop_api b; start_api b "$pb" "$@"
}
# wrk: new members (unique ID numbers) and reads of them, of an old member and of the
# list, while the keys roll: first every process learns the new key (still sealing under
# the old one: a process that cannot yet open the new key must never see a value sealed
# under it), then every process seals under the new key, then `yinhui key rotate-data`
ops_data() {
  export YH_DB_NAME=yinhui_ops_data scenario=data
  local old=$YH_DATA_KEY old_id=${YH_DATA_KEY_ID:-1} new new_id tok mid rc after
  new=$(openssl rand -hex 32); new_id=$((old_id % 255 + 1))
  say "data: fresh database $YH_DB_NAME"
  fresh_db $YH_DB_NAME
  start_pair
  local run_secs=$((4 * gap + 12))
  tok=$(build/yinhui token 532801 admin)
  mid=$(db_cli "$YH_DB_NAME" -N -e "SELECT MIN(id) FROM members WHERE office_code = '532801'")
  echo "data: sealed values before: $(sealed_key_ids | awk '{print $1}' | wc -l) columns, key ids $(sealed_key_ids | grep -o 'key [0-9]*' | sort -u | tr '\n' ' ')"
  wrk_start data OPS_MIX=write,mine,read,read OPS_TOKEN="$tok" OPS_READ_PATHS="/v1/members/$mid /v1/members?limit=20" \
    OPS_ID_BASE=0 OPS_ID_PREFIX=440104
  say "data: roll 1: every process reads key $new_id, seals under $old_id"
  roll YH_DATA_KEY="$old" YH_DATA_KEY_ID="$old_id" YH_DATA_KEY_OLD="$new" YH_DATA_KEY_OLD_ID="$new_id"
  say "data: roll 2: every process seals under $new_id, reads $old_id"
  roll YH_DATA_KEY="$new" YH_DATA_KEY_ID="$new_id" YH_DATA_KEY_OLD="$old" YH_DATA_KEY_OLD_ID="$old_id"
  rc=0
  YH_DATA_KEY="$new" YH_DATA_KEY_ID="$new_id" YH_DATA_KEY_OLD="$old" YH_DATA_KEY_OLD_ID="$old_id" \
    build/yinhui key rotate-data > "$out/rotate-data.out" 2>&1 || rc=$?
  say "data: rotate-data (exit $rc): $(head -1 "$out/rotate-data.out")"
  wrk_counts data "data-key rotation under writes (two rolling restarts + rotate-data, through nginx)"
  check "yinhui key rotate-data finished during the writes" [ "$rc" = 0 ]
  after=$(sealed_key_ids)
  echo "  sealed values by key id after the run:"
  sed 's/^/    /' <<<"$after"
  check "no sealed value left under key $old_id" bash -c '! grep -q "key $1:" <<<"$2"' _ "$old_id" "$after"
  echo "  members written during the run: $(db_cli "$YH_DB_NAME" -N -e "SELECT COUNT(*) FROM members WHERE name LIKE '压测%'")"
  stop_pair
}

# --- online DDL -----------------------------------------------------------------------
# The bench-only migration: a column (instant) and an index built with writes going on,
# each its own statement as sql/0059 does it; applied from a copy of sql/ plus this file
ddl_sql="-- bench/ops.sh ddl only (never in sql/): a column and an index on members, online
ALTER TABLE members ADD COLUMN ops_tag VARCHAR(20) NULL, ALGORITHM=INSTANT;
ALTER TABLE members ADD KEY ix_members_ops_tag (office_code, ops_tag), ALGORITHM=NOCOPY, LOCK=NONE;"
ddl_undo="ALTER TABLE members DROP KEY ix_members_ops_tag, ALGORITHM=NOCOPY, LOCK=NONE;
ALTER TABLE members DROP COLUMN ops_tag, ALGORITHM=INSTANT;
DELETE FROM schema_migrations WHERE name = '9001_ops_online_ddl.sql';"
ops_ddl() {
  export YH_DB_NAME=yinhui_bench1m scenario=ddl
  local t0 t1 sqldir tok mid bid base n rc
  t0=$(date +%s)
  BENCH10M_OFFICES=100 BENCH10M_DB=$YH_DB_NAME BENCH10M_GEN_ONLY=1 bench/run10m.sh
  t1=$(date +%s)
  echo "ddl: 1M members ready in $((t1 - t0)) s ($(db_cli "$YH_DB_NAME" -N -e "SELECT GROUP_CONCAT(CONCAT(what, ' ', n) SEPARATOR ', ') FROM bench_state") in the generation that made them)"
  # an earlier run stopped before its undo
  if [ -n "$(db_cli "$YH_DB_NAME" -N -e "SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '$YH_DB_NAME' AND TABLE_NAME = 'members' AND COLUMN_NAME = 'ops_tag'")" ]; then
    db_cli "$YH_DB_NAME" -e "$ddl_undo"
  fi
  n=$(db_cli "$YH_DB_NAME" -N -e "SELECT COUNT(*) FROM members")
  # ID numbers of earlier runs are not sent again
  base=$(db_cli "$YH_DB_NAME" -N -e "INSERT INTO bench_state VALUES ('ops_ids', 0) ON DUPLICATE KEY UPDATE n = n + 100000;
                       SELECT n FROM bench_state WHERE what = 'ops_ids'")
  sqldir=$(mktemp -d)
  cp sql/*.sql "$sqldir/"
  echo "$ddl_sql" > "$sqldir/9001_ops_online_ddl.sql"
  start_pair YH_CACHE=0
  # the migration starts 5 s in and took 26 s at 1M on the loaded machine: the load
  # outlasts it (OPS_DDL_SECONDS)
  local run_secs=${OPS_DDL_SECONDS:-60}
  tok=$(build/yinhui token 650101 admin)
  mid=$(db_cli "$YH_DB_NAME" -N -e "SELECT MIN(id) FROM members WHERE office_code = '650101'")
  bid=$(db_cli "$YH_DB_NAME" -N -e "SELECT MIN(id) FROM branches WHERE office_code = '650101' AND level = 'branch'")
  wrk_start ddl OPS_MIX=write,mine,read,read OPS_TOKEN="$tok" OPS_ID_BASE="$base" OPS_ID_PREFIX=440104 \
    OPS_READ_PATHS="/v1/members/$mid /v1/members?branch=$bid&limit=20"
  sleep 5
  rc=0
  t0=$(date +%s.%N)
  YH_SQL_DIR=$sqldir build/yinhui migrate > "$out/migrate.out" 2>&1 || rc=$?
  t1=$(date +%s.%N)
  say "ddl: migration done; the load goes on to its end"
  wrk_counts ddl "online DDL on $n members (a column and an index on members, reads and writes through nginx, cache off)"
  echo "  migration: $(python3 -c "print(f'{$t1 - $t0:.1f}')") s (yinhui migrate, exit $rc: the column instant, the index built online)"
  check "yinhui migrate applied the migration during the load" [ "$rc" = 0 ]
  check "the index is there" [ -n "$(db_cli "$YH_DB_NAME" -N -e "SHOW INDEX FROM members WHERE Key_name = 'ix_members_ops_tag'")" ]
  stop_pair
  rm -rf "$sqldir"
  t0=$(date +%s)
  db_cli "$YH_DB_NAME" -e "$ddl_undo"
  say "ddl: migration undone in $(($(date +%s) - t0)) s (the database is kept for the next run)"
}

case "${1:-all}" in
  keys) ops_keys ;;
  data) ops_data ;;
  ddl) ops_ddl ;;
  all) ops_keys; ops_data; ops_ddl ;;
  *) echo "usage: $0 [keys|data|ddl|all]" >&2; exit 2 ;;
esac
exit $failed
