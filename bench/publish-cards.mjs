// Report-card rendering speed: HTML cards/s and PDF cards/s (Chromium), on the demo's data.
//   npm run bench -- publish-cards [YEAR]   (default: every year's cards; smoke: the smallest year's)
// Builds the data first in a temp directory, as `touming demo` does: the sample sites on loopback
// (on ports the system picks), their registry imported, crawled, extracted and graded. Smoke size:
// the same data (it is small), PDFs of the year with the fewest cards.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readSettings } from "../packages/cli/dist/settings.js";
import { crawl, readRegistryFile } from "../packages/crawler/dist/index.js";
import { extractStage } from "../packages/extract/dist/stage/index.js";
import { gradeStage, loadRubric } from "../packages/grade/dist/index.js";
import { publishStage } from "../packages/publish/dist/index.js";
import { PdfRenderer } from "../packages/publish/dist/render/pdf-renderer.js";
import { startSampleSites } from "../packages/sample-sites/dist/index.js";
import { openStore, upsertAgencies } from "../packages/store/dist/index.js";
import { figure } from "./support/figures.mjs";
import { smoke } from "./support/size.mjs";

/** Every PDF under a directory. */
const listPdfs = (dir) =>
  readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith(".pdf"))
    .map((f) => path.join(dir, f));

// TOUMING_CHROMIUM and TOUMING_PDF_PAGES as the CLI reads them.
const settings = readSettings(process.env);
const rubric = loadRubric();
const dir = mkdtempSync(path.join(tmpdir(), "touming-bench-publish-"));
const store = await openStore({ dataDir: path.join(dir, "data") });
const ctx = { store, clock: () => new Date(), signal: new globalThis.AbortController().signal, runId: null };

/** The publish stage, timed. */
async function publish(options) {
  const t = process.hrtime.bigint();
  const { summary } = await publishStage.run(ctx, { rubric, generatedOn: "2025-06-01", ...options });
  return { summary, seconds: Number(process.hrtime.bigint() - t) / 1e9 };
}

try {
  const sites = await startSampleSites();
  try {
    const registryFile = path.join(dir, "registry.yaml");
    writeFileSync(registryFile, sites.registryYaml());
    const registry = await readRegistryFile(registryFile, new Set());
    await upsertAgencies(store.db, registry.agencies, { sourceFile: registryFile });
    // Loopback sites: retry the flaky one quickly, as the demo does.
    await crawl({ db: store.db, blobs: store.blobs }, { retryBaseDelayMs: 100 });
  } finally {
    await sites.close();
  }
  await extractStage.run(ctx, {});
  await gradeStage.run(ctx, { rubric });

  const html = await publish({ outDir: path.join(dir, "html"), pdf: false });
  const pages = html.summary.cards + html.summary.summaries;
  console.log(
    `HTML: ${html.summary.cards} cards + ${html.summary.summaries} summaries in ${html.seconds.toFixed(2)} s = ${(pages / html.seconds).toFixed(1)} pages/s`,
  );
  const [fewest] = await store.db
    .selectFrom("grades")
    .select(["year", (eb) => eb.fn.countAll().as("n")])
    .where("dimension", "=", "total")
    .groupBy("year")
    .orderBy("n")
    .orderBy("year", "desc")
    .execute();
  // Every year's cards (the default prints only the newest year's); smoke: the smallest year's.
  const pdfYears = process.argv[2] ? [Number(process.argv[2])] : smoke ? [fewest.year] : "all";
  const pdfPages = settings.get("pdfPages");
  const chromium = settings.get("chromium");
  const outDir = path.join(dir, "pdf");
  const pdf = await publish({ outDir, pdf: true, pdfYears, chromiumPath: chromium, pdfPages });
  const rate = pdf.summary.pdfs / pdf.seconds;
  console.log(
    `PDF (${pdfYears === "all" ? "every year" : pdfYears.join(", ")}): ${pdf.summary.pdfs} PDFs in ${pdf.seconds.toFixed(2)} s = ${rate.toFixed(2)} PDFs/s (one Chromium, ${pdfPages} page(s) at a time, its start included)`,
  );

  // What the PDFs are: sizes, and the font types pdffonts lists (Type 3 means glyphs drawn as paths).
  const pdfs = listPdfs(outDir);
  const cards = pdfs.filter((f) => f.includes(`${path.sep}cards${path.sep}`));
  const kb = (f) => statSync(f).size / 1024;
  const sizes = cards.map(kb).sort((a, b) => a - b);
  const fonts = new Map();
  for (const f of pdfs)
    for (const line of spawnSync("pdffonts", [f], { encoding: "utf8" }).stdout.split("\n").slice(2))
      if (line.trim()) {
        const type = /\s(Type 3|CID TrueType|TrueType|Type 1C?|CID Type 0C?)\s/.exec(line)?.[1] ?? "other";
        fonts.set(type, (fonts.get(type) ?? 0) + 1);
      }
  const type3 = fonts.get("Type 3") ?? 0;
  const mean = sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length);
  console.log(
    `card PDFs: ${cards.length}, mean ${mean.toFixed(0)} KB, largest ${sizes.at(-1)?.toFixed(0) ?? 0} KB; fonts embedded: ${[...fonts].map(([t, n]) => `${t} ${n}`).join(", ")}`,
  );

  // The anchor: the same Chromium printing a blank page, the floor of any PDF.
  const blankDir = path.join(dir, "blank");
  mkdirSync(blankDir);
  writeFileSync(path.join(blankDir, "blank.html"), "<!DOCTYPE html><meta charset=utf-8><p>x</p>");
  const renderer = new PdfRenderer({ chromium, concurrency: pdfPages, root: blankDir });
  const blanks = smoke ? 5 : 60;
  await renderer.render(path.join(blankDir, "blank.html"), "x", "2025-06-01");
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: blanks }, () =>
      renderer.render(path.join(blankDir, "blank.html"), "x", "2025-06-01"),
    ),
  );
  const blankRate = blanks / (Number(process.hrtime.bigint() - t0) / 1e9);
  await renderer.close();
  const judged = smoke ? null : undefined;
  figure({
    name: "PDF cards",
    value: `${rate.toFixed(1)} PDFs/s (${pdf.summary.pdfs} PDFs, Chromium's start included)`,
    anchor: `a blank page in the same Chromium ${blankRate.toFixed(1)} PDFs/s`,
    ratio: `${((rate / blankRate) * 100).toFixed(0)}% of the blank page's rate`,
    target: "≥ 10 PDFs/s",
    met: judged ?? rate >= 10,
  });
  figure({
    name: "card PDF size and fonts",
    value: `mean ${mean.toFixed(0)} KB, largest ${sizes.at(-1)?.toFixed(0) ?? 0} KB; ${type3} Type 3 fonts`,
    target: "≤ 150 KB a card, no Type 3 font",
    met: (sizes.at(-1) ?? 0) <= 150 && type3 === 0,
  });
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
