#!/usr/bin/env python3
"""ftfy.fix_text on scraped pages, two ways, each timed in wall clock and in this process's CPU time:

  job:   the whole job Sift does, JSONL in and JSONL out (json.loads, fix_text on "text",
         json.dumps, written to /dev/null), over the bytes of the JSONL file;
  clean: fix_text alone, on the pages already in memory, over the bytes of the texts.

Usage: ftfy_peer.py scraped.jsonl [COMMAND...]
  → prints "ftfy JOB_WALL JOB_CPU CLEAN_WALL CLEAN_CPU" (MB/s), and, given a COMMAND (Sift's run on
    the same file), " COMMAND_WALL COMMAND_CPU RUNS": the command is run RUNS times, once before each
    sixteenth of ftfy's job (its clocks paused meanwhile), timed by its own wall clock and CPU time
    (user + system of the child and its threads). A run of Sift takes under a second and ftfy's job
    half a minute: interleaved so, both are measured over the same minute of a machine whose speed
    swings from second to second, and their ratio holds."""
import json, os, resource, subprocess, sys, time, ftfy

path = sys.argv[1]
command = sys.argv[2:]
size = os.path.getsize(path)
with open(path, 'rb') as f:
    lines = sum(1 for _ in f)
every = max(1, -(-lines // 16))
command_wall = command_cpu = 0.0
runs = 0
paused_wall = paused_cpu = 0.0


def run_command():
    global command_wall, command_cpu, runs, paused_wall, paused_cpu
    p0, q0 = time.perf_counter(), time.process_time()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    w0 = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    w1 = time.perf_counter()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    command_wall += w1 - w0
    command_cpu += (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
    runs += 1
    paused_wall += time.perf_counter() - p0
    paused_cpu += time.process_time() - q0


t0, c0 = time.perf_counter(), time.process_time()
texts = []
with open(path, encoding='utf-8') as f, open(os.devnull, 'w', encoding='utf-8') as out:
    for i, line in enumerate(f):
        if command and i % every == 0:
            run_command()
        record = json.loads(line)
        record['text'] = ftfy.fix_text(record['text'])
        out.write(json.dumps(record, ensure_ascii=False) + '\n')
t1, c1 = time.perf_counter(), time.process_time()
t1 -= paused_wall
c1 -= paused_cpu

with open(path, encoding='utf-8') as f:
    pages = [json.loads(line)['text'] for line in f]
text_size = sum(len(p.encode('utf-8')) for p in pages)
t2, c2 = time.perf_counter(), time.process_time()
for p in pages:
    ftfy.fix_text(p)
t3, c3 = time.perf_counter(), time.process_time()
mb = lambda n, s: f'{n / 1e6 / s:.2f}'
result = ['ftfy', mb(size, t1 - t0), mb(size, c1 - c0), mb(text_size, t3 - t2), mb(text_size, c3 - c2)]
if command:
    result += [mb(runs * size, command_wall), mb(runs * size, command_cpu), str(runs)]
print(' '.join(result))
