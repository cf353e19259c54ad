#!/usr/bin/env python3
"""Builds the training corpus for `sift train-language` from openly licensed data that Debian
packages and PyPI's wordfreq install. Layout: OUT/<BCP 47 tag>/<source>.txt|.tsv

Held out for evaluation and never read here: Debian's gettext catalogs (.mo), translated man pages
(manpages-*), libreoffice-l10n and debconf templates.

Every source used is listed, with its licence, in Models/language/SOURCES.md.
"""
import glob, html, os, re, sys

OUT = sys.argv[1] if len(sys.argv) > 1 else ".build/language-corpus"
MAX_CHARS = 400_000  # per source: coverage matters more than amount

# Languages of the model (scripts shared by several languages). Languages that a script decides
# on its own (el, he, ko, th, ...) and zh/ja are routed without the model.
LATIN = "af an az br bs ca cs cy da de en eo es et eu fi fil fr ga gd gl hr hu id is it lt lv ms nb nl nn oc pl pt ro sk sl sq sr-Latn sv sw tr uz vi".split()
CYRILLIC = "be bg kk mk mn ru sr-Cyrl uk".split()
ARABIC = "ar fa ur".split()
DEVANAGARI = "hi mr ne".split()
LANGS = set(LATIN + CYRILLIC + ARABIC + DEVANAGARI)

def write(tag, name, text):
    if tag not in LANGS or not text.strip():
        return
    os.makedirs(f"{OUT}/{tag}", exist_ok=True)
    with open(f"{OUT}/{tag}/{name}", "w", encoding="utf-8") as f:
        f.write(text)

def cap(lines, limit=MAX_CHARS):
    out, n = [], 0
    for l in lines:
        out.append(l)
        n += len(l) + 1
        if n >= limit:
            break
    return "\n".join(out) + "\n"

TAG = re.compile(r"<[^>]+>")
def strip_markup(s):
    s = re.sub(r"<(script|style)\b.*?</\1>", " ", s, flags=re.S | re.I)
    s = re.sub(r"<(code|screen|cmd|sys|var|input|output|file|link\s[^>]*xref[^>]*/)\b.*?(</\1>|)", " ", s, flags=re.S)
    s = TAG.sub("\n", s)
    return html.unescape(s)

def lines_of(text):
    for l in text.split("\n"):
        l = " ".join(l.split())
        if len(l) >= 3 and re.search(r"[^\W\d_]{2}", l):
            yield l

# ---- wordfreq (PyPI; data CC BY-SA 4.0) --------------------------------------------------------
def wordfreq_lists():
    import wordfreq
    mapping = {l: [l] for l in wordfreq.available_languages(wordlist="best")}
    mapping["sh"] = ["hr", "bs", "sr-Latn"]
    mapping["sr"] = []  # wordfreq's sr is mixed-script; the Serbian data comes from the docs
    for wl, tags in mapping.items():
        tags = [t for t in tags if t in LANGS]
        if not tags:
            continue
        words = wordfreq.top_n_list(wl, 50_000)
        rows = [f"{w}\t{wordfreq.word_frequency(w, wl):.3e}" for w in words]
        for t in tags:
            write(t, "wordfreq.tsv", "\n".join(rows) + "\n")

# ---- gnome-user-docs (CC BY-SA 3.0) --------------------------------------------------------------
GNOME_TAGS = {"pt_BR": None, "sr": "sr-Cyrl", "sr@latin": "sr-Latn", "zh_CN": None}
def gnome_docs():
    english = set()
    for f in glob.glob("/usr/share/help/C/*/*.page"):
        english.update(lines_of(strip_markup(open(f, encoding="utf-8", errors="replace").read())))
    for d in sorted(glob.glob("/usr/share/help/*")):
        loc = os.path.basename(d)
        tag = "en" if loc == "C" else GNOME_TAGS.get(loc, loc)
        if tag is None:
            continue
        lines = []
        for f in sorted(glob.glob(f"{d}/*/*.page")):
            lines += [l for l in lines_of(strip_markup(open(f, encoding="utf-8", errors="replace").read())) if tag == "en" or l not in english]
        write(tag, "gnome-user-docs.txt", cap(lines))

