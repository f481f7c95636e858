#!/usr/bin/env bash
# Private MariaDB and Redis for development and tests, under .run/ of this checkout.
#   scripts/services.sh start   start what is not running (prints nothing else)
#   scripts/services.sh stop    stop both
#   scripts/services.sh env     print the YH_* settings that reach them (for eval)
# With YH_DB_HOST or YH_DB_SOCKET set, MariaDB is not started; with YH_REDIS_HOST set,
# Redis is not started: the settings point at existing servers.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
run="$top/.run"
# Unix sockets are limited to 107 bytes and CI clones wherever it likes: the socket
# lives in a short folder under /tmp named after a hash of the checkout path.
sockdir="/tmp/yh-$(printf '%s' "$top" | sha256sum | cut -c1-12)"
sock="$sockdir/mysqld.sock"
db_port=${YH_PRIVATE_DB_PORT:-3307}
redis_port=${YH_PRIVATE_REDIS_PORT:-6380}

if [ ${#sock} -gt 107 ]; then
  echo "services: socket path $sock is longer than 107 bytes" >&2; exit 1
fi

# YH_PRIVATE marks settings that this script printed itself.
db_external() { [ -z "${YH_PRIVATE:-}" ] && { [ -n "${YH_DB_HOST:-}" ] || [ -n "${YH_DB_SOCKET:-}" ]; }; }
redis_external() { [ -z "${YH_PRIVATE:-}" ] && [ -n "${YH_REDIS_HOST:-}" ]; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_db() {
  mkdir -p "$run/mariadb" "$sockdir"
  if alive "$run/mariadb/mysqld.pid" && mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1; then
    return 0
  fi
  if [ ! -d "$run/mariadb/data/mysql" ]; then
    rm -rf "$run/mariadb/data"
    mariadb-install-db --no-defaults --user=root --datadir="$run/mariadb/data" \
      --auth-root-authentication-method=normal --skip-test-db >"$run/mariadb/install.log" 2>&1 ||
      { echo "services: mariadb-install-db failed, see $run/mariadb/install.log" >&2; exit 1; }
  fi
  mariadbd --no-defaults --user=root --datadir="$run/mariadb/data" --socket="$sock" \
    --port="$db_port" --bind-address=127.0.0.1 --pid-file="$run/mariadb/mysqld.pid" \
    --log-error="$run/mariadb/mysqld.err" --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --max-connections=500 --innodb-buffer-pool-size=512M --innodb-flush-log-at-trx-commit=2 \
    >/dev/null 2>&1 &
  for _ in $(seq 1 300); do
    mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "services: MariaDB did not start, see $run/mariadb/mysqld.err" >&2; exit 1
}

# The private Redis requires a password, generated once under .run/ like the demo keys.
redis_pass() {
  mkdir -p "$run"
  [ -s "$run/redis.pass" ] || (umask 077; openssl rand -hex 24 > "$run/redis.pass")
  cat "$run/redis.pass"
}
# redis-cli against the private server with the password (from the environment, not argv)
rcli() { REDISCLI_AUTH="$(redis_pass)" redis-cli -h 127.0.0.1 -p "$redis_port" "$@"; }
# answers with our password and refuses without one
redis_guarded() {
  [ "$(rcli ping 2>/dev/null)" = PONG ] &&
    env -u REDISCLI_AUTH redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null | grep -q NOAUTH
}

start_redis() {
  mkdir -p "$run/redis"
  local pw; pw=$(redis_pass)
  if alive "$run/redis/redis.pid"; then
    redis_guarded && return 0
    # an older checkout left it running without a password: require ours from now on
    # (CONFIG SET is not persisted; the next start passes requirepass)
    if [ "$(env -u REDISCLI_AUTH redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null)" = PONG ]; then
      printf %s "$pw" | env -u REDISCLI_AUTH redis-cli -h 127.0.0.1 -p "$redis_port" -x config set requirepass \
        >/dev/null 2>&1 || true
      redis_guarded && return 0
    fi
    # running with a password we no longer know: restart it with ours
    stop_pid "$run/redis/redis.pid"
  fi
  # the password goes in through stdin, not the command line that ps shows
  printf 'requirepass %s\n' "$pw" | redis-server - --bind 127.0.0.1 --port "$redis_port" \
    --appendonly yes --appendfsync everysec \
    --dir "$run/redis" --daemonize yes --pidfile "$run/redis/redis.pid" \
    --logfile "$run/redis/redis.log" --save "" >/dev/null
  for _ in $(seq 1 200); do
    redis_guarded && return 0
    sleep 0.05
  done
  echo "services: Redis did not start, see $run/redis/redis.log" >&2; exit 1
}

stop_pid() {
  local pidf=$1
  alive "$pidf" || return 0
  local pid; pid=$(cat "$pidf")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.05; done
  kill -9 "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start)
    db_external || start_db
    redis_external || start_redis ;;
  stop)
    stop_pid "$run/mariadb/mysqld.pid"
    stop_pid "$run/redis/redis.pid" ;;
  env)
    echo "export YH_PRIVATE=1"
    if ! db_external; then
      echo "export YH_DB_SOCKET='$sock' YH_DB_HOST=127.0.0.1 YH_DB_PORT=$db_port YH_DB_USER=root"
    fi
    if ! redis_external; then
      echo "export YH_REDIS_HOST=127.0.0.1 YH_REDIS_PORT=$redis_port"
      # REDISCLI_AUTH: redis-cli in scripts and tests authenticates with the same password
      echo "export YH_REDIS_PASSWORD=$(redis_pass) REDISCLI_AUTH=$(redis_pass)"
    fi
    # Demo secrets live under .run/, never in the repository.
    mkdir -p "$run"
    [ -s "$run/master.key" ] || openssl rand -hex 32 > "$run/master.key"
    [ -n "${YH_MASTER_KEY:-}" ] || echo "export YH_MASTER_KEY=$(cat "$run/master.key")"
    [ -s "$run/data.key" ] || openssl rand -hex 32 > "$run/data.key"
    [ -n "${YH_DATA_KEY:-}" ] || echo "export YH_DATA_KEY=$(cat "$run/data.key")"
    [ -s "$run/pii_hmac.key" ] || openssl rand -hex 32 > "$run/pii_hmac.key"
    [ -n "${YH_PII_HMAC_KEY:-}" ] || echo "export YH_PII_HMAC_KEY=$(cat "$run/pii_hmac.key")" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
