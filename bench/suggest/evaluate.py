#!/usr/bin/env python3
"""Quality of `talkarchive suggest aliases` against the shipped archive's own aliases.

    python3 bench/suggest/evaluate.py --bin target/release/talkarchive --root . --work bench/work/suggest

Makes a scratch copy of the site with every `aliases` and `not_aliases` line of the speakers and
orgs removed (set aside), runs `suggest aliases --json --min-score 0` on it and compares:

* recall: of the set-aside aliases that occur in some talk's text, the share suggested (at any
  score) for the right speaker or org, as the form itself or inside a longer suggested span;
* precision: of the suggestions scoring at least the default threshold, the share that are a
  set-aside alias of that speaker or org or hold one whole (a form never recorded, and a
  `not_aliases` one, count as wrong).

Prints a JSON summary (and the misses and the wrong suggestions above the threshold).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import time
import tomllib
from pathlib import Path

DEFAULT_MIN_SCORE = 0.6  # src/suggest/mod.rs DEFAULT_MIN_SCORE


def front_matter(text: str) -> str:
    parts = text.split("+++", 2)
    return parts[1] if len(parts) == 3 else ""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/talkarchive")
    ap.add_argument("--root", default=".")
    ap.add_argument("--work", default="bench/work/suggest")
    args = ap.parse_args()
    root, work = Path(args.root), Path(args.work)
    site = work / "site"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    shutil.copy(root / "talkarchive.toml", site / "talkarchive.toml")
    shutil.copytree(root / "content", site / "content")
    # Talks name their source documents, which a build checks are there.
    if (root / "sources").is_dir():
        shutil.copytree(root / "sources", site / "sources")

    set_aside: dict[str, list[str]] = {}
    for kind in ("speakers", "orgs"):
        for f in sorted((site / "content" / kind).glob("*.md")):
            text = f.read_text(encoding="utf-8")
            meta = tomllib.loads(front_matter(text))
            set_aside[f"{kind}/{f.stem}"] = meta.get("aliases", [])
            kept = [l for l in text.split("\n") if not re.match(r"^(not_)?aliases\s*=", l)]
            f.write_text("\n".join(kept), encoding="utf-8")

    talk_text = "\n".join(
        p.read_text(encoding="utf-8").split("+++", 2)[2]
        for p in sorted((site / "content" / "talks").rglob("*.md"))
    )
    truth = {(t, a) for t, aliases in set_aside.items() for a in aliases if a in talk_text}

    started = time.perf_counter()
    out = subprocess.run(
        [args.bin, "suggest", "aliases", "--root", str(site), "--json", "--min-score", "0"],
        check=True,
        capture_output=True,
    ).stdout
    seconds = time.perf_counter() - started
    found = json.loads(out)
    # A suggestion is right if it is a set-aside alias of its target or holds one whole (the span
    # 东浩男声会展集团 where 东浩男声 was recorded: recording either links the passage).
    by_target: dict[str, set[str]] = {}
    for t, a in truth:
        by_target.setdefault(t, set()).add(a)

    def right(s: dict) -> bool:
        return any(a in s["form"] for a in by_target.get(s["target"], ()))

    top = [s for s in found if s["score"] >= DEFAULT_MIN_SCORE]
    right_top = [s for s in top if right(s)]
    hit = {(t, a) for t, a in truth if any(s["target"] == t and a in s["form"] for s in found)}
    suggested = hit
    summary = {
        "aliases_set_aside": sum(len(a) for a in set_aside.values()),
        "aliases_in_talk_text": len(truth),
        "suggestions": len(found),
        "recall": round(len(hit) / len(truth), 3) if truth else None,
        "suggestions_above_default": len(top),
        "right_above_default": len(right_top),
        "precision_above_default": round(len(right_top) / len(top), 3) if top else None,
        "seconds_without_aliases": round(seconds, 3),
        "missed": sorted(f"{t} {a}" for t, a in truth - suggested),
        "wrong_above_default": [
            f"{s['target']} {s['form']} {s['score']}" for s in top if not right(s)
        ],
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
