import { type DocumentRow, forgetPublications } from "@touming/store";
import { outputPath, publishBlob, removeFile } from "../output-files.js";
import type { AgencyBatch, AgencyRecord, Output, PublishRun } from "../output.js";

type Source = Pick<DocumentRow, "blob_sha256" | "content_type" | "url">;

/**
 * How archived copies are named (`archivePath`): part of what every card is made from, so that
 * renaming them renders the cards that link them again.
 */
export const ARCHIVE_NAMING = "2: crawled HTML as .html.txt";

/**
 * Where a source's archived copy is published, named by its hash; null when its bytes were not kept.
 * Crawled HTML keeps its bytes but is named `.html.txt`: a web server serving the output directory
 * serves it as text, so a hostile page never runs as a page on the cards' origin.
 */
export function archivePath(doc: Source | undefined): string | null {
  const sha = doc?.blob_sha256;
  if (!doc || !sha) return null;
  const ext =
    /pdf/i.test(doc.content_type ?? "") || /\.pdf$/i.test(doc.url)
      ? "pdf"
      : /html/i.test(doc.content_type ?? "")
        ? "html.txt"
        : "bin";
  return `archive/${sha}.${ext}`;
}

/**
 * A copy of each report's source as it was crawled (the card links it), written with the card that
 * shows the report. A copy already published is not even read from the blob store.
 */
export const archivesOutput: Output = {
  name: "archives",
  async open(run) {
    return { agency: (record, batch) => archiveSources(run, record, batch) };
  },
};

async function archiveSources(run: PublishRun, record: AgencyRecord, batch: AgencyBatch): Promise<void> {
  for (const { grade, report, renew } of record.graded) {
    if (run.signal.aborted) return;
    const doc = report?.document;
    const file = archivePath(doc);
    const sha = doc?.blob_sha256;
    if (!renew || !sha || file === null) continue;
    const target = outputPath(run.outDir, ...file.split("/"));
    const written = await publishBlob(run.outDir, target, sha, batch.recorded.get(file), () =>
      run.store.blobs.get(sha),
    );
    await run.record(written, { kind: "archive", agencyId: record.agency.id, year: grade.year });
    // The copy an earlier version published as a live page, named `.html` (its row deleted when
    // there is one: not a delete per report of every run).
    if (file.endsWith(".html.txt")) {
      const live = file.slice(0, -".txt".length);
      await removeFile(target.slice(0, -".txt".length));
      if (batch.recorded.has(live)) await forgetPublications(run.store.db, [live]);
    }
  }
}
