#!/usr/bin/env python3
"""Language-identification benchmark: Sift against the Python identifiers that install offline from
PyPI (lingua-language-detector in high- and low-accuracy mode, langdetect, py3langid, pycld2), in
one run, on the held-out test set that build-testset.py makes from Debian's gettext catalogs.

Usage: Benchmarks/language/run-benchmark.py [--sift PATH] [--testset FILE] [--markdown FILE]
(Benchmarks/language/run does the setup and calls this.)

Accuracy is measured on base languages (zh-Hans and zh-Hant count as zh, sr-Cyrl and sr-Latn as
sr, Norwegian "no" as nb), so that every tool is judged on the distinctions it makes; Sift's exact
tags are scored separately. Throughput is strings per second of the identification calls alone
(one thread, after loading), measured in the same run for every tool.
"""
import argparse, collections, os, subprocess, sys, time

BUCKETS = ["short", "sentence", "paragraph"]
BUCKET_LABEL = {"short": "10–30", "sentence": "30–150", "paragraph": "150–600"}


def base(tag):
    if not tag:
        return "und"
    t = tag.replace("_", "-").lower()
    b = t.split("-")[0]
    return {"no": "nb", "iw": "he", "tl": "fil", "in": "id", "sh": "hr"}.get(b, b)


# ---- the tools ------------------------------------------------------------------------------------
class Sift:
    name = "sift"

    def __init__(self, binary):
        self.binary = binary
        self.supported = None  # every base language the model and the script rules answer

    def run(self, texts):
        path = "/tmp/sift-langid-bench.txt"
        with open(path, "w", encoding="utf-8") as f:
            for t in texts:
                f.write(t.replace("\n", " ") + "\n")
        out = subprocess.run([self.binary, "identify-language", path], capture_output=True, text=True, check=True).stdout
        preds = [l.split("\t")[0] for l in out.rstrip("\n").split("\n")]
        timing = subprocess.run([self.binary, "identify-language", "--timing", path], capture_output=True, text=True, check=True).stderr
        seconds = float(timing.split(" in ")[1].split(" s")[0])
        return preds, seconds


class Lingua:
    def __init__(self, high):
        from lingua import Language, LanguageDetectorBuilder
        b = LanguageDetectorBuilder.from_all_languages()
        if not high:
            b = b.with_low_accuracy_mode()
        self.detector = b.build()
        self.name = "lingua-high" if high else "lingua-low"
        self.supported = {l.iso_code_639_1.name.lower() for l in Language.all()}

    def one(self, t):
        l = self.detector.detect_language_of(t)
        return l.iso_code_639_1.name.lower() if l else "und"


class LangDetect:
    name = "langdetect"

    def __init__(self):
        from langdetect import DetectorFactory, detect
        DetectorFactory.seed = 0
        self.detect = detect
        detect("warm up")
        from langdetect.detector_factory import _factory
        self.supported = {base(l) for l in _factory.get_lang_list()}

    def one(self, t):
        try:
            return self.detect(t)
        except Exception:
            return "und"


class Py3LangId:
    name = "py3langid"

    def __init__(self):
        import py3langid
        self.classify = py3langid.classify
        self.classify("warm up")
        from py3langid.langid import IDENTIFIER  # loaded by the first call
        self.supported = {base(l) for l in IDENTIFIER.nb_classes}

    def one(self, t):
        return self.classify(t)[0]


class CLD2:
    name = "pycld2"

    def __init__(self):
        import pycld2
        self.cld = pycld2
        self.supported = {base(code) for _, code in pycld2.LANGUAGES if code not in ("un", "xxx")}

    def one(self, t):
        try:
            ok, _, details = self.cld.detect(t)
        except Exception:
            return "und"
        code = details[0][1]
        return "und" if not ok or code in ("un", "xx") else code


def timed(tool, texts):
    t0 = time.perf_counter()
    preds = [tool.one(t) for t in texts]
    return preds, time.perf_counter() - t0


