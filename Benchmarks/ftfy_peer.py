#!/usr/bin/env python3
"""ftfy.fix_text on scraped pages, two ways, each timed in wall clock and in this process's CPU time:

  job:   the whole job Sift does, JSONL in and JSONL out (json.loads, fix_text on "text",
         json.dumps, written to /dev/null), over the bytes of the JSONL file;
  clean: fix_text alone, on the pages already in memory, over the bytes of the texts.

Usage: ftfy_peer.py scraped.jsonl → prints "ftfy JOB_WALL JOB_CPU CLEAN_WALL CLEAN_CPU" (MB/s)."""
import json, os, sys, time, ftfy

path = sys.argv[1]
size = os.path.getsize(path)
t0, c0 = time.perf_counter(), time.process_time()
texts = []
with open(path, encoding='utf-8') as f, open(os.devnull, 'w', encoding='utf-8') as out:
    for line in f:
        record = json.loads(line)
        record['text'] = ftfy.fix_text(record['text'])
        out.write(json.dumps(record, ensure_ascii=False) + '\n')
t1, c1 = time.perf_counter(), time.process_time()

with open(path, encoding='utf-8') as f:
    pages = [json.loads(line)['text'] for line in f]
text_size = sum(len(p.encode('utf-8')) for p in pages)
t2, c2 = time.perf_counter(), time.process_time()
for p in pages:
    ftfy.fix_text(p)
t3, c3 = time.perf_counter(), time.process_time()
mb = lambda n, s: f'{n / 1e6 / s:.2f}'
print('ftfy', mb(size, t1 - t0), mb(size, c1 - c0), mb(text_size, t3 - t2), mb(text_size, c3 - c2))
