// static/inflate.js, the gzip unpacker search.js loads in browsers without DecompressionStream,
// against Node's zlib: every kind of DEFLATE block (stored, fixed and dynamic Huffman codes), every
// compression level and strategy, gzip headers with optional fields, and damaged data, which must
// be refused, never unpacked wrong. Runs in Node (no browser): the file only needs a `window` to
// put its function on. The build's own fragments are unpacked by it in search-ranges.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import zlib from "node:zlib";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const context = { window: {} };
vm.runInNewContext(readFileSync(join(ROOT, "static/inflate.js"), "utf8"), context);
const gunzip = context.window.talkarchiveGunzip;

/** Deterministic bytes of several textures: random, runs, repeated phrases, Chinese text. */
function samples() {
  let seed = 7;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const out = [new Uint8Array(0), Buffer.from("a"), Buffer.from("\u0000".repeat(70000))];
  for (const n of [1, 100, 5000, 70000]) out.push(Uint8Array.from({ length: n }, () => Math.floor(random() * 256)));
  const words = ["具身智能", "大模型", "Scaling Law", "端到端", "，", "。", "the ", "model "];
  for (const n of [50, 3000, 40000]) out.push(Buffer.from(Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join("")));
  out.push(Buffer.from(JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ b: [[i, `p-${i}`]], s: i * 200, t: words[i % 8].repeat(20) })))));
  return out;
}

test("unpacks what zlib packs, at every level and strategy", () => {
  const { Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED } = zlib.constants;
  let n = 0;
  for (const data of samples()) {
    for (const level of [0, 1, 3, 6, 9]) {
      for (const strategy of [Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED]) {
        const packed = zlib.gzipSync(data, { level, strategy });
        assert.deepEqual(Buffer.from(gunzip(new Uint8Array(packed))), Buffer.from(data), `${data.length} bytes, level ${level}, strategy ${strategy}`);
        n++;
      }
    }
  }
  assert.equal(n, samples().length * 25);
});

test("reads past a header's optional fields (extra, name, comment, header check sum)", () => {
  const data = Buffer.from("对话的内容 ".repeat(200));
  const plain = zlib.gzipSync(data);
  const extra = Buffer.from([4, 0, 1, 2, 3, 4]);
  const header = Buffer.from(plain.subarray(0, 10));
  header[3] = 4 | 8 | 16 | 2;
  const withFields = Buffer.concat([header, extra, Buffer.from("name.json\0comment\0"), Buffer.from([0xab, 0xcd]), plain.subarray(10)]);
  assert.deepEqual(Buffer.from(gunzip(new Uint8Array(withFields))), data);
});

test("refuses damaged or cut data instead of unpacking it wrong", () => {
  const data = Buffer.from("具身智能与大模型的未来。".repeat(300));
  const packed = new Uint8Array(zlib.gzipSync(data, { level: 6 }));
  const refuses = (bytes, why) => assert.throws(() => gunzip(bytes), /^Error: gzip: /, why);
  refuses(packed.subarray(0, packed.length - 1), "cut in the trailer");
  refuses(packed.subarray(0, 30), "cut in the data");
  refuses(new Uint8Array([...packed, 0]), "a byte after the end");
  refuses(Buffer.from(JSON.stringify({ a: 1 })), "not gzip");
  // Every changed byte of the data or trailer is refused (by a code, a length or the check sum)
  // or, where it only touched the bits that pad the last byte, changes nothing.
  let refused = 0;
  for (let i = 10; i < packed.length; i++) {
    const bad = packed.slice();
    bad[i] ^= 0x10;
    let out;
    try {
      out = gunzip(bad);
    } catch (e) {
      assert.match(String(e), /^Error: gzip: /);
      refused++;
      continue;
    }
    assert.deepEqual(Buffer.from(out), data, `byte ${i} changed: other data came out without an error`);
  }
  assert.ok(refused >= packed.length - 11, `${refused} of ${packed.length - 10} changes refused`);
});
