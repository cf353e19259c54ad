#!/usr/bin/env python3
"""Whether trafilatura and jusText do the text-path job: given the plain text of scraped pages (no
HTML, as `clean-scraped` gets them), what do they return?

Usage: textpath_peers.py scraped.jsonl [PAGES]   (pip install trafilatura justext lxml_html_clean)
  → for each tool: pages it returned nothing for, pages it returned whole (one paragraph, noise
    included), pages it returned a part of, and its throughput."""
import json, sys, time
import justext, trafilatura

path = sys.argv[1]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 500
pages = []
with open(path, encoding='utf-8') as f:
    for line in f:
        pages.append(json.loads(line)['text'])
        if len(pages) == limit:
            break
size = sum(len(p.encode('utf-8')) for p in pages)


def tally(name, run):
    nothing = whole = part = 0
    t0 = time.process_time()
    for p in pages:
        out = run(p)
        if not out:
            nothing += 1
        elif out.split() == p.split():
            whole += 1
        else:
            part += 1
    t = time.process_time() - t0
    print(f"{name}: {len(pages)} pages, {nothing} returned nothing, {whole} returned whole (noise included), "
          f"{part} returned a part; {size / 1e6 / t:.2f} MB per CPU second")


tally("trafilatura.extract", lambda p: trafilatura.extract(p))
stoplist = justext.get_stoplist("English")
tally("justext (non-boilerplate paragraphs)",
      lambda p: "\n".join(x.text for x in justext.justext(p, stoplist) if not x.is_boilerplate))
single = sum(1 for p in pages if len(justext.justext(p, stoplist)) == 1)
print(f"justext saw the whole page as one paragraph on {single} of {len(pages)} pages (plain text has no block tags)")
