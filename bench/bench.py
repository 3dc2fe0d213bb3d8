#!/usr/bin/env python3
"""The scale benchmark's measurements; bench/run.sh sets up the tools and calls this.

    python3 bench/bench.py --sizes 1,10,50 [--runs 3] [--hugo-limit-gib 15] [--results FILE]

For each size N: generate the synthetic archive (bench/synth/synth.py), `talkarchive check` it
(it must pass), then time `talkarchive build` into an empty folder, and then after each of --runs
edits (one from 50x on; a paragraph appended to a talk) over the previous output; the same for
the same talks as a Hugo site: `hugo`, then Pagefind on its output. Every run goes through
`/usr/bin/time -v` (wall clock and peak RSS); a watchdog also samples the RSS of the whole process
tree and stops a run that passes --hugo-limit-gib. Results, with the machine, the tool versions and
the load average around each run, go to a JSON file (bench/work/results-<stamp>.json).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
# bench/run.sh builds the release-lto profile and names its binary here.
TALKARCHIVE = Path(os.environ.get("TALKARCHIVE_BIN", ROOT / "target" / "release" / "talkarchive"))
PAGEFIND = BENCH / "node_modules" / "@pagefind" / "linux-x64" / "bin" / "pagefind_extended"
GIB = 1024**3


def loadavg() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            status = (d / "status").read_text()
        except OSError:
            continue
        ppid = re.search(r"^PPid:\s+(\d+)", status, re.M)
        vm = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        if ppid:
            children.setdefault(int(ppid.group(1)), []).append(int(d.name))
        rss[int(d.name)] = int(vm.group(1)) * 1024 if vm else 0
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def timed(cmd: list[str], cwd: Path | None = None, limit_bytes: int | None = None) -> dict:
    """Runs `cmd` under /usr/bin/time -v; returns wall seconds, peak RSS bytes and the output."""
    before = loadavg()
    tfile = WORK / f".time-v-{os.getpid()}.txt"
    full = ["/usr/bin/time", "-v", "-o", str(tfile), *cmd]
    started = time.monotonic()
    proc = subprocess.Popen(full, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = {"at": None}

    def watch() -> None:
        while proc.poll() is None:
            if limit_bytes and tree_rss(proc.pid) > limit_bytes:
                killed["at"] = time.monotonic() - started
                for line in subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True,
                                           text=True).stdout.split():
                    os.kill(int(line), 9)
                return
            time.sleep(0.25)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    wall_outer = time.monotonic() - started
    watcher.join(timeout=1)
    tv = tfile.read_text() if tfile.exists() else ""
    m_wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", tv)
    m_rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tv)
    m_user = re.search(r"User time \(seconds\): ([\d.]+)", tv)
    m_sys = re.search(r"System time \(seconds\): ([\d.]+)", tv)
    wall = wall_outer
    if m_wall:
        h = int(m_wall.group(1) or 0)
        wall = h * 3600 + int(m_wall.group(2)) * 60 + float(m_wall.group(3))
    result = {
        "cmd": " ".join(cmd),
        "wall_s": round(wall, 3),
        "peak_rss_bytes": int(m_rss.group(1)) * 1024 if m_rss else None,
        "cpu_s": round(float(m_user.group(1)) + float(m_sys.group(1)), 2) if m_user and m_sys else None,
        "exit": proc.returncode,
        "load_before": before,
        "load_after": loadavg(),
    }
    if killed["at"] is not None:
        result["killed_over_bytes"] = limit_bytes
        result["killed_after_s"] = round(killed["at"], 1)
    if proc.returncode != 0 and killed["at"] is None:
        sys.stderr.write(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{out[-2000:]}\n{err[-4000:]}\n")
        raise SystemExit(1)
    result["stderr_tail"] = err.strip().splitlines()[-3:] if err.strip() else []
    return result


def dir_stats(path: Path) -> dict:
    files = html = size = 0
    for p in path.rglob("*"):
        if p.is_file():
            files += 1
            size += p.stat().st_size
            if p.suffix == ".html":
                html += 1
    return {"files": files, "html_pages": html, "bytes": size}


def append_paragraph(talk: Path, i: int) -> None:
    """The edit between rebuilds: a paragraph at the end of a talk's text."""
    with talk.open("a", encoding="utf-8") as f:
        f.write(f"\n\n基准测试的第 {i + 1} 次修改：在讲稿末尾加上一段话。\n")


