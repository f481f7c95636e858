#!/usr/bin/env python3
"""The probe of bench/scaling.sh redis: bench/redis_restart.py PORT_A PORT_B PATH TOKEN DOWN OUT.
While wrk loads both processes: after 3 s, renames the member at PATH through A every 100 ms
(If-Match) and reads it through A and B every 50 ms; shuts Redis down (redis-cli shutdown:
the private Redis keeps its data in the append-only file, as a restarted or failed-over
Redis does), keeps it down DOWN seconds, starts it again (scripts/services.sh start) and
goes on for 5 s. SCALING_REDIS_EMPTY=1: FLUSHALL before the shutdown, so Redis comes
back empty. Every response is counted by phase (before, down, after) and status; a
read is stale when its name is older than the last rename answered 200 before the read
was sent. Writes OUT/restart.txt."""
import http.client
import json
import os
import subprocess
import sys
import threading
import time

port_a, port_b, path, token, down, out = sys.argv[1:7]
down = float(down)
phase = "before"
lock = threading.Lock()
counts = {}           # (phase, who, status) -> n
stale = []            # (phase, process, name read, name expected)
slowest = {}          # (phase, who) -> seconds
committed = {"seq": -1}   # the last rename answered 200
answered = {}             # rename seq -> monotonic time its 200 came
stop = False


def note(who, status, dt):
    with lock:
        k = (phase, who, status)
        counts[k] = counts.get(k, 0) + 1
        s = (phase, who)
        slowest[s] = max(slowest.get(s, 0.0), dt)


def call(conn, method, body=None, extra=None):
    h = {"Authorization": "Bearer " + token}
    if body is not None:
        h["Content-Type"] = "application/json"
    h.update(extra or {})
    t0 = time.monotonic()
    try:
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        return r.status, data, time.monotonic() - t0
    except (OSError, http.client.HTTPException):
        conn.close()
        return 0, b"", time.monotonic() - t0


def writer():
    conn = http.client.HTTPConnection("127.0.0.1", int(port_a), timeout=10)
    seq = 0
    while not stop:
        st, data, dt = call(conn, "GET")
        if st == 200:
            v = json.loads(data)["version"]
            seq += 1
            st, data, dt = call(conn, "PATCH", json.dumps({"name": "改名%d" % seq}),
                                {"If-Match": '"%s"' % v})
            if st == 200:
                with lock:
                    committed["seq"] = seq
                    answered[seq] = time.monotonic()
        note("rename via A", st, dt)
        time.sleep(0.1)


def reader(port, label):
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
    while not stop:
        with lock:
            want = committed["seq"]
        st, data, dt = call(conn, "GET")
        note("read via " + label, st, dt)
        if st == 200 and want >= 0:
            name = json.loads(data)["name"]
            got = int(name[2:]) if name.startswith("改名") else -1
            if got < want:
                with lock:
                    # how long ago the first rename this read misses was answered
                    age = time.monotonic() - answered.get(got + 1, answered[want])
                    stale.append((phase, label, name, "改名%d" % want, age * 1000))
        time.sleep(0.05)


t_start = time.monotonic()  # wrk starts at the same moment
time.sleep(3)
threads = [threading.Thread(target=writer), threading.Thread(target=reader, args=(port_a, "A")),
           threading.Thread(target=reader, args=(port_b, "B"))]
for t in threads:
    t.start()
time.sleep(2)
rcli = ["redis-cli", "-h", os.environ["YH_REDIS_HOST"], "-p", os.environ["YH_REDIS_PORT"]]
epoch0 = subprocess.run(rcli + ["GET", "yh:epoch"], capture_output=True, text=True).stdout.strip()
if os.environ.get("SCALING_REDIS_EMPTY") == "1":
    # Redis comes back empty (a replica promoted before it had the data, or no persistence)
    subprocess.run(rcli + ["FLUSHALL"], capture_output=True)
subprocess.run(rcli + ["shutdown"], capture_output=True)
t_down = time.monotonic()
phase = "down"
time.sleep(down)
phase = "after"
subprocess.run(["scripts/services.sh", "start"], check=True)
t_up = time.monotonic()
time.sleep(5)
stop = True
for t in threads:
    t.join()
epoch1 = subprocess.run(rcli + ["GET", "yh:epoch"], capture_output=True, text=True).stdout.strip()
mem = subprocess.run(rcli + ["INFO", "memory"], capture_output=True, text=True).stdout
keys = subprocess.run(rcli + ["DBSIZE"], capture_output=True, text=True).stdout.strip()
with open(os.path.join(out, "restart.txt"), "w") as f:
    f.write("Redis down for %.1f s (shutdown to answering again)%s; yh:epoch %s before, %s after "
            "(each bump retires every cached value)\n" % (t_up - t_down, ", back empty" if os.environ.get(
                "SCALING_REDIS_EMPTY") == "1" else ", back with its data", epoch0 or "unset", epoch1 or "unset"))
    f.write("Redis shut down %.1f s and answering again %.1f s after wrk started\n"
            % (t_down - t_start, t_up - t_start))
    f.write("Redis after the run: %s keys, %s\n" % (keys, " ".join(
        ln.strip() for ln in mem.splitlines() if ln.startswith("used_memory:"))))
    f.write("probe responses by phase (status 0 = no response):\n")
    for k in sorted(counts):
        f.write("  %-6s %-13s %3d: %d (slowest %.0f ms)\n" % (k[0], k[1], k[2], counts[k], slowest[(k[0], k[1])] * 1000))
    late = [s for s in stale if s[4] >= 1000]
    f.write("stale reads (a name older than the last rename answered before the read was sent): %d, "
            "%d of them more than 1 s after that rename's answer (the bound of tracking across processes)\n"
            % (len(stale), len(late)))
    for s in stale[:10]:
        f.write("  %s via %s: %s, expected %s or later (%.0f ms after the missed rename)\n" % s)
