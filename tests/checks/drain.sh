#!/usr/bin/env bash
# The graceful stop (YH_DRAIN_MS, service/platform/server.c): after SIGTERM a new
# connection is refused at once (nginx then tries the next upstream, a POST too), a
# request on a connection opened before is answered in full with Connection: close (nginx
# then closes it rather than send it another request), and the process then stops. A rolling restart behind
# nginx with zero failed requests rests on these (bench/ops.sh data measures it).
# Run by make test (B, the private servers' env, YH_TEST_LOG_DIR set).
# Alone: YH_PRIVATE_DB_PORT=.. YH_PRIVATE_REDIS_PORT=.. bash tests/checks/drain.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/checks/lib/service.sh
trap stop_service EXIT
start_service drain YH_DRAIN_MS=3000
python3 - "$port" "$service_pid" <<'PY'
import os, signal, socket, sys, time
port, pid = int(sys.argv[1]), int(sys.argv[2])
def ask(s):
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            sys.exit("drain: the connection closed before a response")
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    n = int([l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0])
    while len(body) < n:
        body += s.recv(4096)
    return head.decode()
s = socket.create_connection(("127.0.0.1", port), timeout=10)  # a hang fails, never holds CI
head = ask(s)
if " 200 " not in head.split("\r\n")[0] or "connection: close" in head.lower():
    sys.exit("drain: before SIGTERM: " + head)
os.kill(pid, signal.SIGTERM)
time.sleep(0.5)  # well inside the 3 s drain
try:
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
    sys.exit("drain: a new connection was accepted after SIGTERM")
except ConnectionRefusedError:
    pass
head = ask(s)
if " 200 " not in head.split("\r\n")[0] or "connection: close" not in head.lower():
    sys.exit("drain: the kept-alive connection after SIGTERM: " + head)
s.close()  # as nginx does after Connection: close (Civetweb itself keeps it until mg_stop)
print("drain: ok (new connection refused at once, the kept-alive one answered with Connection: close)")
PY
# and the process stops once the drain is over
for _ in $(seq 1 200); do kill -0 "$service_pid" 2>/dev/null || exit 0; sleep 0.05; done
echo "drain: the process did not stop within 10 s of SIGTERM"
exit 1
