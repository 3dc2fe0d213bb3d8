// Makes an archive N times the shipped one, for measuring how search costs grow with size.
//
//   node bench/search/scale.mjs OUT_DIR [N=50]
//
// OUT_DIR gets talkarchive.toml and content/: speakers, orgs, trends and the glossary as shipped
// (a larger archive has more talks, not 50 copies of each person), and every event with its talks copied
// N times. Copy 0 is the shipped text; in copy k (k ≥ 1) the slugs get the suffix `-ck`, and the
// text is perturbed: about one Chinese character in 25 (outside front matter) is replaced by
// another character of the archive, chosen by a seeded generator, so the copies add new bigrams and
// the index grows in vocabulary as well as in postings. Deterministic: the same N gives the same
// archive.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const [outArg, nArg] = process.argv.slice(2);
if (!outArg) {
  console.error("usage: node bench/search/scale.mjs OUT_DIR [N=50]");
  process.exit(2);
}
const OUT = resolve(outArg);
const N = Number(nArg || 50);
if (!Number.isInteger(N) || N < 1) {
  console.error(`N must be a positive integer, got ${nArg}`);
  process.exit(2);
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(join(OUT, "content/events"), { recursive: true });
mkdirSync(join(OUT, "content/talks"), { recursive: true });
cpSync(join(ROOT, "talkarchive.toml"), join(OUT, "talkarchive.toml"));
// The talks keep their [source] file, which a build requires to exist in sources/.
if (existsSync(join(ROOT, "sources"))) cpSync(join(ROOT, "sources"), join(OUT, "sources"), { recursive: true });
for (const dir of ["speakers", "orgs", "trends"]) cpSync(join(ROOT, "content", dir), join(OUT, "content", dir), { recursive: true });
// The glossary of misheard terms, as shipped: search folds its forms as it folds names.
if (existsSync(join(ROOT, "content/glossary.toml"))) cpSync(join(ROOT, "content/glossary.toml"), join(OUT, "content/glossary.toml"));

// A small seeded generator (mulberry32), so the archive is the same on every run.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const eventSlugs = readdirSync(join(ROOT, "content/events")).filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3));
// Events with talks (a conference may have talks only in its forums).
const talkFiles = (ev) => (existsSync(join(ROOT, "content/talks", ev)) ? readdirSync(join(ROOT, "content/talks", ev)).filter((f) => f.endsWith(".md")).sort() : []);
const han = /[\u4e00-\u9fff]/;
// The archive's own Chinese characters, as replacements.
const alphabet = new Set();
for (const ev of eventSlugs) {
  for (const f of talkFiles(ev)) {
    for (const c of readFileSync(join(ROOT, "content/talks", ev, f), "utf8")) if (han.test(c)) alphabet.add(c);
  }
}
const chars = [...alphabet].sort();

function split(text) {
  const end = text.indexOf("\n+++\n", 4);
  return [text.slice(0, end + 5), text.slice(end + 5)];
}
function perturb(body, random) {
  let out = "";
  for (const c of body) out += han.test(c) && random() < 0.04 ? chars[Math.floor(random() * chars.length)] : c;
  return out;
}
const renameEvent = (slug, k) => (k === 0 ? slug : `${slug}-c${k}`);

let talks = 0;
for (let k = 0; k < N; k++) {
  const random = rng(1000 + k);
  for (const ev of eventSlugs) {
    const [front, body] = split(readFileSync(join(ROOT, "content/events", ev + ".md"), "utf8"));
    let f = front.replace(/^parent = "([^"]+)"$/m, (_, p) => `parent = "${renameEvent(p, k)}"`);
    if (k > 0) f = f.replace(/^name = "(.*)"$/m, (_, n) => `name = "${n}（副本${k}）"`);
    writeFileSync(join(OUT, "content/events", renameEvent(ev, k) + ".md"), f + (k ? perturb(body, random) : body));
    const dir = join(OUT, "content/talks", renameEvent(ev, k));
    for (const file of talkFiles(ev)) {
      mkdirSync(dir, { recursive: true });
      const [tf, tb] = split(readFileSync(join(ROOT, "content/talks", ev, file), "utf8"));
      const front2 = tf.replace(/^event = "([^"]+)"$/m, (_, e) => `event = "${renameEvent(e, k)}"`);
      writeFileSync(join(dir, file), front2 + (k ? perturb(tb, random) : tb));
      talks++;
    }
  }
}
console.log(`${OUT}: ${N} copies of ${eventSlugs.length} events, ${talks} talks`);
