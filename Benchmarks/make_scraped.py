#!/usr/bin/env python3
"""Builds a corpus of scraped-style pages: English prose from Debian package READMEs dressed in
the noise scrapers deliver (title twice, '?' lines where icons were lost, a hashtag footer, the
site's UI in Chinese, share/cookie lines), a tenth of the pages with mojibake (UTF-8 read as
windows-1252). Deterministic. Writes scraped.jsonl and scraped.txt (pages separated by form feeds).
usage: make_scraped.py SIZE_MB OUTDIR"""
import glob, gettext, json, os, random, re, sys

size, out = int(sys.argv[1]) * 1_000_000, sys.argv[2]
os.makedirs(out, exist_ok=True)
rng = random.Random(7)
paras = []
for p in sorted(glob.glob('/usr/share/doc/*/README*')):
    if p.endswith('.gz'):
        continue
    try:
        text = open(p, encoding='utf-8').read()
    except Exception:
        continue
    for block in re.split(r'\n\s*\n', text):
        line = ' '.join(block.split())
        if len(line.split()) >= 20 and line[-1:] in '.!?':
            paras.append(line)
ui = []
for p in sorted(glob.glob('/usr/share/locale/zh_CN/LC_MESSAGES/*.mo'))[:200]:
    try:
        cat = gettext.GNUTranslations(open(p, 'rb'))
    except Exception:
        continue
    ui += [v for k, v in cat._catalog.items() if isinstance(v, str) and 2 <= len(v) <= 20 and '\n' not in v and '%' not in v]
ui = sorted(set(ui))
def sloppy(s):
    return ''.join(chr(b) if b in (0x81, 0x8d, 0x8f, 0x90, 0x9d) else bytes([b]).decode('cp1252') for b in s.encode('utf-8'))
total, n = 0, 0
with open(f'{out}/scraped.jsonl', 'w', encoding='utf-8') as j, open(f'{out}/scraped.txt', 'w', encoding='utf-8') as t:
    while total < size:
        body = rng.sample(paras, rng.randint(3, 8))
        if n % 10 == 9:
            body = [sloppy(b) for b in body]
        title = ' '.join(body[0].split()[:rng.randint(4, 9)]).rstrip('.,;:')
        lines = [title, '', title, '']
        for b in body:
            lines += [b, '', '?', '']
        tags = ['#' + re.sub(r'\W', '', w.title()) for w in rng.sample(body[-1].split(), 4)]
        lines += [' , '.join(t for t in tags if len(t) > 1), '', 'Share', '']
        lines += sum(([s, ''] for s in rng.sample(ui, 4)), [])
        page = '\n'.join(lines)
        j.write(json.dumps({'id': f'page-{n}', 'text': page}, ensure_ascii=False) + '\n')
        t.write(page + '\f')
        total += len(page.encode('utf-8'))
        n += 1
print(f'{n} pages, {total / 1e6:.1f} MB in {out}', file=sys.stderr)
