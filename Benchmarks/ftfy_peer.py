#!/usr/bin/env python3
"""ftfy.fix_text on every page of scraped.txt (form-feed separated) → prints "ftfy MB/s"."""
import sys, time, ftfy
pages = open(sys.argv[1], encoding='utf-8').read().split('\f')
size = sum(len(p.encode('utf-8')) for p in pages)
t0 = time.perf_counter()
for p in pages:
    ftfy.fix_text(p)
print(f'ftfy {size / 1e6 / (time.perf_counter() - t0):.2f}')
