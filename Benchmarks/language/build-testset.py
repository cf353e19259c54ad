#!/usr/bin/env python3
"""Builds the held-out language-identification test set from Debian's gettext catalogs (.mo files
under /usr/share/locale), which the model is never trained on.

Output (TSV): language<TAB>bucket<TAB>catalog<TAB>text, buckets short (10-30 characters),
sentence (30-150) and paragraph (150-600). Paragraphs are long translations, or consecutive
translations of one catalog joined until they reach 150 characters. Deterministic: sorted inputs
and a fixed random seed. Catalogs of names (iso_639, iso_3166, ...) are skipped.
"""
import glob, os, random, re, sys
import polib

OUT = sys.argv[1] if len(sys.argv) > 1 else ".build/language-testset.tsv"
PER_BUCKET = {"short": 150, "sentence": 150, "paragraph": 100}
MIN_CATALOGS = 15
# Locale folder -> the BCP 47 tag Sift answers (benchmark maps peers' answers to the same tags).
LOCALES = {"zh_CN": "zh-Hans", "zh_TW": "zh-Hant", "zh_HK": None, "pt_BR": "pt", "en_GB": "en", "sr": "sr-Cyrl",
           "sr@latin": "sr-Latn", "bn_IN": "bn", "ca@valencia": None, "en_AU": None, "en_CA": None}

PLACEHOLDER = re.compile(r"%(\d+\$)?[-#0 +']*\d*(\.\d+)?[hlLqjzt]*[diouxXeEfFgGcrsSp%]|%\([a-z_]+\)[sd]|\{[^{}]*\}|<[^<>]*>|&[a-z]+;|\$\{?[A-Za-z_]+\}?")

def clean(s):
    s = PLACEHOLDER.sub(" ", s).replace("\\n", " ").replace("\n", " ").replace("_", "")
    s = re.sub(r"&(?=\w)", "", s)
    return " ".join(s.split())

def letters(s):
    return sum(1 for c in s if c.isalpha())

def main():
    rng = random.Random(20261129)
    rows = []
    pool = {}
    for d in sorted(glob.glob("/usr/share/locale/*")):
        loc = os.path.basename(d)
        tag = LOCALES.get(loc, loc if re.fullmatch(r"[a-z]{2,3}", loc) else None)
        if tag is None:
            continue
        catalogs = sorted(f for f in glob.glob(f"{d}/LC_MESSAGES/*.mo") if not os.path.basename(f).startswith("iso_"))
        if len(catalogs) < MIN_CATALOGS:
            continue
        buckets = {b: [] for b in PER_BUCKET}
        seen = set()
        for f in catalogs:
            name = os.path.basename(f)[:-3]
            try:
                mo = polib.mofile(f)
            except Exception:
                continue
            pending = ""
            for e in mo:
                texts = [e.msgstr] if e.msgstr else [v for _, v in sorted(e.msgstr_plural.items())][:1]
                for t in texts:
                    s = clean(t)
                    if not s or s == clean(e.msgid) or s in seen or letters(s) < 0.5 * len(s):
                        continue
                    seen.add(s)
                    n = len(s)
                    if 10 <= n < 30:
                        buckets["short"].append((name, s))
                    elif 30 <= n < 150:
                        buckets["sentence"].append((name, s))
                    elif 150 <= n <= 600:
                        buckets["paragraph"].append((name, s))
                    if n >= 30:
                        pending = (pending + " " + s).strip() if pending else s
                        if len(pending) >= 150:
                            if len(pending) <= 600:
                                buckets["paragraph"].append((name, pending))
                            pending = ""
        for b, items in buckets.items():
            pool.setdefault((tag, b), []).extend(items)
    for (tag, b), items in sorted(pool.items()):
        rng.shuffle(items)
        if sum(len(v) for (t, _), v in pool.items() if t == tag) < 300:
            continue
        for name, s in items[: PER_BUCKET[b]]:
            rows.append((tag, b, name, s))
    os.makedirs(os.path.dirname(OUT) or ".", exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write("\t".join(x.replace("\t", " ") for x in r) + "\n")
    langs = sorted({r[0] for r in rows})
    print(f"{len(rows)} strings in {len(langs)} languages -> {OUT}", file=sys.stderr)

main()
