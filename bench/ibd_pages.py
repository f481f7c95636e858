#!/usr/bin/env python3
"""Pages per index of an InnoDB file-per-table .ibd, read from the file alone (no server):
bench/ibd_pages.py FILE... prints, per index id, its root page (the one page at its top
level), its pages, leaf pages, levels and bytes (pages x 16 KiB). The root page numbers
name the indexes: information_schema.INNODB_SYS_INDEXES (PAGE_NO) of a database made by
the same migrations gives each root's index name (bench/scaling.sh sizes does this)."""
import os
import struct
import sys

PAGE = 16384
FIL_PAGE_INDEX = 17855


def scan(path):
    idx = {}
    fd = os.open(path, os.O_RDONLY)
    try:
        n = os.fstat(fd).st_size // PAGE
        for p in range(n):
            h = os.pread(fd, 76, p * PAGE)
            if len(h) < 76 or struct.unpack_from(">H", h, 24)[0] != FIL_PAGE_INDEX:
                continue
            level = struct.unpack_from(">H", h, 64)[0]
            iid = struct.unpack_from(">Q", h, 66)[0]
            e = idx.setdefault(iid, {"pages": 0, "leaf": 0, "top": -1, "root": None})
            e["pages"] += 1
            e["leaf"] += level == 0
            if level > e["top"]:
                e["top"], e["root"] = level, p
    finally:
        os.close(fd)
    return n, idx


for f in sys.argv[1:]:
    n, idx = scan(f)
    print(f"{f} pages={n} bytes={n * PAGE}")
    for iid, e in sorted(idx.items(), key=lambda kv: kv[1]["root"]):
        print(f"index_id={iid} root={e['root']} pages={e['pages']} leaf={e['leaf']} "
              f"levels={e['top'] + 1} bytes={e['pages'] * PAGE}")
