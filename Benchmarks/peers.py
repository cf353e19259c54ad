#!/usr/bin/env python3
"""Python peers on the same corpus: unicodedata NFKC and a regex whitespace tidy.
usage: peers.py nfkc|whitespace corpus.jsonl  → prints "NAME MB/s"."""
import json, re, sys, time, unicodedata
mode, path = sys.argv[1], sys.argv[2]
texts = [json.loads(l)['text'] for l in open(path, encoding='utf-8')]
size = sum(len(t.encode('utf-8')) for t in texts)
spaces = re.compile(r'[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+')
invisible = re.compile(r'[\u200b\u2060\ufeff\u00ad]')
blank = re.compile(r'\n{3,}')
t0 = time.perf_counter()
if mode == 'nfkc':
    for t in texts:
        unicodedata.normalize('NFKC', t)
else:
    for t in texts:
        t = t.replace('\r\n', '\n').replace('\r', '\n')
        t = invisible.sub('', t)
        t = '\n'.join(spaces.sub(' ', line).strip() for line in t.split('\n'))
        blank.sub('\n\n', t).strip()
print(f'{mode} {size / 1e6 / (time.perf_counter() - t0):.1f}')
