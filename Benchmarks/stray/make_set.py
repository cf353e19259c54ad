#!/usr/bin/env python3
"""Builds the stray-detection evaluation set: English documents with one foreign line inserted
(another script, or another language in Latin script), and clean controls.

English paragraphs come from Debian package READMEs; the foreign lines from the msgstr texts of
the gettext catalogs in /usr/share/locale (held out from language-model training). Deterministic.
usage: make_set.py OUT.jsonl [N_PER_KIND]
"""
import glob, gettext, json, random, re, sys

out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 300
rng = random.Random(20261129)

def paragraphs():
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
            words = line.split()
            # Prose-like: long, mostly alphabetic words, ends like a sentence.
            if len(words) >= 25 and line[-1:] in '.!?' and sum(w.isalpha() for w in words) > 0.7 * len(words) and not re.search(r'[^\x00-\x7f]', line):
                paras.append(line)
    return paras

def foreign(langs, min_len, script_letters=0):
    lines = {}
    for lang in langs:
        pool = []
        for p in sorted(glob.glob(f'/usr/share/locale/{lang}/LC_MESSAGES/*.mo')):
            try:
                cat = gettext.GNUTranslations(open(p, 'rb'))
            except Exception:
                continue
            for k, v in cat._catalog.items():
                if isinstance(v, str) and min_len <= len(v) <= 200 and '\n' not in v and '%' not in v and '{' not in v and '<' not in v and k != v \
                        and sum(c.isalpha() and ord(c) > 0x24F for c in v) >= script_letters:
                    pool.append(v.strip())
        if pool:
            lines[lang] = sorted(set(pool))
    return lines

paras = paragraphs()
other = foreign(['zh_CN', 'zh_TW', 'ja', 'ko', 'ru', 'uk', 'el', 'ar', 'he', 'th', 'hi'], 6, script_letters=2)
same = foreign(['fr', 'de', 'es', 'it', 'pt', 'nl', 'pl', 'sv', 'cs', 'tr'], 60)
docs = []
def document(kind, lang, line):
    body = rng.sample(paras, 4)
    at = rng.randrange(0, 5)
    lines = body[:at] + ([line] if line else []) + body[at:]
    return {'id': f'{kind}-{len(docs)}', 'text': '\n\n'.join(lines) + '\n',
            'metadata': {'kind': kind, 'language': lang, 'inserted': line}}
for kind, pool in (('other-script', other), ('same-script', same)):
    langs = sorted(pool)
    for i in range(n):
        lang = langs[i % len(langs)]
        docs.append(document(kind, lang, rng.choice(pool[lang])))
for i in range(n):
    docs.append(document('clean', 'en', None))
with open(out, 'w', encoding='utf-8') as f:
    for d in docs:
        f.write(json.dumps(d, ensure_ascii=False) + '\n')
print(f'{len(docs)} documents ({len(paras)} English paragraphs; other-script {sorted(other)}; same-script {sorted(same)})', file=sys.stderr)
