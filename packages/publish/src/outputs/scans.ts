import { outputPath, publishBlob } from "../output-files.js";
import type { AgencyBatch, AgencyRecord, Output, PublishRun } from "../output.js";
import { scanPath } from "../render/ocr-marks.js";

/**
 * The page images a scanned report's figures were read from (by OCR), each published once under
 * its hash (`scans/<sha256>.jpg`), with the card that links them. An image already published is
 * not even read from the blob store.
 */
export const scansOutput: Output = {
  name: "scans",
  async open(run) {
    return { agency: (record, batch) => publishScans(run, record, batch) };
  },
};

async function publishScans(run: PublishRun, record: AgencyRecord, batch: AgencyBatch): Promise<void> {
  const done = new Set<string>();
  for (const { grade, report, renew } of record.graded) {
    if (run.signal.aborted) return;
    if (!renew || !report?.ocr) continue;
    for (const { imageSha256: sha } of report.ocr.pages) {
      const file = scanPath(sha);
      if (done.has(file)) continue;
      done.add(file);
      const target = outputPath(run.outDir, ...file.split("/"));
      const written = await publishBlob(run.outDir, target, sha, batch.recorded.get(file), () =>
        run.store.blobs.get(sha),
      );
      await run.record(written, { kind: "scan", agencyId: record.agency.id, year: grade.year });
    }
  }
}
