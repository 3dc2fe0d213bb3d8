#!/usr/bin/env python3
"""Turns a results JSON of bench/bench.py (and serve_latency.py) into Markdown tables.

    python3 bench/report.py bench/work/results-<stamp>.json [MORE.json ...] > bench/work/results-<stamp>.md

With several files, the sizes and serve measurements of the later ones are added to the first's
tables (each later file's date and load are listed).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MIB = 1024**2
GIB = 1024**3

# Targets of issue 7 (factor -> (wall seconds, peak bytes)); serve targets in ms.
BUILD_TARGETS = {1: (0.3, None), 50: (10.0, 1 * GIB), 200: (40.0, 3 * GIB)}
SERVE_TARGETS = {1: 100.0, 50: 1000.0}


def secs(x) -> str:
    return "—" if x is None else (f"{x:.2f} s" if x < 10 else f"{x:.1f} s")


def first_and(first, rebuild) -> str:
    """A first build's time and a rebuild's, or the rebuild's alone (results before 2026-11-30)."""
    return secs(rebuild) if first is None else f"{secs(first)} / {secs(rebuild)}"


def mem(x) -> str:
    if x is None:
        return "—"
    return f"{x / GIB:.2f} GiB" if x >= GIB else f"{x / MIB:.0f} MiB"


def size(x) -> str:
    return "—" if x is None else (f"{x / MIB:.1f} MiB" if x >= MIB else f"{x / 1024:.0f} KiB")


def files(d: dict | None) -> str:
    """Bytes and files of a folder (dir_stats of bench.py, dirSize of bench/search/measure.mjs)."""
    return "—" if not d else f"{size(d['bytes'])} ({d['files']:,} files)"


def kib(x) -> str:
    return "—" if x is None else f"{x / 1024:.1f}"


def per_query(e: dict | None) -> str:
    """Bytes per query of bench/search/bytes.mjs: median / p90 KiB as sent, cold."""
    if not e or "perQuery" not in e:
        return "—"
    return f"{kib(e['perQuery']['median'])} / {kib(e['perQuery']['p90'])} KiB"


def load(r: dict) -> str:
    return f"{r['load_before'][0]:.1f}→{r['load_after'][0]:.1f}"


def verdict(n: int, wall, rss) -> str:
    t = BUILD_TARGETS.get(n)
    if not t or wall is None:
        return ""
    tw, tm = t
    parts = []
    parts.append(f"wall {'meets' if wall < tw else 'misses'} <{tw:g} s" +
                 ("" if wall < tw else f" (×{wall / tw:.1f})"))
    if tm:
        parts.append(f"memory {'meets' if rss < tm else 'misses'} <{tm / GIB:g} GiB" +
                     ("" if rss < tm else f" (×{rss / tm:.1f})"))
    return "; ".join(parts)


