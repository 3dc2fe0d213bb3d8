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
