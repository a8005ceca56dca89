import { createHash } from "node:crypto";
import { rm, rmdir } from "node:fs/promises";
import path from "node:path";
import { forgetPublications, openDataInputs } from "@touming/store";
import { DATASETS, type Dataset, type DatasetSource } from "../datasets.js";
import type { RecordEncoder } from "../exporters/exporter.js";
import { type OpenDataFile, openDataFiles } from "../open-data-layout.js";
import { StreamedFile, type Written, outputPath, stillRecorded } from "../output-files.js";
import type { AgencyRecord, Output, OutputRun, PublishRun } from "../output.js";

/** One open-data file being written: where it goes, and how its records are written. */
interface OpenFile {
  readonly file: OpenDataFile;
  readonly encoder: RecordEncoder;
  readonly stream: StreamedFile;
}

/** The files a year's records go to, dataset by dataset. */
type YearTargets = readonly { dataset: Dataset; files: readonly OpenFile[] }[];

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
    return new OpenDataWriter(run, inputs, await openFiles(run, files));
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
    for (const w of this.files) await this.run.record(w, { kind: "data", inputs: this.inputs });
    await removeStale(this.run, this.files);
  }
}

/** Writes the open data anew, every agency's records as it is read. */
class OpenDataWriter implements OutputRun {
  readonly wantsEveryAgency = true;
  private open = true;
  /** By report year. */
  private readonly targets = new Map<number, YearTargets>();
  /** The files of every year's records (the datasets not written by year). */
  private readonly whole: readonly OpenFile[];

  constructor(
    private readonly run: PublishRun,
    private readonly inputs: string,
    private readonly files: readonly OpenFile[],
  ) {
    this.whole = files.filter((f) => f.file.year === null);
    for (const year of run.allYears)
      this.targets.set(
        year,
        DATASETS.map((dataset) => ({
          dataset,
          files: [...this.whole, ...files.filter((f) => f.file.year === year)].filter(
            (f) => f.file.dataset === dataset,
          ),
        })),
      );
  }

  async agency(record: AgencyRecord): Promise<void> {
    for (const { grade, report } of record.graded) {
      const targets = this.targets.get(grade.year);
      if (!targets) throw new Error(`open data: ${grade.year} is not a graded year`);
      const source: DatasetSource = { agency: record.agency, grade, report };
      for (const { dataset, files } of targets)
        for (const cells of dataset.records(source))
          for (const { encoder, stream } of files) await stream.write(encoder.record(cells));
    }
  }

  async finish(): Promise<void> {
    const written: Written[] = [];
    for (const { encoder, stream } of this.files) {
      await stream.write(encoder.footer());
      const w = await stream.finish(this.run.shared.get(stream.path));
      await this.run.record(w, { kind: "data", inputs: this.inputs });
      written.push(w);
    }
    this.open = false;
    await removeStale(this.run, written);
  }

  async abandon(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    for (const { stream } of this.files) await stream.abandon();
  }
}

/**
 * Opens every file of the open data, compressed. When one cannot be opened (a full disk, an exporter
 * whose extension is not a safe file name), those already open are abandoned: no temporary file is
 * left behind, and nothing that was published is touched.
 */
async function openFiles(run: PublishRun, files: readonly OpenDataFile[]): Promise<OpenFile[]> {
  const opened: OpenFile[] = [];
  try {
    for (const file of files) {
      const target = outputPath(run.outDir, ...file.segments);
      const stream = await StreamedFile.open(run.outDir, target);
      const encoder = file.exporter.start(file.dataset.columns);
      opened.push({ file, encoder, stream });
      await stream.write(encoder.header());
    }
  } catch (error) {
    for (const { stream } of opened) await stream.abandon();
    throw error;
  }
  return opened;
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
