#!/usr/bin/env python3
"""Synthetic talkarchive archives at N times the shipped one, for the scale benchmark.

    python3 bench/synth/synth.py --factor 50 --out bench/work/synth-50 [--seed 7] [--root .] [--same-names]

Copy 0 is the shipped `content/` unchanged, so factor 1 *is* the shipped archive. Every further copy
k (1..N-1) keeps the same events, talks, speakers, orgs and trends and the same references between
them, but is a distinct archive text, so that neither a search index nor a compressor sees the same
text twice:

* Names: every speaker and org name, alias and English name becomes a new name in copy k, wherever
  it occurs (front matter and talk texts alike, so a speaker's new name is still found in the talks
  that mention it): each of its hanzi goes through a per-copy injective map onto the 6,763 hanzi
  of GB 2312, each Latin letter through a per-copy letter permutation.
* Running text: a seeded fifth of the corpus's hanzi go through the same map everywhere (so a
  trend's keywords still match the talks that discuss it), and a seeded fifth of the Latin words
  (outside URLs), plus longer words that are part of names, through the letter permutation.
  Every sentence differs from its original; the vocabulary of words grows with every copy.
* Slugs: enciphered with the same letter permutation plus `-x<k>`, so every copy has new,
  unique slugs; talk slugs keep their programme number.
* Dates move by k weeks, trend numbers by 10*k; `[source]` keeps its title and url but drops
  `file`/`lines`, which only make sense for the verbatim seed text.

With `--same-names` the copies add text but no people: copy k has its own events, talks and
trends, but no speakers or orgs of its own; its talks name the shipped speakers and orgs, by their
real names, aliases included. That is an archive that grew in text with the same names, the case
in which work that looks for names in the text should grow only with the text.

Deterministic: the output depends only on the input content, the factor and the seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

KINDS = ("events", "talks", "speakers", "orgs", "trends")
# With --same-names every copy names these, the shipped ones, and has none of its own.
PEOPLE_KINDS = ("speakers", "orgs")
CJK_FIRST, CJK_LAST = 0x4E00, 0x9FA5
MARKER = ".talkarchive-synth"
URL_RE = re.compile(r"https?://[^\s)\]>\"']+")
WORD_RE = re.compile(r"[A-Za-z]+")
OTHER_CHAR_SHARE = 0.2
OTHER_WORD_SHARE = 0.2


def is_cjk(c: str) -> bool:
    return CJK_FIRST <= ord(c) <= CJK_LAST


@dataclass
class Doc:
    kind: str
    rel: Path  # relative to content/
    slug: str
    meta: dict
    body: str


def split_front_matter(text: str, path: Path) -> tuple[str, str]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "+++":
        sys.exit(f"{path}: no front matter (first line must be +++)")
    for i in range(1, len(lines)):
        if lines[i].strip() == "+++":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :])
    sys.exit(f"{path}: front matter is not closed by a +++ line")


def load(root: Path) -> list[Doc]:
    docs = []
    content = root / "content"
    for kind in KINDS:
        for path in sorted((content / kind).rglob("*.md")):
            fm, body = split_front_matter(path.read_text(encoding="utf-8"), path)
            try:
                meta = tomllib.loads(fm)
            except tomllib.TOMLDecodeError as e:
                sys.exit(f"{path}: {e}")
            docs.append(Doc(kind, path.relative_to(content), path.stem, meta, body))
    return docs


# --- TOML output (only the value types the content format uses) -------------------------------


def toml_str(s: str) -> str:
    out = ['"']
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return toml_str(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as a TOML value")


def write_doc(path: Path, meta: dict, body: str) -> None:
    lines = ["+++"]
    tables = []
    for k, v in meta.items():
        if isinstance(v, dict):
            tables.append((k, v))
        else:
            lines.append(f"{k} = {toml_value(v)}")
    for name, table in tables:
        lines.append("")
        lines.append(f"[{name}]")
        for k, v in table.items():
            lines.append(f"{k} = {toml_value(v)}")
    lines.append("+++")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n" + body, encoding="utf-8")


# --- One copy's transformation ---------------------------------------------------------------


def gb2312_chars() -> list[str]:
    """The 6,763 hanzi of GB 2312 (levels 1 and 2): a pool of characters people actually write."""
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


class NameSplitter:
    """Splits text into plain pieces and occurrences of known names (longest match first, outside
    URLs), the same substrings talkarchive's name finder links. Memoised: every copy reuses it."""

    def __init__(self, names: set[str]):
        self.by_first: dict[str, list[str]] = {}
        for n in sorted(names, key=len, reverse=True):
            self.by_first.setdefault(n[0], []).append(n)
        self.cache: dict[str, list[tuple[int, str]]] = {}

    def split(self, s: str) -> list[tuple[int, str]]:
        """Pieces of `s`: (0, plain text), (1, a name), (2, a URL)."""
        got = self.cache.get(s)
        if got is not None:
            return got
        out: list[tuple[int, str]] = []
        last = 0
        for m in URL_RE.finditer(s):
            self._names(s[last : m.start()], out)
            out.append((2, m.group()))
            last = m.end()
        self._names(s[last:], out)
        self.cache[s] = out
        return out

    def _names(self, s: str, out: list[tuple[int, str]]) -> None:
        i, start, n = 0, 0, len(s)
        by_first = self.by_first
        while i < n:
            cands = by_first.get(s[i])
            if cands:
                for name in cands:
                    if s.startswith(name, i):
                        if start < i:
                            out.append((0, s[start:i]))
                        out.append((1, name))
                        i += len(name)
                        start = i
                        break
                else:
                    i += 1
                continue
            i += 1
        if start < n:
            out.append((0, s[start:]))


