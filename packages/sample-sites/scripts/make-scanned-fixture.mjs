// Makes fixtures/linjiang-czj-2023-scan.pdf, the demo's one scanned report: 临江市财政局's 2023 report
// as the sample world renders it (its figures are the world's), printed to A4 by Chromium and
// "scanned" by the OCR bench's generator (bench/scans/make-scans.mjs, its `grey` variant): pages
// rendered by pdftoppm at 200 dpi, on grey paper with grain, the office's red seal over the signature
// on the last page, turned −1.5°, JPEG quality 70, wrapped in a PDF of page images (no text layer).
// Deterministic (the generator seeds every random choice from the scan's name). Run it again only when
// the report's text changes, after building this package (the printer reads its dist/):
//   scripts/with-tools.sh pnpm --filter @touming/sample-sites build
//   scripts/with-tools.sh node packages/sample-sites/scripts/make-scanned-fixture.mjs
// Needs poppler-utils, /usr/bin/chromium and sharp (from packages/extract); no network.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeScans } from "../../../bench/scans/make-scans.mjs";

const SOURCE = "sample-linjiang-czj-2023";
const target = fileURLToPath(new URL("../fixtures/linjiang-czj-2023-scan.pdf", import.meta.url));

const out = mkdtempSync(path.join(tmpdir(), "touming-scan-fixture-"));
try {
  const { scans } = await makeScans({ out, dpis: [200], sources: [SOURCE], only: ["grey"] });
  if (scans.length !== 1) throw new Error(`expected one scan of ${SOURCE}, got ${scans.length}`);
  copyFileSync(path.join(out, scans[0].pdf), target);
  // A scan has no text layer: pdftotext finds nothing but page breaks.
  const text = spawnSync("pdftotext", [target, "-"], { encoding: "utf8" }).stdout;
  if (text.replace(/\s/g, "").length > 0) throw new Error(`${target} has a text layer: ${text.slice(0, 80)}`);
  const bytes = readFileSync(target);
  process.stdout.write(
    `${path.relative(process.cwd(), target)}: ${scans[0].pages.length} pages, ${bytes.length} bytes, sha256 ${createHash("sha256").update(bytes).digest("hex")}\n`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
