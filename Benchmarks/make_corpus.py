#!/usr/bin/env python3
"""Builds a reproducible benchmark corpus from text installed on a Debian machine.

Documents mix English prose (Debian's package documentation and changelogs) with UI strings in
many languages and scripts (the msgstr texts of the gettext catalogs under /usr/share/locale).
Output: corpus.jsonl ({"id", "text"} per line) and corpus.bin (uint32 length + UTF-8 per
document, for the C ceiling program). Deterministic: same machine contents, same corpus.

usage: make_corpus.py SIZE_MB OUTDIR
"""
import glob, gzip, gettext, json, os, struct, sys

size = int(sys.argv[1]) * 1_000_000
out = sys.argv[2]
os.makedirs(out, exist_ok=True)

def english():
    paths = sorted(glob.glob('/usr/share/doc/*/changelog*.gz') + glob.glob('/usr/share/doc/*/README*'))
    for p in paths:
        try:
            raw = gzip.open(p).read() if p.endswith('.gz') else open(p, 'rb').read()
            text = raw.decode('utf-8')
        except Exception:
            continue
        for i in range(0, len(text), 6000):
            yield 'doc:' + p, text[i:i + 6000]

def catalogs():
    for p in sorted(glob.glob('/usr/share/locale/*/LC_MESSAGES/*.mo')):
        try:
            with open(p, 'rb') as f:
                cat = gettext.GNUTranslations(f)
        except Exception:
            continue
        strings = [v for k, v in sorted(cat._catalog.items(), key=lambda kv: str(kv[0])) if k and isinstance(v, str)]
        chunk, n = [], 0
        for s in strings:
            chunk.append(s)
            n += len(s)
            if n > 4000:
                yield 'mo:' + p, '\n'.join(chunk)
                chunk, n = [], 0
        if chunk:
            yield 'mo:' + p, '\n'.join(chunk)

def interleave(*gens):
    gens = list(gens)
    while gens:
        for g in list(gens):
            try:
                yield next(g)
            except StopIteration:
                gens.remove(g)

total = 0
with open(os.path.join(out, 'corpus.jsonl'), 'w', encoding='utf-8') as j, open(os.path.join(out, 'corpus.bin'), 'wb') as b:
    n = 0
    while total < size:
        before = total
        for source, text in interleave(english(), catalogs()):
            data = text.encode('utf-8')
            j.write(json.dumps({'id': f'{n}', 'text': text, 'metadata': {'source': source}}, ensure_ascii=False) + '\n')
            b.write(struct.pack('<I', len(data)) + data)
            total += len(data)
            n += 1
            if total >= size:
                break
        if total == before:
            sys.exit('no text found on this machine')
print(f'{n} documents, {total / 1e6:.1f} MB of text in {out}')