class Copy:
    """The deterministic rewrite of the archive for copy number `k` (k >= 1)."""

    def __init__(self, k: int, seed: int, all_chars: list[str], name_chars: set[str],
                 name_words: set[str], pool: list[str], splitter: NameSplitter, same_names: bool = False):
        self.k = k
        self.same_names = same_names
        self.seed = seed
        self.splitter = splitter
        rng = random.Random(f"talkarchive-synth:{seed}:{k}")
        letters = list("abcdefghijklmnopqrstuvwxyz")
        shuffled = letters[:]
        rng.shuffle(shuffled)
        self.lower = dict(zip(letters, shuffled))
        self.letter_table = str.maketrans(
            "".join(letters) + "".join(letters).upper(),
            "".join(shuffled) + "".join(shuffled).upper(),
        )
        # One injective map per copy: names use it on every character, running text on a share.
        general = [c for c in all_chars if rng.random() < OTHER_CHAR_SHARE]
        changed = sorted(set(general) | name_chars)
        kept = set(all_chars) - set(changed)
        free = [c for c in pool if c not in kept]
        if len(free) < len(changed):
            free += [chr(i) for i in range(CJK_FIRST, CJK_LAST + 1) if chr(i) not in kept and chr(i) not in free]
        mapping = dict(zip(changed, rng.sample(free, len(changed))))
        self.name_table = str.maketrans(mapping)
        self.general_table = str.maketrans({c: mapping[c] for c in general})
        self.name_words = name_words
        self.word_cache: dict[str, str] = {}

    def word(self, w: str) -> str:
        out = self.word_cache.get(w)
        if out is None:
            pick = random.Random(f"talkarchive-synth-word:{self.seed}:{self.k}:{w}").random()
            in_name = not self.same_names and len(w) >= 4 and w in self.name_words
            enciphered = pick < OTHER_WORD_SHARE or in_name
            out = w.translate(self.letter_table) if enciphered else w
            self.word_cache[w] = out
        return out

    def name(self, s: str) -> str:
        if self.same_names:
            return s
        return s.translate(self.name_table).translate(self.letter_table)

    def text(self, s: str) -> str:
        parts = []
        for kind, piece in self.splitter.split(s):
            if kind == 0:
                parts.append(WORD_RE.sub(lambda w: self.word(w.group()), piece.translate(self.general_table)))
            elif kind == 1:
                parts.append(self.name(piece))
            else:
                parts.append(piece)
        return "".join(parts)

    def slug(self, s: str) -> str:
        return "".join(self.lower.get(c, c) for c in s) + f"-x{self.k}"

    def talk_slug(self, s: str) -> str:
        return "".join(self.lower.get(c, c) for c in s)

    def date(self, d):
        return d + dt.timedelta(days=7 * self.k) if isinstance(d, dt.date) else d


