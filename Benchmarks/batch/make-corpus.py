#!/usr/bin/env python3
"""Generates a benchmark corpus for `sift batch`: many scraped-looking pages in nested folders
(and a few JSONL shards), built from the sample pages in Corpora/scraped with variations, up to a
target size. Deterministic for a given seed.

    Benchmarks/batch/make-corpus.py Benchmarks/work/batch-corpus --megabytes 1000
"""
import argparse
import gzip
import json
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NOISE = ["?", "??", "？", "□", "■ ■", "•", "", "", "   ", "\u00a0", "\u200b"]
TAGS = ["#news", "#ferry", "#library", "#river", "#port", "#city", "#weather", "#culture"]


def templates():
    folder = os.path.join(ROOT, "Corpora", "scraped")
    pages = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            pages.append([line.rstrip("\n") for line in f])
    return pages


def page(rng, pages, size):
    """One page of about `size` bytes: template lines, shuffled in blocks, with numbers changed,
    noise lines, runs of spaces and blank lines, and decomposed accents here and there."""
    out = []
    total = 0
    while total < size:
        lines = rng.choice(pages)
        start = rng.randrange(len(lines))
        for line in lines[start:] + lines[:start]:
            if rng.random() < 0.15:
                line = "".join(str(rng.randrange(10)) if c.isdigit() else c for c in line)
            if rng.random() < 0.1:
                line = line.replace(" ", "   ", 2)
            if rng.random() < 0.05:
                line = line.replace("é", "e\u0301")
            out.append(line)
            if rng.random() < 0.08:
                out.append(rng.choice(NOISE))
            if rng.random() < 0.05:
                out.extend([""] * rng.randrange(2, 5))
            total += len(line.encode("utf-8")) + 1
        out.append(" ".join(rng.sample(TAGS, 3)))
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--megabytes", type=int, default=1000)
    parser.add_argument("--shards", type=int, default=4, help="JSONL shards (half of them gzip) among the files")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pages = templates()
    target = args.megabytes * 1_000_000
    shard_bytes = target // 10  # a tenth of the corpus in shards
    written = 0
    for s in range(args.shards):
        name = os.path.join(args.out, "shards", "part-%03d.jsonl" % s + (".gz" if s % 2 else ""))
        os.makedirs(os.path.dirname(name), exist_ok=True)
        opener = gzip.open if name.endswith(".gz") else open
        size = 0
        with opener(name, "wt", encoding="utf-8") as f:
            i = 0
            while size < shard_bytes // args.shards:
                text = page(rng, pages, rng.randrange(2_000, 30_000))
                line = json.dumps({"id": "s%d-%d" % (s, i), "text": text, "metadata": {"url": "https://example.org/%d/%d" % (s, i)}},
                                  ensure_ascii=False)
                f.write(line + "\n")
                size += len(text.encode("utf-8"))
                i += 1
        written += size
    n = 0
    while written < target:
        text = page(rng, pages, rng.randrange(4_000, 60_000))
        name = os.path.join(args.out, "site-%02d" % (n % 40), "%02d" % (n // 40 % 25), "page-%06d.txt" % n)
        os.makedirs(os.path.dirname(name), exist_ok=True)
        with open(name, "w", encoding="utf-8") as f:
            f.write(text)
        written += len(text.encode("utf-8"))
        n += 1
    print("%s: %d pages and %d shards, %.1f MB of text" % (args.out, n, args.shards, written / 1e6))


if __name__ == "__main__":
    main()
