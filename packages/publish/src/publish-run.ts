import { rm } from "node:fs/promises";
import path from "node:path";
import type { Rubric } from "@touming/grade";
import {
  type PublicationRecord,
  type StageContext,
  countGradedAgencyYears,
  forgetPublications,
  gradedYears,
  listAgencies,
  recordPublications,
  sharedPublications,
} from "@touming/store";
import { BUILT_IN_EXPORTERS } from "./exporters/built-in.js";
import type { Exporter } from "./exporters/exporter.js";
import { jurisdictionByAgency, jurisdictions } from "./jurisdictions.js";
import { outputPath, pdfOf, writeIfChanged } from "./output-files.js";
import type { Output, PublishRun } from "./output.js";
import { PdfQueue } from "./outputs/pdfs.js";
import { loadTemplates } from "./render/templates.js";

/** Publications are recorded this many at a time (one transaction each). */
const RECORD_BATCH = 500;

/** What the publish stage is asked to do. */
export interface PublishOptions {
  outDir: string;
  /** The rubric the grades were made with (its version, title, letters and minimum sample). */
  rubric: Rubric;
  /** Only this report year (the index and the open data still cover every year). */
  year?: number;
  /** Print the pages as PDFs with Chromium (default true). */
  pdf?: boolean;
  /** The Chromium executable that prints the PDFs (default `DEFAULT_CHROMIUM`). */
  chromiumPath?: string;
  /** PDF pages printed at once (default 1). */
  pdfPages?: number;
  /** The date printed on every page; the only time stamp in the output (YYYY-MM-DD). */
  generatedOn: string;
  /** What is published, in order (default `BUILT_IN_OUTPUTS`); e.g. `[...BUILT_IN_OUTPUTS, feed]`. */
  outputs?: readonly Output[];
  /** The open data's formats (default `BUILT_IN_EXPORTERS`); e.g. `[...BUILT_IN_EXPORTERS, tsv]`. */
  exporters?: readonly Exporter[];
}

/** A run as the stage drives it: what its outputs see, and what the stage does after them. */
export interface RunningPublish {
  run: PublishRun;
  /** The PDFs of the pages the outputs wrote, to print after they all finished. */
  pdfs: PdfQueue;
  /** Records the publications not recorded yet, in one transaction. */
  flush(): Promise<void>;
}

/** Reads what every output shares (the registry, the graded years, what was published before). */
export async function openPublishRun(ctx: StageContext, options: PublishOptions): Promise<RunningPublish> {
  const db = ctx.store.db;
  const outDir = path.resolve(options.outDir);
  const allYears = await gradedYears(db);
  const years = options.year === undefined ? allYears : allYears.filter((y) => y === options.year);
  const agencies = await listAgencies(db);
  const groups = jurisdictions(agencies);
  const total = await countGradedAgencyYears(db, years);
  const pdf = options.pdf !== false;
  const pdfs = new PdfQueue(pdf, {
    ...(options.chromiumPath === undefined ? {} : { chromium: options.chromiumPath }),
    ...(options.pdfPages === undefined ? {} : { concurrency: options.pdfPages }),
  });
  let pending: PublicationRecord[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    await recordPublications(db, batch, ctx.clock);
  };
  let done = 0;

  const run: PublishRun = {
    store: ctx.store,
    outDir,
    rubric: options.rubric,
    generatedOn: options.generatedOn,
    common: {
      rubricVersion: options.rubric.version,
      rubricTitle: options.rubric.title,
      generatedOn: options.generatedOn,
    },
    templates: loadTemplates(),
    agencies,
    jurisdictions: groups,
    jurisdictionOf: jurisdictionByAgency(groups),
    years,
    allYears,
    letters: options.rubric.grades.map((g) => g.letter),
    shared: await sharedPublications(db),
    exporters: options.exporters ?? BUILT_IN_EXPORTERS,
    pdf,
    signal: ctx.signal,
    summary: {
      cards: 0,
      rendered: 0,
      summaries: 0,
      pdfs: 0,
      written: 0,
      unchanged: 0,
      openDataRebuilt: false,
      indexPath: path.join(outDir, "index.html"),
    },

    async write(segments, content, file) {
      const target = outputPath(outDir, ...segments);
      const header = file.pdfHeader;
      // A page's PDF goes before the page changes: a run stopped before printing it again leaves no
      // PDF (printed by the next run) rather than a stale one that nothing would ever replace.
      // Its `publications` row goes with it: a run without PDFs would otherwise leave it listed.
      const removePdf =
        header === undefined
          ? undefined
          : async () => {
              await rm(pdfOf(target), { force: true });
              await forgetPublications(db, [pdfOf(segments.join("/"))]);
            };
      const written = await writeIfChanged(outDir, target, content, file.recorded, removePdf);
      await run.record(written, file);
      if (header !== undefined)
        await pdfs.add(written, {
          file: target,
          header,
          kind: `${file.kind}-pdf`,
          agencyId: file.agencyId ?? null,
          year: file.year ?? null,
        });
      return written;
    },

    async record(written, file) {
      if (written.changed) run.summary.written++;
      else run.summary.unchanged++;
      pending.push({
        path: written.path,
        kind: file.kind,
        agencyId: file.agencyId ?? null,
        year: file.year ?? null,
        sha256: written.sha256,
        bytes: written.bytes,
        runId: ctx.runId,
        inputs: file.inputs ?? null,
      });
      if (pending.length >= RECORD_BATCH) await flush();
    },

    advance(count = 1, item) {
      done += count;
      ctx.onProgress?.({ done, total, ...(item === undefined ? {} : { item }) });
    },
  };
  return { run, pdfs, flush };
}
