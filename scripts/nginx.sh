#!/usr/bin/env bash
# deploy/nginx.conf on this machine: its compose upstreams replaced by loopback ports, its
# logs and pid file under DIR. The one way the tests, the test lanes and the bench start it.
#   scripts/nginx.sh start DIR PORT UPSTREAM_PORT... [--no-rate-limit]
#       writes DIR/nginx.conf, starts nginx on 127.0.0.1:PORT (logs in DIR/logs/) and
#       waits until it answers /healthz (through an upstream: start them first; when
#       none answers in 10 s it fails, nginx left running for stop). --no-rate-limit leaves out the per-IP limit
#       (50 r/s): every request of a load generator comes from 127.0.0.1.
#   scripts/nginx.sh stop DIR
#   scripts/nginx.sh split DIR
#       requests per upstream in DIR/logs/yinhui.log, one line each: "<count> <address>"
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

start() {
  local dir=$1 port=$2; shift 2
  local ups=() limit=keep
  for a in "$@"; do
    if [ "$a" = --no-rate-limit ]; then limit=drop; else ups+=("$a"); fi
  done
  [ ${#ups[@]} -ge 1 ] || { echo "nginx.sh: start needs at least one upstream port" >&2; exit 2; }
  mkdir -p "$dir/logs"
  dir=$(cd "$dir" && pwd)
  local servers=""
  for u in "${ups[@]}"; do servers+="        server 127.0.0.1:$u;\n"; done
  # the UPSTREAMS line becomes one server line per port, the second compose line goes
  sed -e "s|^ *server api1:8080;.*|$servers|" -e '/^ *server api2:8080;/d' \
      -e "s|listen 80; .*|listen 127.0.0.1:$port;|" -e "s|/var/log/nginx/|$dir/logs/|" \
      -e "s|/tmp/yinhui-nginx.pid|$dir/nginx.pid|" \
      $( [ $limit = drop ] && printf '%s' "-e /limit_req\\s/d" ) \
      "$top/deploy/nginx.conf" > "$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" -g 'daemon on;'
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET /healthz HTTP/1.0\r\n\r\n' >&3 &&
        head -1 <&3 | grep -q ' 200 ') 2>/dev/null; then
      return 0
    fi
    sleep 0.05
  done
  echo "nginx.sh: nginx on $port did not answer /healthz, see $dir/logs/error.log" >&2
  exit 1
}

stop() {
  local dir=$1
  [ -s "$dir/nginx.pid" ] || return 0
  local pid; pid=$(cat "$dir/nginx.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.05; done
  kill -9 "$pid" 2>/dev/null || true
}

# the access log's last field is $upstream_addr (deploy/nginx.conf's log_format)
split() {
  awk '{print $NF}' "$1/logs/yinhui.log" | sort | uniq -c | sort -rn
}

case "${1:-}" in
  start) shift; [ $# -ge 3 ] || { echo "usage: $0 start DIR PORT UPSTREAM_PORT... [--no-rate-limit]" >&2; exit 2; }
         start "$@" ;;
  stop) [ $# -eq 2 ] || { echo "usage: $0 stop DIR" >&2; exit 2; }; stop "$2" ;;
  split) [ $# -eq 2 ] || { echo "usage: $0 split DIR" >&2; exit 2; }; split "$2" ;;
  *) echo "usage: $0 start|stop|split DIR ..." >&2; exit 2 ;;
esac