def main() -> None:
    data = json.loads(Path(sys.argv[1]).read_text())
    more = [json.loads(Path(f).read_text()) for f in sys.argv[2:]]
    for other in more:
        data["sizes"] += other["sizes"]
        data.setdefault("serve", []).extend(other.get("serve", []))
    m = data["machine"]
    print(f"Run of {data['date']} on {m['cpu_model']}, {m['cpus']} CPUs, "
          f"{m['mem_total_bytes'] / GIB:.1f} GiB RAM, Linux {m['kernel']}; load average (1 min) "
          f"{data['load_at_start'][0]:.2f} at the start, {data.get('load_at_end', ['?'])[0]} at the end. "
          f"talkarchive {m['talkarchive_commit']} ({m['rustc']}), {m['hugo']}, Pagefind {m['pagefind']}. "
          f"Wall and peak RSS from `/usr/bin/time -v`, median of {data['runs']} runs "
          f"(one run from 50× on).")
    for other in more:
        print(f"Added: {', '.join(str(x['factor']) + '×' for x in other['sizes'])} from the run of "
              f"{other['date']} (load {other['load_at_start'][0]:.2f} at its start, talkarchive "
              f"{other['machine']['talkarchive_commit']}).")
    print()

    print("| size | events / talks / speakers / orgs / trends | content "
          "| talkarchive build: into an empty folder / after an edit | CPU | peak RSS "
          "| pages (HTML) | output | `_search/` | search: before 1st query | search: per query, median / p90 "
          "| Hugo | Pagefind | Hugo + Pagefind: into an empty folder / after an edit | CPU | peak RSS "
          "| pages (HTML) | Pagefind index | Pagefind: before 1st query | Pagefind: per query, median / p90 "
          "| ratio wall (empty / edit) | ratio CPU | ratio memory |")
    print("|---" * 23 + "|")
    for s in data["sizes"]:
        c = s["counts"]
        ta = s["talkarchive"]
        hp = s.get("hugo_pagefind", {})
        h = s.get("hugo", {})
        p = s.get("pagefind", {})
        sb = s.get("search_bytes", {})
        sb_ta, sb_pf = sb.get("talkarchive"), sb.get("pagefind")
        row = [
            f"{s['factor']}×",
            f"{c['events']} / {c['talks']} / {c['speakers']} / {c['orgs']} / {c['trends']}",
            size(s["content"]["bytes"]),
            first_and(ta.get("first", {}).get("wall_s"), ta["wall_s"]),
            secs(ta.get("cpu_s")),
            mem(ta["peak_rss_bytes"]),
            str(ta["output"]["html_pages"]),
            files(ta["output"]),
            files(ta["search"]),
            f"{kib(sb_ta['beforeFirstQuery'])} KiB" if sb_ta else "—",
            per_query(sb_ta),
        ]
        if "hugo_skipped" in s:
            row += ["skipped"] * 3 + ["—"] * 9
        elif "pagefind_skipped" in s:
            # Hugo alone: Hugo + Pagefind took longer than Hugo did.
            row += [secs(h.get("wall_s")), "skipped", f"> {secs(h.get('wall_s'))}", "—", "—",
                    str(h.get("output", {}).get("html_pages", "—"))] + ["—"] * 6
        else:
            row += [
                secs(h.get("wall_s")),
                secs(p.get("wall_s")),
                first_and(hp.get("first_wall_s"), hp.get("wall_s")),
                secs(hp.get("cpu_s")),
                mem(hp.get("peak_rss_bytes")),
                str(h.get("output", {}).get("html_pages", "—")),
                files(p.get("index")),
                f"{kib(sb_pf['beforeFirstQuery'])} KiB" if sb_pf and "perQuery" in sb_pf else "—",
                per_query(sb_pf),
                (f"{s['ratio_wall_first']}× / " if "ratio_wall_first" in s else "")
                + (f"{s['ratio_wall']}×" if "ratio_wall" in s else "—"),
                f"{s['ratio_cpu']}×" if "ratio_cpu" in s else "—",
                f"{s['ratio_peak_rss']}×" if "ratio_peak_rss" in s else "—",
            ]
        print("| " + " | ".join(row) + " |")
    print()

    if any("search_bytes" in s for s in data["sizes"]):
        print("Search columns: bench/search/bytes.mjs, the search benchmark's cold measurement "
              "(bench/search/run.mjs describes it) of its query set in headless Chromium: a fresh "
              "browser context per query, 10 results with excerpts rendered; bytes as a gzipping "
              "static server sends them (KiB). \"Before 1st query\" = the engine's "
              "query-independent files (talkarchive: search.js and _search/*.json; Pagefind: its "
              "JS, WASM and metadata), fetched by the end of the first query; \"per query\" = the "
              "query-dependent files of one cold query. Pagefind's index is the one bench.py "
              "timed (Hugo site, Pagefind's default settings).\n")
        for s in data["sizes"]:
            sb = s.get("search_bytes")
            if not sb:
                continue
            parts = []
            for name, e in (("talkarchive", sb.get("talkarchive")), ("Pagefind", sb.get("pagefind"))):
                if not e:
                    continue
                if "perQuery" not in e:
                    parts.append(f"{name}: {e.get('skipped', 'not measured')}")
                    continue
                parts.append(f"{name}: index {files(e['index'])}, served {size(e['index']['servedGzipBytes'])}; "
                             f"per query max {kib(e['perQuery']['max'])} KiB, median "
                             f"{e['perQuery']['medianFiles']:g} files; {e['withResults']}/{e['queries']} "
                             f"queries with results; first query {e['ms']['median']:.0f} ms median; "
                             f"{e['errors']} page errors")
            print(f"- **{s['factor']}×** (load {sb['loadBefore'][0]:.1f}→{sb['loadAfter'][0]:.1f}) "
                  + "; ".join(parts))
        print()

    print("Per run (wall / peak RSS, load average before→after):\n")
    for s in data["sizes"]:
        ta = s["talkarchive"]
        first = ta.get("first")
        line = [f"- **{s['factor']}×** talkarchive: "
                + (f"into an empty folder {secs(first['wall_s'])} / {mem(first['peak_rss_bytes'])} "
                   f"(load {load(first)}), after an edit " if first else "")
                + ", ".join(f"{secs(r['wall_s'])} / {mem(r['peak_rss_bytes'])} (load {load(r)})" for r in ta["runs"])]
        if "check" in s:
            line.append(f"check: {secs(s['check']['wall_s'])}, {' '.join(s['check']['message'])}")
        for tool in ("hugo", "pagefind"):
            if tool in s:
                runs = ([s[tool]["first"]] if s[tool].get("first") else []) + s[tool]["runs"]
                line.append(f"{tool}: " + ", ".join(
                    (f"killed over {mem(r['killed_over_bytes'])} after {r['killed_after_s']} s"
                     if "killed_over_bytes" in r else f"{secs(r['wall_s'])} / {mem(r['peak_rss_bytes'])}")
                    + f" (load {load(r)})" for r in runs)
                    + (" (the first into an empty folder)" if s[tool].get("first") else ""))
        if "hugo_skipped" in s:
            line.append(f"Hugo + Pagefind {s['hugo_skipped']}")
        if "pagefind_skipped" in s:
            line.append(f"Pagefind {s['pagefind_skipped']}")
        v = verdict(s["factor"], ta["wall_s"], ta["peak_rss_bytes"])
        if v:
            line.append(f"target: {v}")
        print("; ".join(line))
    print()

    if data.get("serve"):
        print("| site | talks | first build | edit → reload signal (median / p90) | edit → page shows it "
              "(median / p90) | min–max (page) | samples | target |")
        print("|---" * 8 + "|")
        for r in data["serve"]:
            factor = int(r["site"].rsplit("-", 1)[-1]) if r["site"].rsplit("-", 1)[-1].isdigit() else None
            target = SERVE_TARGETS.get(factor)
            tgt = ""
            if target:
                worst = r["page"]["median_ms"]
                tgt = (f"<{target:g} ms: " + ("met" if worst < target else f"missed (×{worst / target:.1f})"))
            print(f"| {r['label']} | {r['talks']} | {secs(r['first_build_s'])} | "
                  f"{r['reload']['median_ms']:.0f} / {r['reload']['p90_ms']:.0f} ms | "
                  f"{r['page']['median_ms']:.0f} / {r['page']['p90_ms']:.0f} ms | "
                  f"{r['page']['min_ms']:.0f}–{r['page']['max_ms']:.0f} ms | {r['page']['n']} | {tgt} |")
        print()


if __name__ == "__main__":
    main()