TEXT_KEYS = {"name", "name_en", "short_name", "place", "title", "summary", "role", "note"}
TEXT_LIST_KEYS = {"aliases", "topics", "keywords"}
REF_KEYS = {"parent", "org"}
REF_LIST_KEYS = {"organisers", "speakers", "moderators", "orgs", "trends", "authors"}
# References to speakers and orgs: with --same-names every copy names the shipped ones.
PEOPLE_REF_KEYS = {"org", "organisers", "speakers", "moderators", "orgs", "authors"}


def rewrite_meta(meta: dict, c: Copy) -> dict:
    out = {}
    for key, v in meta.items():
        if c.same_names and key in PEOPLE_REF_KEYS:
            out[key] = v
        elif key in TEXT_KEYS:
            out[key] = c.text(v)
        elif key in TEXT_LIST_KEYS:
            out[key] = [c.text(x) for x in v]
        elif key in REF_KEYS:
            out[key] = c.slug(v)
        elif key in REF_LIST_KEYS:
            out[key] = [c.slug(x) for x in v]
        elif key == "event":
            out[key] = c.slug(v)
        elif key in ("date", "end_date"):
            out[key] = c.date(v)
        elif key == "number":
            out[key] = v + 10 * c.k
        elif key == "source":
            src = {}
            if "title" in v:
                src["title"] = c.text(v["title"])
            if "url" in v:
                src["url"] = v["url"]
            if src:
                out[key] = src
        else:  # kind, order, confidence, website: same in every copy
            out[key] = v
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--factor", type=int, required=True, help="number of copies of the shipped archive")
    ap.add_argument("--out", type=Path, required=True, help="site folder to (re)create")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2],
                    help="the talkarchive checkout whose content/ is copied (default: this one)")
    ap.add_argument("--same-names", action="store_true",
                    help="copies add events, talks and trends that name the shipped speakers and orgs")
    args = ap.parse_args()
    if args.factor < 1:
        sys.exit("--factor must be at least 1")

    out: Path = args.out
    if out.exists():
        if not (out / MARKER).exists():
            sys.exit(f"{out} exists and was not made by synth.py; refusing to replace it")
        shutil.rmtree(out)
    (out / "content").mkdir(parents=True)
    (out / MARKER).write_text(f"factor={args.factor} seed={args.seed} same_names={args.same_names}\n")
    shutil.copy(args.root / "talkarchive.toml", out / "talkarchive.toml")
    # Copy 0's talks name their source documents, which a build requires to exist.
    if (args.root / "sources").is_dir():
        shutil.copytree(args.root / "sources", out / "sources")

    docs = load(args.root)
    all_chars = sorted({ch for d in docs for ch in d.body + repr(d.meta) if is_cjk(ch)})
    names: set[str] = set()
    for d in docs:
        if d.kind in PEOPLE_KINDS:
            for n in [d.meta.get("name", ""), d.meta.get("name_en", ""), *d.meta.get("aliases", [])]:
                if len(n.strip()) >= 2:
                    names.add(n.strip())
    name_chars = {ch for n in names for ch in n if is_cjk(ch)}
    name_words = {w for n in names for w in WORD_RE.findall(n)}
    splitter = NameSplitter(names)
    pool = gb2312_chars()

    # Copy 0: the shipped files byte for byte, and the glossary of misheard terms (vocabulary,
    # not documents: one for every copy, as search and keywords fold its forms in all of them).
    src_content = args.root / "content"
    if (src_content / "glossary.toml").is_file():
        shutil.copyfile(src_content / "glossary.toml", out / "content" / "glossary.toml")
    for d in docs:
        dest = out / "content" / d.rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src_content / d.rel, dest)

    for k in range(1, args.factor):
        c = Copy(k, args.seed, all_chars, name_chars, name_words, pool, splitter, args.same_names)
        for d in docs:
            if args.same_names and d.kind in PEOPLE_KINDS:
                continue
            meta = rewrite_meta(d.meta, c)
            body = c.text(d.body)
            if d.kind == "talks":
                event = d.rel.parent.name
                rel = Path("talks") / c.slug(event) / (c.talk_slug(d.slug) + ".md")
            else:
                rel = Path(d.kind) / (c.slug(d.slug) + ".md")
            write_doc(out / "content" / rel, meta, body)

    def copies(kind: str) -> int:
        return 1 if args.same_names and kind in PEOPLE_KINDS else args.factor

    counts = {kind: sum(1 for d in docs if d.kind == kind) * copies(kind) for kind in KINDS}
    print(f"synth: factor {args.factor} -> {out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
