// Report-card rendering speed: HTML cards/s and PDF cards/s (Chromium), on the demo's data.
//   npm run bench -- publish-cards
// Builds the data with `touming demo --no-pdf` in a temp directory first (sample sites on loopback).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadRubric, runPublishStage } from "../packages/publish/dist/index.js";
import { openStore } from "../packages/store/dist/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "touming-bench-publish-"));
try {
  execFileSync(
    path.join(root, "packages/cli/bin/touming"),
    [
      "--data-dir",
      path.join(dir, "data"),
      "demo",
      "--no-pdf",
      "--port",
      "0",
      "--out",
      path.join(dir, "demo-out"),
    ],
    {
      stdio: ["ignore", "ignore", "ignore"],
    },
  );
  const store = await openStore({ dataDir: path.join(dir, "data") });
  const rubric = loadRubric();
  let t = process.hrtime.bigint();
  const html = await runPublishStage(store, {
    outDir: path.join(dir, "html"),
    rubric,
    pdf: false,
    generatedOn: "2025-06-01",
  });
  let s = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(
    `HTML: ${html.cards} cards + ${html.summaries} summaries in ${s.toFixed(2)} s = ${((html.cards + html.summaries) / s).toFixed(1)} pages/s`,
  );
  t = process.hrtime.bigint();
  const pdf = await runPublishStage(store, {
    outDir: path.join(dir, "pdf"),
    rubric,
    pdf: true,
    year: 2024,
    generatedOn: "2025-06-01",
  });
  s = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(
    `PDF (year 2024): ${pdf.pdfs} PDFs in ${s.toFixed(2)} s = ${(pdf.pdfs / s).toFixed(2)} PDFs/s (one Chromium, ${process.env.TOUMING_PDF_PAGES ?? 1} page(s) at a time)`,
  );
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
