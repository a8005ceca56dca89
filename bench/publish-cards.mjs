// Report-card rendering speed: HTML cards/s and PDF cards/s (Chromium), on the demo's data.
//   npm run bench -- publish-cards [PDF_YEAR=2024]
// Builds the data first in a temp directory, as `touming demo` does: the sample sites on loopback
// (on ports the system picks), their registry imported, crawled, extracted and graded. Smoke size:
// the same data (it is small), PDFs of the year with the fewest cards.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readSettings } from "../packages/cli/dist/settings.js";
import { crawl, readRegistryFile } from "../packages/crawler/dist/index.js";
import { extractStage } from "../packages/extract/dist/stage/index.js";
import { gradeStage, loadRubric } from "../packages/grade/dist/index.js";
import { publishStage } from "../packages/publish/dist/index.js";
import { startSampleSites } from "../packages/sample-sites/dist/index.js";
import { openStore, upsertAgencies } from "../packages/store/dist/index.js";
import { smoke } from "./support/size.mjs";

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
  const year = Number(process.argv[2] ?? (smoke ? fewest.year : 2024));
  const pdfPages = settings.get("pdfPages");
  const pdf = await publish({
    outDir: path.join(dir, "pdf"),
    pdf: true,
    year,
    chromiumPath: settings.get("chromium"),
    pdfPages,
  });
  console.log(
    `PDF (year ${year}): ${pdf.summary.pdfs} PDFs in ${pdf.seconds.toFixed(2)} s = ${(pdf.summary.pdfs / pdf.seconds).toFixed(2)} PDFs/s (one Chromium, ${pdfPages} page(s) at a time)`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
