import { createHash } from "node:crypto";
import { rm, rmdir } from "node:fs/promises";
import path from "node:path";
import { forgetPublications, openDataInputs } from "@touming/store";
import { DATASETS } from "../datasets.js";
import { BUILT_IN_EXPORTERS } from "../exporters/built-in.js";
import { type OpenDataFile, openDataFiles } from "../open-data-layout.js";
import { type Written, stillRecorded } from "../output-files.js";
import type { AgencyRecord, Output, OutputRun, PublishRun } from "../output.js";
import { OpenDataFiles } from "./open-data-files.js";
import { OpenDataOnThread } from "./open-data-on-thread.js";

/**
 * The open data: every grade, value and check of every graded agency-year, in every exporter's
 * format, gzip-compressed, the large datasets a file per year (`open-data-layout.ts`), streamed as
 * the agencies are walked. The largest output: made again only when what it is made from (agencies,
 * reports, grades, the rubric) changed since it was last written; then only the files whose bytes
 * changed are replaced (a change to one year's reports replaces that year's files and the whole
 * datasets'). Files of an earlier layout, a year no longer graded or a format no longer exported are
 * removed.
 */
export const openDataOutput: Output = {
  name: "open data",
  async open(run) {
    // The datasets' columns too: a column added (the values' OCR columns) makes the files again.
    const columns = createHash("sha256")
      .update(JSON.stringify(DATASETS.map((d) => [d.name, d.columns])))
      .digest("hex")
      .slice(0, 16);
    const inputs = `${await openDataInputs(run.store.db)}; rubric ${run.rubric.version}; columns ${columns}`;
    const files = openDataFiles(run.exporters, run.allYears);
    const current = await currentOpenData(run, inputs, files);
    if (current) return new CurrentOpenData(run, inputs, current);
    run.summary.openDataRebuilt = true;
    // The built-in exporters are named to a thread of its own; an exporter that is code of the
    // caller's cannot be posted to one: its files are written here, between the cards.
    if (run.exporters.every((e) => BUILT_IN_EXPORTERS.includes(e)))
      return new OpenDataThreadWriter(
        run,
        inputs,
        new OpenDataOnThread(
          run,
          files.map((f) => f.path),
        ),
      );
    return new OpenDataWriter(run, inputs, await OpenDataFiles.open(run.outDir, files, run.allYears));
  },
};

/** The open data was made from the same inputs and is in place: recorded again as it is. */
class CurrentOpenData implements OutputRun {
  constructor(
    private readonly run: PublishRun,
    private readonly inputs: string,
    private readonly files: readonly Written[],
  ) {}

  async finish(): Promise<void> {
    await recordWritten(this.run, this.inputs, this.files);
  }
}

/** Writes the open data anew on this thread, every agency's records as it is read. */
class OpenDataWriter implements OutputRun {
  readonly wantsEveryAgency = true;
  private open = true;

  constructor(
    private readonly run: PublishRun,
    private readonly inputs: string,
    private readonly files: OpenDataFiles,
  ) {}

  async agency(record: AgencyRecord): Promise<void> {
    for (const { grade, report } of record.graded)
      await this.files.write({ agency: record.agency, grade, report });
  }

  async finish(): Promise<void> {
    const written = await this.files.finish((p) => this.run.shared.get(p));
    this.open = false;
    await recordWritten(this.run, this.inputs, written);
  }

  async abandon(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.files.abandon();
  }
}

/** Writes the open data anew on a thread of its own, beside the cards. */
class OpenDataThreadWriter implements OutputRun {
  private open = true;

  constructor(
    private readonly run: PublishRun,
    private readonly inputs: string,
    private readonly thread: OpenDataOnThread,
  ) {}

  async finish(): Promise<void> {
    const written = await this.thread.written();
    this.open = false;
    await recordWritten(this.run, this.inputs, written);
  }

  async abandon(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.thread.abandon();
  }
}

/** Records the files written, and removes those of the open data no longer written. */
async function recordWritten(run: PublishRun, inputs: string, written: readonly Written[]): Promise<void> {
  for (const w of written) await run.record(w, { kind: "data", inputs });
  await removeStale(run, written);
}

/** The open data files as recorded, when every one was made from these inputs and is still in place. */
async function currentOpenData(
  run: PublishRun,
  inputs: string,
  files: readonly OpenDataFile[],
): Promise<Written[] | null> {
  const out: Written[] = [];
  for (const { path: file } of files) {
    const known = run.shared.get(file);
    if (known?.inputs !== inputs || !(await stillRecorded(path.join(run.outDir, file), known.sha256, known)))
      return null;
    out.push({ path: file, sha256: known.sha256, bytes: known.bytes, changed: false });
  }
  return out;
}

/**
 * Removes the open-data files `publications` recorded that the run did not write (the files of an
 * earlier layout, `data/values.csv`; a year no longer graded; a format no longer exported), and their
 * year's folder once it is empty.
 */
async function removeStale(run: PublishRun, written: readonly Written[]): Promise<void> {
  const current = new Set(written.map((w) => w.path));
  const stale = [...run.shared.values()].filter((p) => p.kind === "data" && !current.has(p.path));
  const dataDir = path.join(run.outDir, "data");
  for (const p of stale) {
    const file = path.join(run.outDir, p.path);
    await rm(file, { force: true });
    if (path.dirname(file) !== dataDir) await rmdir(path.dirname(file)).catch(() => undefined);
  }
  await forgetPublications(
    run.store.db,
    stale.map((p) => p.path),
  );
}
