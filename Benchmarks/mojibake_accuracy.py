#!/usr/bin/env python3
"""Mojibake repair accuracy on Tests/Fixtures/clean/mojibake-cases.tsv: Sift's fix-mojibake and
ftfy.fix_text, each case counted right when the output equals the expected text exactly (for text
that must not change, when it is left alone). usage: mojibake_accuracy.py SIFT_BINARY"""
import json, os, subprocess, sys, tempfile
import ftfy
rows = [l.rstrip('\n').split('\t') for l in open('Tests/Fixtures/clean/mojibake-cases.tsv', encoding='utf-8') if not l.startswith('#')]
with tempfile.TemporaryDirectory() as t:
    inp, pipe = os.path.join(t, 'in.jsonl'), os.path.join(t, 'p.yaml')
    with open(inp, 'w', encoding='utf-8') as f:
        for name, bad, good in rows:
            f.write(json.dumps({'id': name, 'text': bad}, ensure_ascii=False) + '\n')
    open(pipe, 'w').write('stages:\n  - fix-mojibake\n')
    out = subprocess.run([sys.argv[1], 'run', pipe, inp, '--output-format', 'jsonl'], capture_output=True, text=True, check=True).stdout
sift = {json.loads(l)['id']: json.loads(l)['text'] for l in out.splitlines()}
print('| case | Sift fix-mojibake | ftfy.fix_encoding |')
print('|---|---|---|')
ok_s = ok_f = 0
for name, bad, good in rows:
    s, f = sift[name] == good, ftfy.fix_encoding(bad) == good
    ok_s += s; ok_f += f
    print(f'| {name}{" (must not change)" if bad == good else ""} | {"✓" if s else "✗"} | {"✓" if f else "✗"} |')
print(f'| **all {len(rows)}** | **{ok_s}** | **{ok_f}** |')
