#!/usr/bin/env python3
"""Replaces the text between <!-- begin SECTION --> and <!-- end SECTION --> in a Markdown file
(appending the section if it is not there yet). usage: update_markdown.py FILE SECTION CONTENT_FILE"""
import re, sys
path, section, content = sys.argv[1], sys.argv[2], open(sys.argv[3], encoding='utf-8').read().strip()
try:
    text = open(path, encoding='utf-8').read()
except FileNotFoundError:
    text = '# Benchmarks\n'
block = f'<!-- begin {section} -->\n{content}\n<!-- end {section} -->'
pattern = re.compile(rf'<!-- begin {re.escape(section)} -->.*?<!-- end {re.escape(section)} -->', re.S)
text = pattern.sub(lambda m: block, text) if pattern.search(text) else text.rstrip() + f'\n\n## {section}\n\n{block}\n'
open(path, 'w', encoding='utf-8').write(text)
