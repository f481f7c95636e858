#!/usr/bin/env bash
# A MariaDB primary and a replica on loopback, replicating with GTID (the tests' pair; the
# private server of scripts/services.sh keeps its binary log off).
#   scripts/replica.sh start DIR PRIMARY_PORT REPLICA_PORT   init (once) and start both, replicating
#   scripts/replica.sh stop DIR                              stop both
#   scripts/replica.sh env DIR                               the YH_DB_* and YH_DB_REPLICA_* settings (for eval)
#   scripts/replica.sh sql DIR primary|replica [ARGS...]     the mariadb client on one of them
#   scripts/replica.sh kill DIR replica                      SIGKILL the replica (a crash)
#   scripts/replica.sh up DIR replica                        start it again (after kill or stop)
#   scripts/replica.sh destroy DIR                           SIGKILL both and remove their data (DIR/template,
#                                                            the initialised data folder, stays for the next start)
# DIR holds the data, the logs and the ports. The sockets live in a short folder under /tmp
# (unix socket paths are limited to 107 bytes): scripts/replica.sh env prints it.
set -euo pipefail

usage() { echo "usage: $0 start DIR PRIMARY_PORT REPLICA_PORT | stop DIR | destroy DIR | env DIR | sql DIR primary|replica [ARGS] | kill DIR replica | up DIR replica" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1 dir=$2
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
sockdir="/tmp/yhr-$(printf '%s' "$dir" | sha256sum | cut -c1-12)"

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
sock() { echo "$sockdir/$1.sock"; }
port() { cat "$dir/$1.port"; }
cli() { local n=$1; shift; mariadb --no-defaults --socket="$(sock "$n")" -uroot "$@"; }

# mariadbd as scripts/services.sh runs it, with the flags of a primary or a replica.
start_one() {
  local n=$1 id=$2; shift 2
  local d="$dir/$n"
  mkdir -p "$d" "$sockdir"
  alive "$d/mysqld.pid" && return 0
  if [ ! -d "$d/data/mysql" ]; then
    # one mariadb-install-db (the slow part) for both servers
    if [ ! -d "$dir/template/mysql" ]; then
      rm -rf "$dir/template"
      mariadb-install-db --no-defaults --user=root --datadir="$dir/template" --innodb-log-file-size=8M \
        --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 ||
        { echo "replica.sh: mariadb-install-db failed, see $dir/install.log" >&2; exit 1; }
    fi
    rm -rf "$d/data"
    cp -a "$dir/template" "$d/data"
  fi
  mariadbd --no-defaults --user=root --datadir="$d/data" --socket="$(sock "$n")" \
    --port="$(port "$n")" --bind-address=127.0.0.1 --pid-file="$d/mysqld.pid" \
    --log-error="$d/mysqld.err" --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --max-connections=500 --innodb-buffer-pool-size=64M --innodb-log-file-size=8M --innodb-flush-log-at-trx-commit=2 \
    --server-id="$id" --log-bin=mysql-bin --binlog-format=ROW --log-slave-updates "$@" \
    >/dev/null 2>&1 &
  for _ in $(seq 1 300); do
    mariadb-admin --no-defaults --socket="$(sock "$n")" -uroot ping >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "replica.sh: $n did not start, see $d/mysqld.err" >&2; exit 1
}

# The replica follows the primary from the position it has applied (slave_pos): a fresh
# pair starts from the primary's first transaction.
replicate() {
  cli replica -e "STOP SLAVE; CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$(port primary),
    MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1;
    START SLAVE"
  for _ in $(seq 1 200); do
    [ "$(cli replica -N -e "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS
      WHERE VARIABLE_NAME = 'SLAVE_RUNNING'")" = ON ] && return 0
    sleep 0.05
  done
  echo "replica.sh: replication did not start, see $dir/replica/mysqld.err" >&2; exit 1
}

stop_one() {
  local pidf="$dir/$1/mysqld.pid"
  alive "$pidf" || return 0
  local pid; pid=$(cat "$pidf")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 400); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.05; done
  kill -9 "$pid" 2>/dev/null || true
}

case "$cmd" in
  start)
    [ $# -eq 4 ] || usage
    echo "$3" > "$dir/primary.port"; echo "$4" > "$dir/replica.port"
    start_one primary 1
    # read_only: only the replication thread (and SUPER) write; the service's replica
    # connections are read-only transactions besides
    start_one replica 2 --read-only=1 --skip-slave-start
    replicate ;;
  stop) stop_one replica; stop_one primary ;;
  destroy)
    for n in replica primary; do
      alive "$dir/$n/mysqld.pid" && kill -9 "$(cat "$dir/$n/mysqld.pid")"
      for _ in $(seq 1 200); do alive "$dir/$n/mysqld.pid" || break; sleep 0.05; done
      rm -rf "${dir:?}/$n"
    done ;;
  env)
    echo "export YH_DB_HOST=127.0.0.1 YH_DB_PORT=$(port primary) YH_DB_SOCKET='$(sock primary)' YH_DB_USER=root"
    echo "export YH_DB_REPLICA_HOST=127.0.0.1 YH_DB_REPLICA_PORT=$(port replica) YH_DB_REPLICA_SOCKET='$(sock replica)'" ;;
  sql) [ $# -ge 3 ] || usage; n=$3; shift 3; cli "$n" "$@" ;;
  kill)
    [ "${3:-}" = replica ] || usage
    alive "$dir/replica/mysqld.pid" && kill -9 "$(cat "$dir/replica/mysqld.pid")"
    for _ in $(seq 1 200); do alive "$dir/replica/mysqld.pid" || exit 0; sleep 0.05; done ;;
  up)
    [ "${3:-}" = replica ] || usage
    start_one replica 2 --read-only=1 --skip-slave-start
    cli replica -e "START SLAVE" ;;
  *) usage ;;
esac
