#!/usr/bin/env python3
"""Converts a talkarchive site into a Hugo site of plain pages, for the side-by-side benchmark.

    python3 bench/hugo_convert.py --src bench/work/synth-10 --out bench/work/hugo-10

Every talk, speaker, org, event and trend becomes one Hugo page with the same body Markdown and
the same cross-links talkarchive shows (a talk's event, speakers, moderators, orgs and trends; a
speaker's org and talks; an org's people and talks; an event's talks; a trend's talks), written as
Markdown links so that the Hugo layout in bench/hugo-site-template/ stays minimal. Pagefind then
indexes the same text talkarchive indexes.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "synth"))
from synth import load, toml_str  # noqa: E402

TEMPLATE = Path(__file__).resolve().parent / "hugo-site-template"
MARKER = ".talkarchive-hugo"
SECTIONS = {
    "talks": "演讲",
    "speakers": "嘉宾",
    "orgs": "机构",
    "events": "活动",
    "trends": "趋势",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", type=Path, required=True, help="a talkarchive site folder")
    ap.add_argument("--out", type=Path, required=True, help="the Hugo site folder to (re)create")
    args = ap.parse_args()
    out: Path = args.out
    if out.exists():
        if not (out / MARKER).exists():
            sys.exit(f"{out} exists and was not made by hugo_convert.py; refusing to replace it")
        shutil.rmtree(out)
    shutil.copytree(TEMPLATE, out)
    (out / MARKER).write_text(f"from {args.src}\n")

    docs = load(args.src)
    by = {kind: {} for kind in SECTIONS}
    talk_url = {}
    for d in docs:
        if d.kind == "talks":
            event = d.rel.parent.name
            talk_url[(event, d.slug)] = f"/talks/{event}/{d.slug}/"
        else:
            by[d.kind][d.slug] = d

    def link(kind: str, slug: str) -> str:
        d = by[kind].get(slug)
        label = (d.meta.get("name") or d.meta.get("title") or slug) if d else slug
        return f"[{label}](/{kind}/{slug}/)"

    talks_of = defaultdict(list)  # (kind, slug) -> [(order key, markdown link)]
    people_of_org = defaultdict(list)
    for d in docs:
        if d.kind == "speakers" and d.meta.get("org"):
            people_of_org[d.meta["org"]].append(link("speakers", d.slug))
        if d.kind != "talks":
            continue
        event = d.rel.parent.name
        entry = (d.meta.get("order", 0), f"[{d.meta['title']}]({talk_url[(event, d.slug)]})")
        talks_of[("events", event)].append(entry)
        for s in d.meta.get("speakers", []) + d.meta.get("moderators", []):
            talks_of[("speakers", s)].append(entry)
        for o in d.meta.get("orgs", []):
            talks_of[("orgs", o)].append(entry)
        for t in d.meta.get("trends", []):
            talks_of[("trends", t)].append(entry)

    for kind, title in SECTIONS.items():
        (out / "content" / kind).mkdir(parents=True, exist_ok=True)
        (out / "content" / kind / "_index.md").write_text(f"+++\ntitle = {toml_str(title)}\n+++\n")

    for d in docs:
        m = d.meta
        head: list[str] = []
        if d.kind == "talks":
            event = d.rel.parent.name
            title = m["title"]
            head.append(f"活动：{link('events', event)}")
            for key, label in (("speakers", "嘉宾"), ("moderators", "主持")):
                if m.get(key):
                    head.append(f"{label}：" + "、".join(link("speakers", s) for s in m[key]))
            if m.get("orgs"):
                head.append("机构：" + "、".join(link("orgs", o) for o in m["orgs"]))
            if m.get("trends"):
                head.append("趋势：" + "、".join(link("trends", t) for t in m["trends"]))
            if m.get("topics"):
                head.append("话题：" + "、".join(m["topics"]))
            head.append(f"摘要：{m['summary']}")
            path = out / "content" / "talks" / event / f"{d.slug}.md"
        else:
            title = m.get("name") or m.get("title")
            if d.kind == "trends":
                title = f"{m['number']}. {m['name']}：{m['title']}"
                if m.get("authors"):
                    head.append("作者：" + "、".join(link("speakers", s) for s in m["authors"]))
            for key in ("name_en", "role", "place", "short_name"):
                if m.get(key):
                    head.append(str(m[key]))
            if m.get("aliases"):
                head.append("又作：" + "、".join(m["aliases"]))
            if d.kind == "speakers" and m.get("org"):
                head.append(f"机构：{link('orgs', m['org'])}")
            if d.kind == "events":
                if m.get("parent"):
                    head.append(f"属于：{link('events', m['parent'])}")
                if m.get("organisers"):
                    head.append("主办：" + "、".join(link("orgs", o) for o in m["organisers"]))
            path = out / "content" / d.kind / f"{d.slug}.md"
        tail: list[str] = []
        if d.kind == "orgs" and people_of_org.get(d.slug):
            tail.append("## 成员\n\n" + "\n".join(f"- {p}" for p in people_of_org[d.slug]))
        talks = sorted(talks_of.get((d.kind, d.slug), []))
        if talks and d.kind != "talks":
            tail.append("## 演讲\n\n" + "\n".join(f"- {t}" for _, t in talks))
        text = "+++\ntitle = " + toml_str(title) + "\n+++\n"
        text += "\n\n".join(head) + "\n\n" + d.body.strip("\n") + "\n\n" + "\n\n".join(tail) + "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"hugo_convert: {len(docs)} pages -> {out}")


if __name__ == "__main__":
    main()
