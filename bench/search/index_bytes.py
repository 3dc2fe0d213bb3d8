#!/usr/bin/env python3
"""Where the bytes of a built search index go: every record of the `d/` buckets walked and its
bytes counted by part (keys, counts, document numbers, weighted counts, first positions,
positions, page tables), by kind of key (character, bigram, trigram, name form, word); and the
`t/` text files: padding of the slots (versions 8 and 9), or chunk headers against characters
(version 10). For deciding what to make smaller (docs/search-index.md gives the format, index
versions 8 to 12: version 9's `d/` is version 8's, without the records of the names that have a
file of their own in `n/`, counted apart; version 10 changed only `t/`, version 11 only `f/` and
`p/`'s files, version 12 a bit in the weighted counts of trigrams with pages, counted with them).

    python3 bench/search/index_bytes.py SITE_DIR [--sample N]

--sample N reads every N-th `d/` pack and multiplies by N (a 50x index is 1,025 packs).
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path


def varint(b: bytes, i: int) -> tuple[int, int]:
    """The unsigned LEB128 varint at `i`, and where the next one starts."""
    x = shift = 0
    while True:
        c = b[i]
        i += 1
        x |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return x, i


def key_chars(key: bytes) -> int:
    """Characters of a key as records.rs's key_bytes writes it: 1, 2 or 4 bytes each."""
    i = n = 0
    while i < len(key):
        i += 1 if key[i] < 0x80 else 4 if key[i] == 0xFF else 2
        n += 1
    return n