# ---- debian-handbook (GPL-2+ or CC BY-SA 3.0) ------------------------------------------------------
# (installation-guide-* is GPL-2 only, which the model's GPL-3+ cannot take: not used.)
def html_tree(pattern, name, tag_of):
    english = set()
    for d in sorted(glob.glob(pattern)):
        tag = tag_of(os.path.basename(d))
        if tag != "en":
            continue
        for f in glob.glob(f"{d}/**/*.htm*", recursive=True):
            english.update(lines_of(strip_markup(open(f, encoding="utf-8", errors="replace").read())))
    for d in sorted(glob.glob(pattern)):
        tag = tag_of(os.path.basename(d))
        if tag is None or tag not in LANGS:
            continue
        lines = []
        for f in sorted(glob.glob(f"{d}/**/*.htm*", recursive=True)):
            lines += [l for l in lines_of(strip_markup(open(f, encoding="utf-8", errors="replace").read())) if tag == "en" or l not in english]
            if sum(map(len, lines)) > MAX_CHARS:
                break
        write(tag, name, cap(lines))

def handbook_tag(d):
    ll = d.split("-")[0]
    return {"ar": None, "zh": None}.get(ll, ll)

def guide_tag(d):
    return None if "_" in d or "." in d or d in ("changelog", "copyright") else d

# ---- libreoffice-help-* (MPL-2.0) -----------------------------------------------------------------
def libreoffice_help():
    english = set()
    en = glob.glob("/usr/share/libreoffice/help/en-US/**/*.htm*", recursive=True)
    for f in en:
        english.update(lines_of(strip_markup(open(f, encoding="utf-8", errors="replace").read())))
    for d in sorted(glob.glob("/usr/share/libreoffice/help/*")):
        loc = os.path.basename(d)
        tag = {"pt-BR": None, "en-US": None, "en-GB": None}.get(loc, loc.split("-")[0])
        if tag is None or tag not in LANGS:
            continue
        lines = []
        for f in sorted(glob.glob(f"{d}/**/*.htm*", recursive=True)):
            lines += [l for l in lines_of(strip_markup(open(f, encoding="utf-8", errors="replace").read())) if l not in english]
            if sum(map(len, lines)) > MAX_CHARS:
                break
        write(tag, "libreoffice-help.txt", cap(lines))

# ---- hunspell / myspell / aspell word lists (licences per package; see SOURCES.md) ----------------
DICTS = {"af_ZA": "af", "bs_BA": "bs", "hr_HR": "hr", "sr_RS": "sr-Cyrl", "sr-Latn": "sr-Latn", "ne_NP": "ne",
         "nb_NO": "nb", "nn_NO": "nn", "sq_AL": "sq", "be_BY": "be", "kk_KZ": "kk", "uz_UZ": "uz", "eo": "eo",
         "ga_IE": "ga", "is_IS": "is", "gd_GB": "gd", "br_FR": "br", "oc_FR": "oc", "an_ES": "an", "sw_TZ": "sw",
         "mn_MN": "mn", "bg_BG": "bg", "id_ID": "id", "gl_ES": "gl", "gl": "gl"}
