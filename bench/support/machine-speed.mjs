// The machine's speed of the moment, for figures whose target is a rate or a fixed time rather than a
// ratio to something measured in the same run. This 2-core machine has run the same build at
// speeds 2.5–2.9× apart on different days (2026-11-30 against the morning of 2026-12-02): a figure
// from another day cannot say on its own whether code got slower. `pdftotext -layout` over the
// in-repo six-page PDF is the yardstick: the PDF figure's own anchor, measured the same way (process
// start included), so its value on the day a fixed figure was set is on record.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const SAMPLE = fileURLToPath(
  new URL("../../packages/extract/fixtures/pdf/huaian-city-2024.pdf", import.meta.url),
);
const SAMPLE_PAGES = 6;

/** The yardstick on the day the fixed figures were measured (extract-accuracy, 2026-11-30). */
export const REFERENCE_SPEED = { date: "2026-11-30", msPerPage: 3.6 };

/**
 * `pdftotext -layout` ms per page over the sample PDF, the median of `runs` runs (process start
 * included); null where pdftotext is not installed.
 */
export function pdftotextMsPerPage(runs = 15) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const run = spawnSync("pdftotext", ["-layout", SAMPLE, "-"], { stdio: ["ignore", "ignore", "ignore"] });
    if (run.status !== 0) return null;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6 / SAMPLE_PAGES);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * The machine's speed as an anchor's words: the yardstick now and on the reference day, and how
 * much slower (or faster) the machine runs than then; null without pdftotext.
 */
export function machineSpeedAnchor(msPerPage) {
  if (msPerPage === null) return null;
  const factor = msPerPage / REFERENCE_SPEED.msPerPage;
  return `machine: pdftotext -layout ${msPerPage.toFixed(1)} ms/page (${REFERENCE_SPEED.msPerPage} on ${REFERENCE_SPEED.date}: ${factor.toFixed(1)}× its time)`;
}