# ---- scoring --------------------------------------------------------------------------------------
def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser()
    ap.add_argument("--sift", default=f"{root}/.build/release/sift")
    ap.add_argument("--testset", default=f"{root}/.build/language-testset.tsv")
    ap.add_argument("--markdown", default=None, help="write the report here (default: print it)")
    ap.add_argument("--tools", default="sift,lingua-high,lingua-low,langdetect,py3langid,pycld2")
    args = ap.parse_args()

    rows = [l.rstrip("\n").split("\t") for l in open(args.testset, encoding="utf-8")]
    gold = [r[0] for r in rows]
    bucket = [r[1] for r in rows]
    texts = [r[3] for r in rows]
    makers = {"sift": lambda: Sift(args.sift), "lingua-high": lambda: Lingua(True), "lingua-low": lambda: Lingua(False),
              "langdetect": LangDetect, "py3langid": Py3LangId, "pycld2": CLD2}
    names = args.tools.split(",")
    preds, speed = {}, {}
    for name in names:
        tool = makers[name]()
        preds[name], speed[name] = [None] * len(rows), {}
        if not isinstance(tool, Sift):
            # Warm up: lingua loads each language's model on first use, langdetect its profiles.
            firsts = {}
            for g, t in zip(gold, texts):
                firsts.setdefault(g, t)
            timed(tool, list(firsts.values()))
        for b in BUCKETS:
            idx = [i for i in range(len(rows)) if bucket[i] == b]
            sub = [texts[i] for i in idx]
            out, secs = tool.run(sub) if isinstance(tool, Sift) else timed(tool, sub)
            for i, p in zip(idx, out):
                preds[name][i] = p
            speed[name][b] = len(sub) / secs
        if isinstance(tool, Sift):
            tool.supported = {base(p) for p in preds[name] if p != "und"}
        print(f"{name}: done", file=sys.stderr)
        makers[name] = tool

    langs = sorted({base(g) for g in gold})
    supported = {n: makers[n].supported for n in names}
    common = [l for l in langs if all(l in supported[n] for n in names)]

    def accuracy(name, keep, exact=False):
        acc = {}
        for b in BUCKETS:
            idx = [i for i in range(len(rows)) if bucket[i] == b and keep(i)]
            ok = sum(1 for i in idx if (preds[name][i] == gold[i] if exact else base(preds[name][i]) == base(gold[i])))
            acc[b] = 100 * ok / max(1, len(idx))
        return acc

    out = []
    w = out.append
    w(f"Held-out test set: {len(rows)} strings in {len(set(gold))} languages ({len(langs)} base languages), "
      "from Debian's gettext catalogs (`.mo` files under /usr/share/locale, catalogs of names skipped), which the "
      "model never saw; short = 10–30 characters (UI strings), sentence = 30–150, paragraph = 150–600.\n")
    w(f"**Languages every tool supports** ({len(common)}: {' '.join(common)}), accuracy % by length:\n")
    w("| tool | 10–30 | 30–150 | 150–600 | strings/s 10–30 | strings/s 30–150 | strings/s 150–600 |")
    w("|---|---|---|---|---|---|---|")
    for n in names:
        a = accuracy(n, lambda i: base(gold[i]) in common)
        w(f"| {n} | {a['short']:.1f} | {a['sentence']:.1f} | {a['paragraph']:.1f} | "
          + " | ".join(f"{speed[n][b]:,.0f}" for b in BUCKETS) + " |")
    w("")
    w(f"**All {len(langs)} base languages** (a language a tool does not know counts as wrong for it):\n")
    w("| tool | languages known | 10–30 | 30–150 | 150–600 |")
    w("|---|---|---|---|---|")
    for n in names:
        a = accuracy(n, lambda i: True)
        w(f"| {n} | {sum(1 for l in langs if l in supported[n])} | {a['short']:.1f} | {a['sentence']:.1f} | {a['paragraph']:.1f} |")
    w("")
    if "sift" in names:
        a = accuracy("sift", lambda i: True, exact=True)
        w(f"Sift with exact tags (zh-Hans ≠ zh-Hant, sr-Cyrl ≠ sr-Latn): {a['short']:.1f} / {a['sentence']:.1f} / {a['paragraph']:.1f}.\n")
    w("**Per language** (accuracy % over the three buckets; — where the tool does not know the language):\n")
    w("| language | n | " + " | ".join(names) + " |")
    w("|---|---|" + "---|" * len(names))
    for l in langs:
        idx = [i for i in range(len(rows)) if base(gold[i]) == l]
        cells = []
        for n in names:
            if l not in supported[n]:
                cells.append("—")
                continue
            ok = sum(1 for i in idx if base(preds[n][i]) == l)
            cells.append(f"{100 * ok / len(idx):.0f}")
        w(f"| {l} | {len(idx)} | " + " | ".join(cells) + " |")
    w("")
    if "sift" in names:
        conf = collections.Counter((gold[i], preds["sift"][i]) for i in range(len(rows)) if preds["sift"][i] != gold[i])
        w("Sift's most frequent confusions (gold → answer: count): "
          + ", ".join(f"{g} → {p}: {c}" for (g, p), c in conf.most_common(15)) + ".\n")
    text = "\n".join(out) + "\n"
    if args.markdown:
        open(args.markdown, "w", encoding="utf-8").write(text)
    else:
        print(text)


main()