def hunspell():
    seen = set()
    for f in sorted(glob.glob("/usr/share/hunspell/*.dic")):
        base = os.path.basename(f)[:-4]
        tag = DICTS.get(base)
        if tag is None or tag in seen or os.path.islink(f) and os.path.realpath(f) in seen:
            continue
        seen.add(tag)
        words = []
        with open(f, encoding="utf-8", errors="replace") as fh:
            next(fh, None)
            for line in fh:
                w = line.split("/")[0].strip()
                if w and not w[0].isupper() and not any(c.isdigit() for c in w):
                    words.append(w)
        step = max(1, len(words) // 30_000)
        write(tag, "hunspell.tsv", "".join(f"{w}\t1\n" for w in words[::step]))
    # aspell (cy, mr): compressed word lists need the aspell tool; `aspell dump master` expands them.
    for lang, tag in (("mr", "mr"),):
        try:
            import subprocess
            out = subprocess.run(["aspell", "-d", lang, "dump", "master"], capture_output=True, text=True, timeout=120).stdout
        except Exception:
            continue
        words = [w.split("/")[0] for w in out.split("\n") if w and not w[0].isupper()]
        step = max(1, len(words) // 30_000)
        write(tag, "aspell.tsv", "".join(f"{w}\t1\n" for w in words[::step]))

# ---- CLDR (Unicode licence): every text node of common/main/<locale>.xml ---------------------------
CLDR_TAGS = {"sr": "sr-Cyrl", "sr_Latn": "sr-Latn", "nb": "nb", "nn": "nn", "no": None}
def cldr():
    for f in sorted(glob.glob("/usr/share/unicode/cldr/common/main/*.xml")):
        loc = os.path.basename(f)[:-4]
        tag = CLDR_TAGS.get(loc, loc if "_" not in loc else None)
        if tag is None or tag not in LANGS:
            continue
        text = open(f, encoding="utf-8").read()
        values = re.findall(r">([^<>]{2,})</", text)
        lines = [v for v in values if re.search(r"[^\W\d_]{2}", v)]
        write(tag, "cldr.txt", "\n".join(lines) + "\n")

# ---- word lists written for Sift (CC0): frequent words of languages whose open data is thin ---------
def own_words():
    here = os.path.dirname(os.path.abspath(__file__))
    for f in sorted(glob.glob(f"{here}/words/*.tsv")):
        write(os.path.basename(f)[:-4], "sift-words.tsv", open(f, encoding="utf-8").read())

# ---- Serbian is written in both scripts: each script's sources also serve the other --------------
CYR2LAT = dict(zip("абвгдђежзијклљмнњопрстћуфхцчџш", "a b v g d đ e ž z i j k l lj m n nj o p r s t ć u f h c č dž š".split()))
def serbian_both_scripts():
    for src, dst, name in (("sr-Cyrl", "sr-Latn", "gnome-user-docs"),):
        path = f"{OUT}/{src}/{name}.txt"
        if os.path.exists(path):
            text = open(path, encoding="utf-8").read().lower()
            write(dst, f"{name}-transliterated.txt", "".join(CYR2LAT.get(c, c) for c in text))
    lat2cyr = sorted(((v, k) for k, v in CYR2LAT.items()), key=lambda p: -len(p[0]))
    path = f"{OUT}/sr-Latn/wordfreq.tsv"
    if os.path.exists(path):
        rows = []
        for line in open(path, encoding="utf-8"):
            w, f = line.rstrip("\n").split("\t")
            out, i = "", 0
            while i < len(w):
                for a, b in lat2cyr:
                    if w.startswith(a, i):
                        out += b; i += len(a); break
                else:
                    out += w[i]; i += 1
            rows.append(f"{out}\t{f}")
        write("sr-Cyrl", "wordfreq-transliterated.tsv", "\n".join(rows) + "\n")

# Source weights (trainer: weights.tsv, "source" or "tag/source" TAB weight).
WEIGHTS = """cldr\t0.3
hunspell\t0.5
aspell\t0.5
sift-words\t0.5
hr/wordfreq\t0.5
bs/wordfreq\t0.5
sr-Latn/wordfreq\t0.5
sr-Cyrl/wordfreq-transliterated\t0.5
"""

if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for step in (wordfreq_lists, gnome_docs, lambda: html_tree("/usr/share/doc/debian-handbook/html/*", "debian-handbook.txt", handbook_tag),
                 libreoffice_help, hunspell, cldr, own_words, serbian_both_scripts):
        step()
    open(f"{OUT}/weights.tsv", "w").write(WEIGHTS)
    for tag in sorted(t for t in os.listdir(OUT) if os.path.isdir(f"{OUT}/{t}")):
        files = sorted(os.listdir(f"{OUT}/{tag}"))
        print(tag, " ".join(f"{f}:{os.path.getsize(f'{OUT}/{tag}/{f}') // 1000}k" for f in files))