def walk_record(b: bytes, i: int, tally: collections.Counter) -> int:
    """Counts one record of a bucket starting at `i`; returns where the next one starts."""
    start = i
    klen, i = varint(b, i)
    key = b[i : i + klen]
    i += klen
    blen, body = varint(b, i)
    end = body + blen
    if key[:1] in (b"\x01", b"\x02"):
        kind = "name form" if key[:1] == b"\x01" else "word"
        tally[(kind, "whole records")] += end - start
        tally[(kind, "records")] += 1
        return end
    kind = {1: "character", 2: "bigram", 3: "trigram"}.get(key_chars(key), "other")
    tally[(kind, "records")] += 1
    tally[(kind, "key, its length, the record's length")] += body - start
    j = body
    head, j = varint(b, j)
    docs, paged = head // 2, head & 1
    pages = 0
    if paged:
        pages, j = varint(b, j)
    for _ in range(pages):
        _, j = varint(b, j)
        _, j = varint(b, j)
    tally[(kind, "counts, page table")] += j - body
    inline = kind == "trigram" and not paged
    for _ in range(docs):
        a = j
        _, j = varint(b, j)
        tally[(kind, "document numbers")] += j - a
        a = j
        _, j = varint(b, j)
        tally[(kind, "weighted counts")] += j - a
        if not inline:
            a = j
            _, j = varint(b, j)
            tally[(kind, "first positions")] += j - a
    if inline:
        for _ in range(docs):
            a = j
            h, j = varint(b, j)
            if h & 1:
                _, j = varint(b, j)
            tally[(kind, "position counts, first position")] += j - a
            a = j
            for _ in range(h // 2):
                _, j = varint(b, j)
            tally[(kind, "positions")] += j - a
    return end


def text_padding(site: Path, meta: dict) -> tuple[int, int]:
    """(bytes, padding bytes) of the `t/` files: pack p's `packChunks[p]` slots of `slots[p]`
    bytes, padded with spaces, follow the previous packs of its file `t/<p / filePacks>.<packPart[p]>.bin`."""
    files = {p.name: p.read_bytes() for p in (site / "_search" / "t").glob("*.bin")}
    at: dict[str, int] = {}
    pad = 0
    for p, (slot, chunks) in enumerate(zip(meta["slots"], meta["packChunks"])):
        name = f"{p // meta['filePacks']}.{meta['packPart'][p]}.bin"
        data, start = files[name], at.get(name, 0)
        for k in range(chunks):
            s = data[start + k * slot : start + (k + 1) * slot]
            pad += len(s) - len(s.rstrip(b" "))
        at[name] = start + chunks * slot
    return sum(len(d) for d in files.values()), pad


def text_headers(site: Path, meta: dict) -> tuple[int, int, int]:
    """(bytes, header bytes, header padding) of version 10's `t/` files: each document's chunks
    are a header of `head` bytes (JSON padded with spaces) then `chunk` characters of `width`
    bytes, head * 8 + width being its form in `f/lens.json` (a pack's block there: its
    documents' five field lengths each, then their forms)."""
    files = {p.name: p.read_bytes() for p in (site / "_search" / "t").glob("*.bin")}
    lens = json.loads((site / "_search" / "f" / "lens.json").read_text())
    at: dict[str, int] = {}
    heads = pad = 0
    for d in range(meta["docs"]):
        p = d // meta["pack"]
        name = f"{p // meta['filePacks']}.{meta['packPart'][p]}.bin"
        block, i = 6 * meta["pack"] * p, d % meta["pack"]
        in_pack = min(meta["pack"], meta["docs"] - p * meta["pack"])
        n = sum(lens[block + 5 * i : block + 5 * i + 5]) + 4
        form = lens[block + 5 * in_pack + i]
        head, width = form // 8, form % 8
        start, data = at.get(name, 0), files[name]
        for k in range(-(-n // meta["chunk"])):
            h = data[start + k * (head + width * meta["chunk"]) :][:head]
            heads += head
            pad += len(h) - len(h.rstrip(b" "))
        at[name] = start + -(-n // meta["chunk"]) * head + width * n
    return sum(len(d) for d in files.values()), heads, pad


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--sample", type=int, default=1)
    args = ap.parse_args()
    search = args.site / "_search"
    meta = json.loads((search / "meta.json").read_text())
    if meta.get("version") not in (8, 9, 10, 11, 12):
        raise SystemExit(f"{search}/meta.json is index version {meta.get('version')}; this script reads versions 8 to 12")
    packs = sorted(p for p in (search / "d").glob("*.bin") if p.name != "offsets.bin")
    tally: collections.Counter = collections.Counter()
    total = 0
    for pack in packs[:: args.sample]:
        data = pack.read_bytes()
        total += len(data)
        # A pack with a head (`packHead`) begins with bucketPack + 1 u32s: where its slots are.
        i = 4 * (meta["bucketPack"] + 1) if meta.get("packHead") else 0
        tally[("pack", "head")] += i
        while i < len(data):
            i = walk_record(data, i, tally)
    n = args.sample
    print(f"d/: {total * n:,} bytes in {len(packs)} packs" + (f" (every {n}th read, times {n})" if n > 1 else ""))
    print()
    print("| key kind | part | bytes | share of d/ |")
    print("|---|---|---|---|")
    for (kind, part), v in sorted(tally.items()):
        if part == "records" or not v:
            continue
        print(f"| {kind} | {part} | {v * n:,} | {100 * v / total:.1f} % |")
    print()
    print("| key kind | records |")
    print("|---|---|")
    for (kind, part), v in sorted(tally.items()):
        if part == "records":
            print(f"| {kind} | {v * n:,} |")
    names = sorted((search / "n").glob("*.bin"))
    if names:
        print()
        print(f"n/: {sum(p.stat().st_size for p in names):,} bytes in {len(names)} name files")
    print()
    if meta["version"] >= 10:
        t_total, t_heads, t_pad = text_headers(args.site, meta)
        print(
            f"t/: {t_total:,} bytes, of which chunk headers {t_heads:,} ({100 * t_heads / max(1, t_total):.1f} %; "
            f"their padding {t_pad:,}) and characters {t_total - t_heads:,}"
        )
    else:
        t_total, t_pad = text_padding(args.site, meta)
        print(f"t/: {t_total:,} bytes, of which padding of the slots {t_pad:,} ({100 * t_pad / max(1, t_total):.1f} %)")


if __name__ == "__main__":
    main()
