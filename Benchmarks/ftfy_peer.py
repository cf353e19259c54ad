#!/usr/bin/env python3
"""ftfy.fix_text on every page of scraped.txt (form-feed separated) → prints "ftfy WALL_MB/s CPU_MB/s"
(megabytes per second of wall clock, and per second of this process's CPU time)."""
import sys, time, ftfy
pages = open(sys.argv[1], encoding='utf-8').read().split('\f')
size = sum(len(p.encode('utf-8')) for p in pages)
t0, c0 = time.perf_counter(), time.process_time()
for p in pages:
    ftfy.fix_text(p)
t1, c1 = time.perf_counter(), time.process_time()
print(f'ftfy {size / 1e6 / (t1 - t0):.2f} {size / 1e6 / (c1 - c0):.2f}')
