// Turns results.json of run.mjs into the Markdown tables of RESULTS.md.
//   node bench/search/report.mjs bench/search/results.json > bench/search/results.md
import { readFileSync } from "node:fs";

const r = JSON.parse(readFileSync(process.argv[2] || new URL("./results.json", import.meta.url), "utf8"));
const KiB = (b) => (b / 1024).toFixed(1);
const ms = (x) => x.toFixed(1);
const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const mean = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined);
  return s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN;
};
const pct = (x) => (Number.isNaN(x) ? "–" : (100 * x).toFixed(1) + "%");
const out = [];
const p = (s = "") => out.push(s);
const names = Object.keys(r.engines);

p(`Run: ${r.env.date} · ${r.env.cpu} × ${r.env.cores} · load before: \`${r.env.uptime}\` · after: \`${r.envAfter.uptime}\``);
p(`Versions: talkarchive ${r.env.talkarchive} (${r.env.rustc}), ${r.env.pagefind}, ${r.env.chromium}, playwright-core ${r.env.playwright}, node ${r.env.node}`);
p(`Corpus: ${r.pages} indexed pages; ${r.queries} queries.`);
p();

function speedTable(engines, title) {
  p(`### ${title}`);
  p();
  p(`| measure | budget | ${Object.keys(engines).join(" | ")} |`);
  p(`|---|---|${Object.keys(engines).map(() => "---").join("|")}|`);
  const row = (label, budget, f) => p(`| ${label} | ${budget} | ${Object.values(engines).map(f).join(" | ")} |`);
  row("before the first query, as sent (KiB)", "≤ 30", (e) => KiB(e.fixed.sent));
  row("  of it at page load (KiB)", "", (e) => KiB(e.pageLoad.sent));
  row("  all gzipped (KiB) / raw (KiB)", "", (e) => `${KiB(e.fixed.gz)} / ${KiB(e.fixed.raw)}`);
  row("per query, cold, median as sent (KiB)", "≤ 40", (e) => KiB(median(e.cold.map((c) => c.perQuery.sent))));
  row("  p90 / max as sent (KiB)", "", (e) => {
    const s = e.cold.map((c) => c.perQuery.sent).sort((a, b) => a - b);
    return `${KiB(s[Math.floor(0.9 * (s.length - 1))])} / ${KiB(s.at(-1))}`;
  });
  row("  median all gzipped / raw (KiB)", "", (e) => `${KiB(median(e.cold.map((c) => c.perQuery.gz)))} / ${KiB(median(e.cold.map((c) => c.perQuery.raw)))}`);
  row("  median files fetched", "", (e) => median(e.cold.map((c) => c.perQuery.files)));
  row("  median by folder (KiB)", "", (e) => {
    const group = (d) => d.replace(/^(\/_search\/[a-z]+\/).*$/, "$1");
    const per = e.cold.map((c) => {
      const g = {};
      for (const [d, b] of Object.entries(c.perQuery.byDir || {})) g[group(d)] = (g[group(d)] || 0) + b;
      return g;
    });
    const dirs = [...new Set(per.flatMap((g) => Object.keys(g)))].sort();
    return dirs.map((d) => `${d}: ${KiB(median(per.map((g) => g[d] || 0)))}`).join(", ");
  });
  if (Object.values(engines)[0].warm) {
    row("per query, warm page, median as sent (KiB)", "", (e) => KiB(median(e.warm.map((c) => c.perQuery.sent))));
  }
  row("first query, results rendered, median (ms)", "< 30", (e) => ms(median(e.cold.map((c) => c.ms))));
  row("  p90 / max (ms)", "", (e) => {
    const s = e.cold.map((c) => c.ms).sort((a, b) => a - b);
    return `${ms(s[Math.floor(0.9 * (s.length - 1))])} / ${ms(s.at(-1))}`;
  });
  const frame = (xs) => (xs.some((x) => x === undefined) ? "–" : ms(median(xs)));
  row("  to the next frame, median (ms)", "", (e) => frame(e.cold.map((c) => c.frameMs)));
  if (Object.values(engines)[0].warm) {
    row("new query in a warm page, median (ms)", "", (e) => ms(median(e.warm.map((c) => c.ms))));
    row("repeated query, median (ms)", "< 3", (e) => ms(median(e.warm.map((c) => c.repeatMs))));
    row("  p90 / max (ms)", "", (e) => {
      const s = e.warm.map((c) => c.repeatMs).sort((a, b) => a - b);
      return `${ms(s[Math.floor(0.9 * (s.length - 1))])} / ${ms(s.at(-1))}`;
    });
    row("  to the next frame, median (ms)", "", (e) => frame(e.warm.map((c) => c.repeatFrameMs)));
    row("  bytes fetched by repeats", "", (e) => e.warm.reduce((a, c) => a + c.repeatBytes, 0));
  }
  row("page errors", "", (e) => e.errors.length);
  p();
}

