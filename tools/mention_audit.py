#!/usr/bin/env python3
"""Lists every name the build linked in talk texts, grouped by (form as written, page linked), with
one line of context each, for checking false links by hand (issue: connected archive).

    tools/mention_audit.py PUBLIC_DIR [--all]

PUBLIC_DIR is a built site (minified or not). Prints one group per line: count, form, target, and
the context of the first occurrence; with --all, every occurrence."""
import html, re, sys
from collections import defaultdict
from pathlib import Path

LINK = re.compile(r'<a class="?mention"? href="?([^" >]+)"?>(.*?)</a>', re.S)

def plain(s):
    return html.unescape(re.sub(r"<[^>]+>", "", s))

def main():
    root = Path(sys.argv[1])
    every = "--all" in sys.argv
    groups = defaultdict(list)
    for page in sorted(root.glob("talks/*/*/index.html")):
        text = page.read_text(encoding="utf-8")
        for m in LINK.finditer(text):
            inner = m.group(2)
            form = plain(re.sub(r'<span class="?fix"?>.*?</span>', "", inner))
            before = plain(text[max(0, m.start() - 300):m.start()])[-20:]
            after = plain(text[m.end():m.end() + 300])[:20]
            groups[(form, m.group(1))].append(f"{page.parent.relative_to(root)}: …{before}【{form}】{after}…")
    for (form, target), places in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        print(f"{len(places):4d}  {form}  →  {target}")
        for p in places if every else places[:1]:
            print(f"        {p}")
    print(f"{sum(len(v) for v in groups.values())} links, {len(groups)} distinct (form, target) pairs")

if __name__ == "__main__":
    main()
