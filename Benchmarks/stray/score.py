#!/usr/bin/env python3
"""Scores `sift run detect-stray` output on the set from make_set.py.
A strayed document counts as found when a 'stray' span covers the inserted line; a false alarm is
any stray span outside it (for clean documents: any stray span at all).
usage: score.py OUTPUT.jsonl  → prints a Markdown table"""
import json, sys
from collections import Counter
found, total, false_docs, kinds_docs = Counter(), Counter(), Counter(), Counter()
for line in open(sys.argv[1], encoding='utf-8'):
    d = json.loads(line)
    kind, inserted, text = d['metadata']['kind'], d['metadata'].get('inserted'), d['text']
    spans = [s for s in d.get('spans', []) if s['type'] == 'stray']
    kinds_docs[kind] += 1
    if inserted:
        total[kind] += 1
        i = text.find(inserted)
        hit = [s for s in spans if s['start'] <= i and s['end'] >= i + len(inserted)]
        if hit:
            found[kind] += 1
        if any(s not in hit for s in spans):
            false_docs[kind] += 1
    elif spans:
        false_docs[kind] += 1
print('| documents | strays found | documents with a false alarm |')
print('|---|---|---|')
for kind in ('other-script', 'same-script', 'clean'):
    f = f'{found[kind]}/{total[kind]} ({100*found[kind]/total[kind]:.1f}%)' if total[kind] else '—'
    print(f'| {kind} ({kinds_docs[kind]}) | {f} | {false_docs[kind]} ({100*false_docs[kind]/max(kinds_docs[kind],1):.1f}%) |')
