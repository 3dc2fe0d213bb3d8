#!/usr/bin/env python3
"""Edit-to-served latency of `talkarchive serve`, for the scale benchmark.

    python3 bench/serve_latency.py --site bench/work/synth-50 [--samples 30] [--port 8473]

Starts `talkarchive serve` on a synthetic site, waits for the first build, then repeatedly writes an
edit into one talk file (a new paragraph holding a unique marker, written in place as an editor
does) and measures, from just before the write:

* `reload`: until the live-reload long poll (`__livereload?v=<build>`, the request every served
  page keeps open) answers with a new build number, i.e. when an open browser tab would reload;
* `page`: until a GET of the talk's page returns HTML holding the marker (polled every 2 ms).

Between samples it waits until no build has started for a while, so that samples do not overlap.
The talk files are restored at the end. Prints a JSON summary (median, p90, min, max in ms) and
adds it to --results if given.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
TALKARCHIVE = Path(os.environ.get("TALKARCHIVE_BIN", BENCH.parent / "target" / "release" / "talkarchive"))


def get(url: str, timeout: float = 30.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read().decode("utf-8", "replace")


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    i = min(len(xs) - 1, max(0, round(p / 100 * (len(xs) - 1))))
    return xs[i]


def summary(xs: list[float]) -> dict:
    return {
        "n": len(xs),
        "median_ms": round(statistics.median(xs), 1),
        "p90_ms": round(pct(xs, 90), 1),
        "min_ms": round(min(xs), 1),
        "max_ms": round(max(xs), 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, required=True)
    ap.add_argument("--samples", type=int, default=30)
    ap.add_argument("--port", type=int, default=8473)
    ap.add_argument("--label", default="")
    ap.add_argument("--results", type=Path, help="a results JSON of bench.py to add a `serve` entry to")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds to wait for one edit to show")
    args = ap.parse_args()
    site: Path = args.site.resolve()
    out = site.parent / (site.name + "-serve-public")
    base = f"http://127.0.0.1:{args.port}/"

    talks = sorted((site / "content" / "talks").rglob("*.md"))
    if not talks:
        sys.exit(f"{site}: no talks")
    # A handful of talks of different lengths, from the first copy (the shipped one).
    picks = [talks[i * len(talks) // 97 % len(talks)] for i in range(5)]
    originals = {p: p.read_bytes() for p in picks}

    log = open(site.parent / (site.name + "-serve.log"), "w")
    started = time.monotonic()
    proc = subprocess.Popen([str(TALKARCHIVE), "serve", "--root", str(site), "--output", str(out),
                             "--port", str(args.port)], stdout=log, stderr=subprocess.STDOUT)
    reload_ms: list[float] = []
    page_ms: list[float] = []
    try:
        version = None
        while version is None:
            if proc.poll() is not None:
                sys.exit(f"talkarchive serve exited with {proc.returncode}; see {log.name}")
            try:
                version = int(get(base + "__livereload", timeout=5))
            except OSError:
                time.sleep(0.1)
        first_build_s = time.monotonic() - started
        # The first build finished before the server answered; make sure its files are there.
        while True:
            try:
                get(base)
                break
            except OSError:
                time.sleep(0.05)

        def settle(v: int) -> int:
            """Waits until the build number has not changed for 1.5 s; returns it."""
            quiet_since = time.monotonic()
            while time.monotonic() - quiet_since < 1.5:
                time.sleep(0.1)
                try:
                    cur = int(get(base + "__livereload", timeout=5))
                except OSError:
                    continue
                if cur != v:
                    v, quiet_since = cur, time.monotonic()
            return v

        for i in range(args.samples):
            version = settle(version)
            talk = picks[i % len(picks)]
            rel = talk.relative_to(site / "content" / "talks").with_suffix("")
            url = f"{base}talks/{rel.as_posix()}/"
            if i < len(picks):
                get(url)  # the page exists before the edit
            marker = f"benchedit{i:04d}x{int(time.time() * 1000) % 100000:05d}"
            text = originals[talk] + f"\n\n{marker}\n".encode()

            got_reload: dict = {}

            def long_poll(v: int = version) -> None:
                # The server answers after 25 s even without a new build (with the same number);
                # like the page's script, ask again until the number changes.
                deadline = time.monotonic() + args.timeout
                while time.monotonic() < deadline:
                    try:
                        nv = int(get(f"{base}__livereload?v={v}", timeout=args.timeout))
                    except OSError as e:
                        got_reload["error"] = str(e)
                        return
                    if nv != v:
                        got_reload["v"] = nv
                        got_reload["t"] = time.monotonic()
                        return

            poller = threading.Thread(target=long_poll, daemon=True)
            poller.start()
            time.sleep(0.05)  # the long poll is waiting before the edit
            t0 = time.monotonic()
            with open(talk, "wb") as f:  # in place, as most editors save
                f.write(text)
            seen = None
            while time.monotonic() - t0 < args.timeout:
                try:
                    if marker in get(url, timeout=args.timeout):
                        seen = time.monotonic()
                        break
                except OSError:
                    pass
                time.sleep(0.002)
            poller.join(timeout=args.timeout)
            if seen is None or "t" not in got_reload:
                sys.exit(f"sample {i}: the edit of {talk} did not show within {args.timeout} s; see {log.name}")
            page_ms.append((seen - t0) * 1000)
            reload_ms.append((got_reload["t"] - t0) * 1000)
            version = got_reload["v"]
            print(f"  sample {i + 1}/{args.samples}: reload {reload_ms[-1]:.0f} ms, page {page_ms[-1]:.0f} ms",
                  file=sys.stderr, flush=True)
    finally:
        for p, b in originals.items():
            p.write_bytes(b)
        time.sleep(0.5)
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()

    result = {
        "site": site.name,
        "label": args.label or site.name,
        "talks": len(talks),
        "first_build_s": round(first_build_s, 2),
        "reload": summary(reload_ms),
        "page": summary(page_ms),
        "samples_ms": {"reload": [round(x, 1) for x in reload_ms], "page": [round(x, 1) for x in page_ms]},
        "load_after": [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]],
    }
    print(json.dumps({k: v for k, v in result.items() if k != "samples_ms"}, ensure_ascii=False))
    if args.results:
        data = json.loads(args.results.read_text())
        data.setdefault("serve", []).append(result)
        args.results.write_text(json.dumps(data, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
