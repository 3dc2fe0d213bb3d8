#!/usr/bin/env python3
"""Quality of `talkarchive import` on the shipped transcripts, by hand:

    bench/import/run.py [--binary target/release/talkarchive] [--sources sources]

For each transcript (a source `sources/sources.toml` declares `kind = "transcript"`) that curated
talks are taken from, it copies the site into a scratch folder, sets those talks aside, imports the
transcript into their event and compares the drafts' start lines with the curated talks' start
lines: the share of curated starts that a draft starts within 3 lines of (target >= 80 %) and
drafts per curated talk (target <= 1.5). Prints a Markdown table to paste into RESULTS.md.
"""
import argparse
import datetime
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOLERANCE = 3


def front_matter(path):
    text = path.read_text(encoding="utf-8")
    parts = text.split("+++")
    return parts[1] if len(parts) >= 3 else ""


def source_of(fm):
    file = re.search(r'^file\s*=\s*"([^"]+)"', fm, re.M)
    lines = re.search(r"^lines\s*=\s*\[\s*(\d+)\s*,\s*(\d+)\s*\]", fm, re.M)
    return (file.group(1) if file else None, (int(lines.group(1)), int(lines.group(2))) if lines else None)


def curated(content):
    """source file -> (event, [talk paths], [start lines])"""
    found = {}
    for path in sorted((content / "talks").glob("*/*.md")):
        file, lines = source_of(front_matter(path))
        if file and file.endswith(".txt") and lines:
            event, paths, starts = found.setdefault(file, (path.parent.name, [], []))
            paths.append(path)
            starts.append(lines[0])
    return found


def transcripts(folders):
    """The files the first sources.toml found declares `kind = "transcript"`."""
    for folder in folders:
        declared = pathlib.Path(folder) / "sources.toml"
        if declared.exists():
            tables = tomllib.loads(declared.read_text(encoding="utf-8"))
            return {name for name, t in tables.items() if t.get("kind") == "transcript"}
    sys.exit("no sources.toml declares which sources are transcripts")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=str(ROOT / "target/release/talkarchive"))
    ap.add_argument("--sources", default=str(ROOT / "sources"), help="the folder the transcripts are read from")
    args = ap.parse_args()
    binary = pathlib.Path(args.binary).resolve()
    if not binary.exists():
        sys.exit(f"{binary} does not exist: run `cargo build --release` first")
    rows = []
    wanted = transcripts([args.sources, ROOT / "sources"])
    for file, (event, paths, starts) in sorted(curated(ROOT / "content").items()):
        if file not in wanted:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            site = pathlib.Path(tmp) / "site"
            site.mkdir()
            for name in ["talkarchive.toml", "content", "templates", "static"]:
                src = ROOT / name
                if src.is_dir():
                    shutil.copytree(src, site / name)
                elif src.exists():
                    shutil.copy(src, site / name)
            sources = site / "sources"
            if (ROOT / "sources").is_dir():
                shutil.copytree(ROOT / "sources", sources)
                (sources / file).unlink(missing_ok=True)
                # …and its table in sources.toml: the import declares it again.
                declared = sources / "sources.toml"
                if declared.exists():
                    text = declared.read_text(encoding="utf-8")
                    text = re.sub(r'^\["' + re.escape(file) + r'"\]\n(?:[^\[].*\n|\n)*', "", text, flags=re.M)
                    declared.write_text(text, encoding="utf-8")
            for path in paths:
                (site / "content/talks" / event / path.name).unlink()
            transcript = pathlib.Path(tmp) / file
            shutil.copy(pathlib.Path(args.sources) / file, transcript)
            run = subprocess.run([str(binary), "import", str(transcript), "--event", event, "--root", str(site)],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f"import of {file} failed:\n{run.stderr}")
            drafts = []
            for path in sorted((site / "content/talks" / event).glob("*-draft.md")):
                fm = front_matter(path)
                if re.search(r"^draft\s*=\s*true", fm, re.M):
                    drafts.append(source_of(fm)[1][0])
        found = sum(1 for s in starts if any(abs(d - s) <= TOLERANCE for d in drafts))
        rows.append((file, event, len(starts), len(drafts), found))
    print(f"Measured {datetime.date.today()} with {binary.name}; tolerance ±{TOLERANCE} lines.\n")
    print("| transcript | event | curated talks | drafts | curated starts found | found % | drafts per curated talk |")
    print("|---|---|---:|---:|---:|---:|---:|")
    tot = [0, 0, 0]
    for file, event, n, d, f in rows:
        print(f"| {file} | {event} | {n} | {d} | {f} | {100 * f / n:.0f} % | {d / n:.2f} |")
        tot = [tot[0] + n, tot[1] + d, tot[2] + f]
    n, d, f = tot
    if n:
        print(f"| all | | {n} | {d} | {f} | {100 * f / n:.0f} % | {d / n:.2f} |")


if __name__ == "__main__":
    main()
