"""Text found on any Debian machine, for building benchmark corpora: paragraphs of the package
READMEs under /usr/share/doc, each joined onto one line."""
import glob, re

def readme_paragraphs(keep):
    """Every paragraph (blank-line separated, whitespace collapsed) for which keep(line) holds,
    in a fixed order."""
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
            if keep(line):
                paras.append(line)
    return paras
