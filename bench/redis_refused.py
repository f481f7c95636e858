#!/usr/bin/env python3
"""bench/scaling.sh refused: bench/redis_refused.py PORT TOKEN. Redis up but refusing writes
(ACL -@write on the default user; READONLY from a demoted primary and OOM fail the same way):
creates a member, reads it through 16 connections x 20 (many threads of the process learn
it from Redis), takes writes away, renames it (the commit succeeds, the invalidation fails),
and counts by name the 320 reads of the next bursts: while writes are refused, 2 s later,
and after writes are allowed again. Any read of the old name is a stale read."""
import http.client
import json
import os
import subprocess
import sys
import threading
import time

port, tok = sys.argv[1], sys.argv[2]
H = {"Authorization": "Bearer " + tok, "Content-Type": "application/json"}
def conn(): return http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
c = conn()
d17 = "53282319300203%03d" % (os.getpid() % 900 + 1)  # not a number the demo county holds
w = [7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
idno = d17 + "10X98765432"[sum(int(a)*b for a,b in zip(d17,w)) % 11]
c.request("POST", "/v1/members", json.dumps({"name": "只读前", "id_number": idno, "category": "retired"}), H)
r = c.getresponse(); body = json.loads(r.read()); print("create", r.status); mid = body["id"]
path = "/v1/members/%s" % mid
def reads(n, out):
    cc = conn()
    for _ in range(n):
        cc.request("GET", path, headers=H); rr = cc.getresponse(); b = json.loads(rr.read())
        out.append((rr.status, b.get("name")))
def burst(k=16, n=20):
    outs = [[] for _ in range(k)]
    ts = [threading.Thread(target=reads, args=(n, outs[i])) for i in range(k)]
    [t.start() for t in ts]; [t.join() for t in ts]
    res = {}
    for o in outs:
        for x in o: res[x] = res.get(x, 0) + 1
    return res
print("warm", burst())
rcli = ["redis-cli", "-h", os.environ["YH_REDIS_HOST"], "-p", os.environ["YH_REDIS_PORT"]]
print(subprocess.run(rcli + ["ACL", "SETUSER", "default", "-@write"], capture_output=True, text=True).stdout.strip())
c = conn()
c.request("GET", path, headers=H); r = c.getresponse(); v = json.loads(r.read())["version"]
h = dict(H); h["If-Match"] = '"%s"' % v
c.request("PATCH", path, json.dumps({"name": "只读后"}), h); r = c.getresponse(); r.read(); print("rename", r.status)
time.sleep(1.5)
print("after rename, Redis refusing writes:", burst())
time.sleep(2)
print("2 s later:", burst())
print(subprocess.run(rcli + ["ACL", "SETUSER", "default", "+@all"], capture_output=True, text=True).stdout.strip())
time.sleep(1.5)  # B of a real deployment hears of the epoch bump A's next request makes
print("writes allowed again:", burst())
