# Sourced, not run (make test runs tests/checks/*.sh only), by the checks that need the
# built service (client.sh, docs.sh, drain.sh, promtool.sh), from the checkout's top folder.
# start_service NAME [VAR=value ...]: starts $B/yinhui serve on a free loopback port with
# make test's environment (plus the given variables), its log in $logs/NAME-server.log,
# and waits until /healthz answers; sets port and service_pid; the EXIT trap stops it.
# http_get PATH: the response (status line, headers, body) of GET PATH on that port,
# through bash's /dev/tcp (no curl needed).
# Alone (not under make test), the private servers' settings come from scripts/env.sh with
# the YH_PRIVATE_* ports; the database is yinhui_test unless YH_DB_NAME says otherwise.
B=${B:-build}
if [ -z "${YH_REDIS_PASSWORD:-}" ]; then
  : "${YH_PRIVATE_DB_PORT:?set YH_PRIVATE_DB_PORT and YH_PRIVATE_REDIS_PORT (or run make test)}"
  . scripts/env.sh
fi
export YH_DB_NAME=${YH_DB_NAME:-yinhui_test}
logs=${YH_TEST_LOG_DIR:-$PWD/$B/test-logs}
mkdir -p "$logs"
service_pid=
stop_service() {
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
  service_pid=
}
http_get() {
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&3
  cat <&3
  exec 3<&-
}
start_service() {
  local name=$1 p log try
  shift
  log="$logs/$name-server.log"
  # below the kernel's ephemeral range (32768-60999), where a client connection's own port
  # looks free to the connect test and still cannot be bound; and a port taken between the
  # test and the bind (the lanes start servers at the same time) is retried on another
  for try in 1 2 3 4 5; do
    port=
    for _ in $(seq 1 50); do
      p=$((20000 + RANDOM % 12000))
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { port=$p; break; }
    done
    [ -n "$port" ] || { echo "$name: no free port"; return 1; }
    env "$@" YH_LISTEN="127.0.0.1:$port" "$B/yinhui" serve >"$log" 2>&1 &
    service_pid=$!
    for _ in $(seq 1 600); do
      case "$(http_get /healthz 2>/dev/null)" in *'"status":"ok"'*) return 0 ;; esac
      if ! kill -0 "$service_pid" 2>/dev/null; then
        service_pid=
        grep -q 'cannot listen' "$log" && [ $try -lt 5 ] && continue 2
        echo "$name: the service did not start:"; tail -5 "$log"; return 1
      fi
      sleep 0.05
    done
    echo "$name: the service did not answer /healthz (see $log)"
    return 1
  done
}
