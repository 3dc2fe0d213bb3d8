#!/usr/bin/env python3
"""Curation aid for the shipped archive (not part of the generator).

  tools/curate.py fill [TALK.md ...]      write each talk's body from its [source] file and lines
  tools/curate.py coverage SOURCE.txt     check that the talks cover every line of SOURCE exactly once
  tools/curate.py show SOURCE.txt A B     print lines A..B of SOURCE with numbers

Talk bodies are the source lines verbatim, one paragraph per line, with the transcripts' noise
markers (emoji) and image placeholders (`![](img/...)`) dropped. Alt text that a curator wrote into
an image (`![alt](url)`) survives a re-fill. See docs/content-format.md.
"""
import os
import re
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(os.path.dirname(ROOT), "shared", "seeds")
TALKS = os.path.join(ROOT, "content", "talks")

# Speech-recognition noise markers: pictographs and emoticons only (the article's 👇 is authored text,
# but the article is not a transcript, so only transcripts are cleaned).
NOISE = re.compile("[\U0001F300-\U0001FAFF\u2600-\u26FF\u2700-\u27BF\uFE0F]")
PLACEHOLDER = re.compile(r"^!\[[^\]]*\]\(img/[^)]*\)\s*$")
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
TRANSCRIPTS = ("001_", "002_", "003_")


def split_front_matter(text):
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("+++\n"):
        raise ValueError("no front matter")
    end = text.find("\n+++\n", 3)
    if end < 0:
        if text.endswith("\n+++"):
            end = len(text) - 4
        else:
            raise ValueError("front matter not closed")
    return text[4:end + 1], text[end + 5:]


def clean_line(file_name, line):
    line = line.rstrip("\n").rstrip("\r")
    if file_name.startswith(TRANSCRIPTS):
        line = NOISE.sub("", line)
    if PLACEHOLDER.match(line.strip()):
        return ""
    return line.strip() if file_name.startswith(TRANSCRIPTS) else line.rstrip()


def source_lines(file_name):
    with open(os.path.join(SEEDS, file_name), encoding="utf-8") as f:
        return f.read().split("\n")


def body_for(file_name, start, end, old_body=""):
    lines = source_lines(file_name)
    alts = {url: alt for alt, url in IMAGE.findall(old_body) if alt}
    paras = []
    for n in range(start, end + 1):
        line = clean_line(file_name, lines[n - 1])
        if not line.strip():
            continue
        line = IMAGE.sub(lambda m: "![%s](%s)" % (m.group(1) or alts.get(m.group(2), ""), m.group(2)), line)
        paras.append(line)
    return "\n\n".join(paras) + "\n"


def talk_files(args):
    if args:
        return args
    out = []
    for d, _, files in os.walk(TALKS):
        out += [os.path.join(d, f) for f in files if f.endswith(".md")]
    return sorted(out)


def fill(args):
    for path in talk_files(args):
        with open(path, encoding="utf-8") as f:
            fm, body = split_front_matter(f.read())
        meta = tomllib.loads(fm)
        src = meta.get("source", {})
        if "file" not in src or "lines" not in src:
            continue
        start, end = src["lines"]
        new = "+++\n" + fm + "+++\n" + body_for(src["file"], start, end, body)
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
        print("filled", os.path.relpath(path, ROOT), start, end)


def coverage(args):
    file_name = os.path.basename(args[0])
    lines = source_lines(file_name)
    owner = {}
    problems = 0
    for path in talk_files([]):
        with open(path, encoding="utf-8") as f:
            fm, body = split_front_matter(f.read())
        src = tomllib.loads(fm).get("source", {})
        if src.get("file") != file_name or "lines" not in src:
            continue
        start, end = src["lines"]
        rel = os.path.relpath(path, ROOT)
        if not (1 <= start <= end <= len(lines)):
            print(f"{rel}: lines {start}-{end} outside 1-{len(lines)}")
            problems += 1
            continue
        for n in range(start, end + 1):
            if n in owner:
                print(f"line {n} is in both {owner[n]} and {rel}")
                problems += 1
            owner[n] = rel
        want = body_for(file_name, start, end)
        strip_alt = lambda s: IMAGE.sub(lambda m: "![](%s)" % m.group(2), s).strip()
        if strip_alt(want) != strip_alt(body):
            print(f"{rel}: body differs from source lines {start}-{end} (run tools/curate.py fill {rel})")
            problems += 1
    missing = [n for n in range(1, len(lines) + 1)
               if clean_line(file_name, lines[n - 1]).strip() and n not in owner]
    for n in missing:
        print(f"line {n} is in no talk: {lines[n - 1][:60]}")
    problems += len(missing)
    print(f"{file_name}: {len(owner)} lines in talks, {len(missing)} uncovered, {problems} problems")
    return 1 if problems else 0


def show(args):
    lines = source_lines(os.path.basename(args[0]))
    for n in range(int(args[1]), int(args[2]) + 1):
        print(f"{n}: {lines[n - 1]}")


if __name__ == "__main__":
    cmd, rest = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("", [])
    if cmd == "fill":
        fill(rest)
    elif cmd == "coverage":
        sys.exit(coverage(rest))
    elif cmd == "show":
        show(rest)
    else:
        print(__doc__)
        sys.exit(2)
