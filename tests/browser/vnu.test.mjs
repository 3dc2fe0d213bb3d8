// The pages as shipped (the minified build) pass the W3C's Nu HTML Checker (vnu) with 0 errors:
// one page of every kind. html.test.mjs checks every page of the unminified build against stricter
// style rules; this one checks what the minifier makes of them (doctype, attribute quotes and
// spaces), which html-validate does not judge. vnu runs on Java (17 or later).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildSite } from "./harness.mjs";
import { PAGE_KINDS } from "./pages.mjs";

const VNU = join(dirname(createRequire(import.meta.url).resolve("vnu-jar/package.json")), "build/dist/vnu.jar");

/** Runs vnu and returns its messages of type "error" (and fatal "non-document-error"s). */
function validate(files) {
  const out = execFileSync("java", ["-jar", VNU, "--errors-only", "--exit-zero-always", "--format", "json", "--stdout", ...files], {
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const { messages } = JSON.parse(out);
  return messages
    .filter((m) => m.type === "error" || m.type === "non-document-error")
    .map((m) => `${m.url.replace(/^file:.*?\/site\//, "")}:${m.lastLine ?? "?"}:${m.firstColumn ?? "?"} ${m.message} [${(m.extract ?? "").trim()}]`);
}

/** The file a page kind's path is written to (search's query string is not part of it). */
function fileOf(kind) {
  if (kind === "404") return "404.html";
  return PAGE_KINDS[kind].replace(/\?.*$/, "") + "index.html";
}

let site;
before(() => {
  site = buildSite({ baseUrl: "https://example.org/archive/" });
});
after(() => rmSync(dirname(site), { recursive: true, force: true }));

test("one page of every kind of the minified build passes vnu with 0 errors", () => {
  const files = Object.keys(PAGE_KINDS).map((kind) => join(site, fileOf(kind)));
  for (const f of files) assert.ok(existsSync(f), `${f} is built`);
  assert.deepEqual(validate(files), []);
});

test("vnu is live: it reports what the minifier used to write", () => {
  const dir = mkdtempSync(join(tmpdir(), "talkarchive-vnu-"));
  const page = join(dir, "bad.html");
  writeFileSync(page, '<!doctypehtml><html lang=zh><title>t</title><meta content=width=device-width name=viewport><p id=a class=b>x');
  try {
    const errors = validate([page]);
    assert.ok(errors.length >= 2, errors.join("\n"));
    assert.ok(errors.some((e) => /doctype/i.test(e)), errors.join("\n"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