speedTable(r.engines, "Shipped archive");
p("Fixed files (first query, as sent, bytes):");
p();
for (const n of names) p(`- ${n}: ${r.engines[n].fixed.list.join(", ")}`);
p();
p("### Build");
p();
const b = r.build;
p(`talkarchive build of the whole site (${b.talkarchiveMs.length} runs): ${b.talkarchiveMs.map((x) => x.toFixed(0)).join(", ")} ms (median ${median(b.talkarchiveMs).toFixed(0)} ms). Pagefind over the built pages: ${b.pagefindMs.toFixed(0)} ms.`);
p();
const perfLine = (pf) => pf.skipped || pf.indexCpuMsMedian == null ? `index build CPU time not measured (${pf.skipped || "no run parsed"})` :
  `CPU time in \`talkarchive::search\` (build_index and the work it hands to rayon threads; perf, sampled every 1 ms of CPU, ${pf.runs.length} run(s)): ${pf.runs.map((x) => x.indexCpuMs.toFixed(0)).join(", ")} ms (median ${pf.indexCpuMsMedian.toFixed(0)} ms, ${(100 * median(pf.runs.map((x) => x.share))).toFixed(1)}% of the build's ${pf.cpuMsMedian.toFixed(0)} ms CPU)`;
p(perfLine(b.perf) + ".");
p();
p(`\`/usr/bin/time\` of one more build: ${b.timeBuild}.`);
p();
p("talkarchive's output:");
p("```");
p(b.talkarchiveOutput);
p("```");
p(`Index on disk: talkarchive \`_search/\` ${r.indexSize.talkarchive.files} files, ${KiB(r.indexSize.talkarchive.bytes)} KiB; Pagefind \`pagefind/\` ${r.indexSize.pagefind.files} files, ${KiB(r.indexSize.pagefind.bytes)} KiB.`);
p();

p("### Recall and precision per category (shipped archive)");
p();
p("Recall = share of the ground-truth pages that are among all results. Precision = share of all results that are ground-truth pages; P@10 = the same in the first 10. Truth first = queries where no result outside the truth ranks above one inside it. Means over the queries of the category.");
p();
const cats = [...new Set(r.truth.map((t) => t.cat))];
p(`| category | queries | ${names.map((n) => `${n} recall | ${n} precision | ${n} P@10 | ${n} truth first`).join(" | ")} |`);
p(`|---|---|${names.map(() => "---|---|---|---").join("|")}|`);
const catRow = (label, filter) => {
  const qs = r.truth.filter(filter);
  const cells = names.map((n) => {
    const qq = r.engines[n].quality.filter(filter);
    return `${pct(mean(qq.map((x) => x.recall)))} | ${pct(mean(qq.map((x) => x.precision)))} | ${pct(mean(qq.map((x) => x.p10)))} | ${qq.filter((x) => x.truthFirst).length}/${qq.length}`;
  });
  p(`| ${label} | ${qs.length} | ${cells.join(" | ")} |`);
};
for (const c of cats) catRow(c, (t) => t.cat === c);
catRow("**all \"contains\" categories**", (t) => t.cat !== "alias" && t.cat !== "pinyin");
catRow("**all**", () => true);
p();