def median_run(runs: list[dict]) -> dict:
    ok = [r for r in runs if "killed_over_bytes" not in r]
    if not ok:
        return {"wall_s": None, "peak_rss_bytes": None}
    return {
        "wall_s": round(statistics.median(r["wall_s"] for r in ok), 3),
        "peak_rss_bytes": int(statistics.median(r["peak_rss_bytes"] for r in ok)),
        "cpu_s": round(statistics.median(r["cpu_s"] for r in ok), 2),
    }


def version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def machine() -> dict:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = re.search(r"^Model name:\s+(.*)$", lscpu, re.M)
    mem = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    rustc = version(["rustc", "--version"])
    return {
        "cpu_model": model.group(1).strip() if model else platform.processor(),
        "cpus": os.cpu_count(),
        "mem_total_bytes": int(mem.group(1)) * 1024 if mem else None,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "rustc": rustc,
        "hugo": version(["hugo", "version"]),
        "pagefind": version([str(PAGEFIND), "--version"]),
        "talkarchive_commit": subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                             capture_output=True, text=True).stdout.strip(),
    }


def bench_size(n: int, runs: int, limit: int, skip_hugo: bool, previous: list[dict], check_max: int) -> dict:
    site = WORK / f"synth-{n}"
    t0 = time.monotonic()
    subprocess.run([sys.executable, str(BENCH / "synth" / "synth.py"), "--factor", str(n), "--out", str(site)],
                   check=True)
    synth_s = time.monotonic() - t0
    res: dict = {"factor": n, "synth_s": round(synth_s, 1), "content": dir_stats(site / "content")}
    counts = {k: sum(1 for _ in (site / "content" / k).rglob("*.md"))
              for k in ("events", "talks", "speakers", "orgs", "trends")}
    res["counts"] = counts

    if n <= check_max:
        print(f"[{n}x] talkarchive check", flush=True)
        res["check"] = timed([str(TALKARCHIVE), "check", "--root", str(site)])
        res["check"]["message"] = res["check"].pop("stderr_tail")

    # A first build into an empty folder, then rebuilds after an edit (a paragraph appended to
    # one talk, a different talk each time): what an archivist does after every content edit.
    # Both tools rebuild over their previous output; talkarchive keeps the site before beside it.
    out = WORK / f"out-{n}"
    for d in (out, WORK / f".out-{n}.talkarchive-cache"):
        if d.exists():
            shutil.rmtree(d)
    build = [str(TALKARCHIVE), "build", "--root", str(site), "--output", str(out), "--quiet"]
    print(f"[{n}x] talkarchive build into an empty folder", flush=True)
    ta_first = timed(build)
    talks = sorted(p.relative_to(site / "content") for p in (site / "content" / "talks").rglob("*.md"))
    edits = [talks[(i * 7919) % len(talks)] for i in range(runs if n < 50 else 1)]
    ta_runs = []
    for i, talk in enumerate(edits):
        append_paragraph(site / "content" / talk, i)
        print(f"[{n}x] talkarchive rebuild after an edit, run {i + 1}", flush=True)
        ta_runs.append(timed(build))
    ta = {"first": ta_first, "runs": ta_runs, **median_run(ta_runs), "output": dir_stats(out),
          "search": dir_stats(out / "_search")}
    res["talkarchive"] = ta

    if skip_hugo:
        res["hugo_skipped"] = "not run (--skip-hugo)"
        return res
    hugo_site = WORK / f"hugo-{n}"
    subprocess.run([sys.executable, str(BENCH / "hugo_convert.py"), "--src", str(site), "--out", str(hugo_site)],
                   check=True)
    # Predict Pagefind's peak from the largest size measured so far (it grows about linearly):
    # over the limit, Hugo runs alone.
    pages = sum(counts.values())
    pf_skipped = None
    for p in reversed(previous):
        pf = p.get("pagefind", {})
        if pf.get("peak_rss_bytes"):
            predicted = pf["peak_rss_bytes"] * pages / max(1, sum(p["counts"].values()))
            if predicted > limit:
                pf_skipped = (f"skipped: its peak memory, extrapolated linearly from {p['factor']}x, "
                              f"would be {predicted / GIB:.1f} GiB, over the {limit / GIB:.0f} GiB "
                              f"limit of this run")
            break
    for d in ("public", "resources"):
        if (hugo_site / d).exists():
            shutil.rmtree(hugo_site / d)
    hugo_runs, pf_runs = [], []
    # The same protocol: a first build into an empty public/, then the same edits, rebuilt over
    # public/ (Hugo's own way; Pagefind indexes the whole site again each time).
    for i, talk in enumerate([None] + edits):
        if talk is not None:
            append_paragraph(hugo_site / "content" / talk, i - 1)
        what = "into an empty folder" if talk is None else f"after an edit, run {i}"
        print(f"[{n}x] hugo {what}", flush=True)
        hugo_runs.append(timed(["hugo", "--quiet"], cwd=hugo_site, limit_bytes=limit))
        if pf_skipped:
            continue
        # Pagefind leaves the files of earlier indexes in pagefind/ (their names change with
        # their content): without this the index column would count every run's files.
        if (hugo_site / "public" / "pagefind").exists():
            shutil.rmtree(hugo_site / "public" / "pagefind")
        print(f"[{n}x] pagefind {what}", flush=True)
        pf_runs.append(timed([str(PAGEFIND), "--site", "public", "--quiet"], cwd=hugo_site, limit_bytes=limit))
        if "killed_over_bytes" in pf_runs[-1] or "killed_over_bytes" in hugo_runs[-1]:
            break
    hugo_first, hugo_runs = hugo_runs[0], hugo_runs[1:]
    pf_first, pf_runs = (pf_runs[0], pf_runs[1:]) if pf_runs else (None, [])
    res["hugo"] = {"first": hugo_first, "runs": hugo_runs, **median_run(hugo_runs)}
    if pf_skipped:
        res["pagefind_skipped"] = pf_skipped
        if (hugo_site / "public").exists():
            res["hugo"]["output"] = dir_stats(hugo_site / "public")
        return res
    res["pagefind"] = {"first": pf_first, "runs": pf_runs, **median_run(pf_runs)}
    if (hugo_site / "public").exists():
        res["hugo"]["output"] = dir_stats(hugo_site / "public")
        res["pagefind"]["index"] = dir_stats(hugo_site / "public" / "pagefind")
    both = [h["wall_s"] + p["wall_s"] for h, p in zip(hugo_runs, pf_runs)
            if "killed_over_bytes" not in h and "killed_over_bytes" not in p]
    if both:
        res["hugo_pagefind"] = {
            "wall_s": round(statistics.median(both), 3),
            "peak_rss_bytes": max(res["hugo"]["peak_rss_bytes"], res["pagefind"]["peak_rss_bytes"]),
            "cpu_s": round(res["hugo"]["cpu_s"] + res["pagefind"]["cpu_s"], 2),
        }
        res["ratio_wall"] = round(res["hugo_pagefind"]["wall_s"] / ta["wall_s"], 2)
        res["ratio_cpu"] = round(res["hugo_pagefind"]["cpu_s"] / ta["cpu_s"], 2)
        res["ratio_peak_rss"] = round(res["hugo_pagefind"]["peak_rss_bytes"] / ta["peak_rss_bytes"], 2)
        if pf_first and "killed_over_bytes" not in pf_first and "killed_over_bytes" not in hugo_first:
            first = hugo_first["wall_s"] + pf_first["wall_s"]
            res["hugo_pagefind"]["first_wall_s"] = round(first, 3)
            res["ratio_wall_first"] = round(first / ta_first["wall_s"], 2)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,10,50,200")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--hugo-limit-gib", type=float, default=15.0)
    ap.add_argument("--skip-hugo", action="store_true")
    ap.add_argument("--check-max", type=int, default=10**9,
                    help="run `talkarchive check` only on sizes up to this factor (it is slow at 50x)")
    ap.add_argument("--results", type=Path)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    WORK.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = args.results or WORK / f"results-{stamp}.json"
    results = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_at_start": loadavg(),
        "runs": args.runs,
        "sizes": [],
    }
    for n in sizes:
        results["sizes"].append(bench_size(n, args.runs, int(args.hugo_limit_gib * GIB), args.skip_hugo,
                                           results["sizes"], args.check_max))
        path.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    results["load_at_end"] = loadavg()
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(f"results: {path}")


if __name__ == "__main__":
    main()
