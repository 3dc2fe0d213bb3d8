// Every page of the shipped archive is valid HTML (html-validate, configured in .htmlvalidate.mjs).
// The pages are validated as `build --no-minify` writes them: the minified build leaves out optional
// tags and attribute quotes (still valid HTML), which style rules would flag on every line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { HtmlValidate } from "html-validate";
import config from "./.htmlvalidate.mjs";
import { buildSite, filesUnder, FIXTURES } from "./harness.mjs";

const validator = new HtmlValidate(config);

async function validateSite(root, baseUrl) {
  const site = buildSite({ root, baseUrl, minify: false });
  const pages = filesUnder(site).filter((f) => f.endsWith(".html"));
  const errors = [];
  for (const file of pages) {
    const report = await validator.validateString(readFileSync(join(site, file), "utf8"), file);
    for (const r of report.results) {
      for (const m of r.messages) if (m.severity === 2) errors.push(`${file}:${m.line}:${m.column} ${m.ruleId}: ${m.message} [${m.selector ?? ""}]`);
    }
  }
  rmSync(dirname(site), { recursive: true, force: true });
  return { pages: pages.length, errors };
}

test("every page of the shipped archive is valid HTML", async () => {
  const { pages, errors } = await validateSite(undefined, "https://example.org/archive/");
  assert.ok(pages > 400, `${pages} pages`);
  assert.deepEqual(errors.slice(0, 40), [], `${errors.length} errors in ${pages} pages`);
});

test("pages with hostile content are still valid HTML", async () => {
  const { pages, errors } = await validateSite(join(FIXTURES, "hostile"));
  assert.ok(pages >= 15, `${pages} pages`);
  assert.deepEqual(errors.slice(0, 40), [], `${errors.length} errors in ${pages} pages`);
});

test("the validator is live: it reports faults planted in a built page", async () => {
  const site = buildSite({ root: join(FIXTURES, "basic"), minify: false });
  const page = readFileSync(join(site, "speakers/li-si/index.html"), "utf8");
  rmSync(dirname(site), { recursive: true, force: true });
  const clean = await validator.validateString(page, "li-si.html");
  assert.equal(clean.errorCount, 0, JSON.stringify(clean.results[0]?.messages));
  const broken = await validator.validateString(page.replace("</main>", '<p id="main"><div>块</div></p><h1></h1></main>'), "li-si.html");
  const rules = new Set(broken.results.flatMap((r) => r.messages.map((m) => m.ruleId)));
  for (const id of ["no-dup-id", "empty-heading"]) assert.ok(rules.has(id), `${id} in ${[...rules]}`);
});
