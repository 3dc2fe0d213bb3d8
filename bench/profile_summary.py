#!/usr/bin/env python3
"""Summarises a `perf record` of talkarchive build: CPU time by library (self time) and the
inclusive time of talkarchive's own functions and of the main library entry points.

    python3 bench/profile_summary.py PERF_DATA SITE_DIR
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict

LINE = re.compile(r"^\s+([\d.]+)%\s+(?:([\d.]+)%\s+)?(\S+)\s+\[(.)\]\s+(.*)$")

# First matching prefix (of the demangled symbol) names the part of the work.
GROUPS = [
    ("jieba (segmentation)", ("jieba_rs", "cedarwood")),
    ("regex engines", ("regex", "regex_automata", "regex_syntax", "fancy_regex", "onig")),
    ("minify (minify-html/js/css)", ("minify_html", "minify_js", "lightningcss", "parse_js", "oxc", "css_minify")),
    ("aho-corasick (names, minify)", ("aho_corasick",)),
    ("tera (templates)", ("tera", "pest")),
    ("pulldown-cmark (Markdown)", ("pulldown_cmark",)),
    ("syntect (highlighting)", ("syntect",)),
    ("toml / serde", ("toml", "serde", "serde_json")),
    ("sha2 (fingerprints)", ("sha2",)),
    ("zhconv / pinyin / normalisation", ("zhconv", "pinyin", "unicode_normalization")),
    ("talkarchive (own code)", ("talkarchive",)),
    ("memory allocation / copying", ("malloc", "free", "realloc", "_int_malloc", "_int_free", "__memmove",
                                     "__memcpy", "__memset", "cfree", "__libc_malloc", "__libc_free",
                                     "malloc_consolidate", "_int_realloc", "alloc::", "__rust_alloc",
                                     "__rust_dealloc", "__rust_realloc", "<alloc")),
    ("rayon / threads", ("rayon", "crossbeam", "std::thread", "__pthread", "pthread", "futex", "sched_yield")),
    ("Rust core / std (strings, hashing, sorting)", ("core::", "std::", "<core", "<std", "hashbrown", "<str",
                                                      "<[", "alloc::str", "<alloc")),
]


def group_of(sym: str, dso: str, kernel: bool) -> str:
    if kernel:
        return "kernel (files, page faults, scheduling)"
    s = sym.lstrip("<").lstrip("&")
    for name, prefixes in GROUPS:
        for p in prefixes:
            if s.startswith(p.lstrip("<")) or sym.startswith(p):
                return name
    if dso.startswith("libc"):
        return "libc (other)"
    return "other"


def report(data: str, children: bool) -> list[tuple[float, str, str, bool]]:
    args = ["perf", "report", "-i", data, "--stdio", "--sort", "dso,sym", "-g", "none", "--percent-limit", "0"]
    args.append("--children" if children else "--no-children")
    out = subprocess.run(args, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        m = LINE.match(line)
        if m:
            pct = float(m.group(1))
            rows.append((pct, m.group(3), m.group(5).strip(), m.group(4) == "k"))
    return rows


def header(data: str) -> tuple[str, float]:
    """The sample count as perf prints it, and the CPU seconds sampled (cpu-clock counts ns)."""
    out = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children", "--sort", "dso", "-g", "none"],
                         capture_output=True, text=True).stdout
    m = re.search(r"Samples: (\S+)", out)
    e = re.search(r"Event count \(approx\.\): (\d+)", out)
    return (m.group(1) if m else "?"), (int(e.group(1)) / 1e9 if e else 0.0)


def short(sym: str) -> str:
    sym = re.sub(r"::h[0-9a-f]{16}$", "", sym)
    return sym if len(sym) < 110 else sym[:107] + "..."


def main() -> None:
    data, site = sys.argv[1], sys.argv[2]
    n, cpu = header(data)
    self_rows = report(data, children=False)
    by_group: dict[str, float] = defaultdict(float)
    for pct, dso, sym, kernel in self_rows:
        by_group[group_of(sym, dso, kernel)] += pct
    print(f"profile of `talkarchive build --root {site}`: {cpu:.2f} CPU seconds sampled (cpu-clock, all threads)\n")
    print("Self time by library (share of all CPU samples):\n")
    print("| part | share |")
    print("|---|---|")
    for g, pct in sorted(by_group.items(), key=lambda kv: -kv[1]):
        if pct >= 0.3:
            print(f"| {g} | {pct:.1f}% |")
    print("\nHottest functions (self time):\n")
    for pct, dso, sym, kernel in sorted(self_rows, key=lambda r: -r[0])[:15]:
        print(f"- {pct:5.1f}%  {short(sym)}{' [kernel]' if kernel else ''}")
    inc = report(data, children=True)
    print("\nInclusive time of talkarchive's functions and library entry points (share of all samples; "
          "nested, so shares overlap):\n")
    keep = re.compile(r"^(talkarchive::|jieba_rs::Jieba::(cut|cut_for_search)|minify_html::minify|"
                      r"tera::tera::Tera::render|pulldown_cmark::html::push_html|std::fs::write|"
                      r"<?rayon_core::registry::WorkerThread>?::wait_until_cold|syntect::)")
    seen = set()
    listed = 0
    for pct, dso, sym, kernel in sorted(inc, key=lambda r: -r[0]):
        s = short(sym)
        if s in seen or not keep.match(s) or pct < 0.5:
            continue
        seen.add(s)
        print(f"- {pct:5.1f}%  {s}")
        listed += 1
        if listed >= 40:
            break


if __name__ == "__main__":
    main()