p("Recall by the kind of page (all queries; found / ground truth, summed over the queries):");
p();
const kinds = ["talks", "speakers", "orgs", "events", "trends"];
p(`| engine | ${kinds.join(" | ")} |`);
p(`|---|${kinds.map(() => "---").join("|")}|`);
for (const n of names) {
  const cells = kinds.map((k) => {
    let truth = 0, missed = 0;
    r.truth.forEach((t, i) => {
      truth += t.truth.filter((u) => u.startsWith(`/${k}/`)).length;
      missed += r.engines[n].quality[i].missed.filter((u) => u.startsWith(`/${k}/`)).length;
    });
    return `${truth - missed} / ${truth} (${pct((truth - missed) / truth)})`;
  });
  p(`| ${n} | ${cells.join(" | ")} |`);
}
p();

p("### Per query");
p();
p(`| query | cat | truth | ${names.map((n) => `${n}: results / found / missed`).join(" | ")} |`);
p(`|---|---|---|${names.map(() => "---").join("|")}|`);
r.truth.forEach((t, i) => {
  const cells = names.map((n) => {
    const x = r.engines[n].quality[i];
    const found = x.truth - x.missed.length;
    return `${x.results} / ${found} / ${x.missed.length}${x.missed.length ? " ⚠" : ""}`;
  });
  p(`| \`${t.q}\` | ${t.cat} | ${t.truth.length} | ${cells.join(" | ")} |`);
});
p();
p("### Missed pages (recall < 1)");
p();
for (const n of names) {
  const misses = r.engines[n].quality.filter((x) => x.missed.length);
  p(`**${n}**: ${misses.length} of ${r.truth.length} queries miss pages.`);
  p();
  for (const x of misses) p(`- \`${x.q}\` (${x.cat}): ${x.missed.length} of ${x.truth} missed: ${x.missed.slice(0, 6).join(", ")}${x.missed.length > 6 ? ", …" : ""}`);
  p();
}

if (r.scale) {
  const s = r.scale;
  p(`### ${s.factor}× archive`);
  p();
  p(`Build: talkarchive ${s.build.talkarchiveMs.toFixed(0)} ms (whole site), Pagefind ${s.build.pagefindMs.toFixed(0)} ms. Index: talkarchive ${s.indexSize.talkarchive.files} files, ${KiB(s.indexSize.talkarchive.bytes)} KiB; Pagefind ${s.indexSize.pagefind.files} files, ${KiB(s.indexSize.pagefind.bytes)} KiB.`);
  p();
  p(perfLine(s.perf) + ".");
  p();
  p("talkarchive's output:");
  p("```");
  p(s.build.talkarchiveOutput);
  p("```");
  speedTable(s.engines, `${s.factor}× archive: bytes and first-query time`);
  const heavy = (e) => e.cold.filter((c) => c.perQuery.sent > 40 * 1024).map((c) => `\`${c.q}\` ${KiB(c.perQuery.sent)}`);
  for (const n of names) p(`- ${n}: queries over 40 KiB at ${s.factor}×: ${heavy(s.engines[n]).join(", ") || "none"}`);
  p();
  if (s.engines[names[0]].quality) {
    p(`Recall at ${s.factor}× (${s.pages} pages):`);
    p();
    for (const n of names) {
      const q = s.engines[n].quality;
      p(`- ${n}: mean recall ${pct(mean(q.map((x) => x.recall)))}, mean precision ${pct(mean(q.map((x) => x.precision)))}; queries with misses: ${q.filter((x) => x.missed.length).map((x) => `\`${x.q}\` (${x.missed.length}/${x.truth})`).join(", ") || "none"}`);
    }
    p();
  }
}
p("### Per query, cold (shipped archive): bytes as sent (KiB) and time (ms)");
p();
p(`| query | ${names.map((n) => `${n} KiB | ${n} ms`).join(" | ")} |`);
p(`|---|${names.map(() => "---|---").join("|")}|`);
r.truth.forEach((t, i) => p(`| \`${t.q}\` | ${names.map((n) => `${KiB(r.engines[n].cold[i].perQuery.sent)} | ${ms(r.engines[n].cold[i].ms)}`).join(" | ")} |`));
console.log(out.join("\n"));
