import path from "node:path";
import { openDataInputs } from "@touming/store";
import { DATASETS, type Dataset, type DatasetSource } from "../datasets.js";
import type { Exporter, RecordEncoder } from "../exporters/exporter.js";
import { StreamedFile, type Written, outputPath, stillRecorded } from "../output-files.js";
import type { AgencyRecord, Output, OutputRun, PublishRun } from "../output.js";

/** One dataset's files, one per exporter, written together. */
interface DatasetFiles {
  dataset: Dataset;
  files: { encoder: RecordEncoder; file: StreamedFile }[];
}

/** The open data's files, relative to the output directory: every dataset in every exporter's format. */
export function openDataFiles(exporters: readonly Exporter[]): string[] {
  const extensions = exporters.map((e) => e.extension);
  const repeated = extensions.find((e, i) => extensions.indexOf(e) !== i);
  if (repeated !== undefined) throw new Error(`two open-data exporters write .${repeated} files`);
  return DATASETS.flatMap((d) => extensions.map((e) => `data/${d.name}.${e}`));
}

/**
 * The open data: every grade, value and check of every graded agency-year, in every exporter's
 * format, streamed as the agencies are walked. The largest output: made again only when what it is
 * made from (agencies, reports, grades, the rubric) changed since it was last written.
 */
export const openDataOutput: Output = {
  name: "open data",
  async open(run) {
    const inputs = `${await openDataInputs(run.store.db)}; rubric ${run.rubric.version}`;
    const current = await currentOpenData(run, inputs);
    if (current) return new CurrentOpenData(run, inputs, current);
    run.summary.openDataRebuilt = true;
    return new OpenDataWriter(run, inputs, await openFiles(run));
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
  }
}

/** Writes the open data anew, every agency's records as it is read. */
class OpenDataWriter implements OutputRun {
  readonly wantsEveryAgency = true;
  private open = true;

  constructor(
    private readonly run: PublishRun,
    private readonly inputs: string,
    private readonly sets: readonly DatasetFiles[],
  ) {}

  async agency(record: AgencyRecord): Promise<void> {
    for (const { grade, report } of record.graded) {
      const source: DatasetSource = { agency: record.agency, grade, report };
      for (const { dataset, files } of this.sets)
        for (const cells of dataset.records(source))
          for (const { encoder, file } of files) await file.write(encoder.record(cells));
    }
  }

  async finish(): Promise<void> {
    for (const { files } of this.sets) {
      for (const { encoder, file } of files) {
        await file.write(encoder.footer());
        const written = await file.finish(this.run.shared.get(file.path));
        await this.run.record(written, { kind: "data", inputs: this.inputs });
      }
    }
    this.open = false;
  }

  async abandon(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    for (const { files } of this.sets) for (const { file } of files) await file.abandon();
  }
}

/**
 * Opens every dataset's file for every exporter. When one cannot be opened (a full disk, an
 * exporter whose extension is not a safe file name), those already open are abandoned: no temporary
 * file is left behind, and nothing that was published is touched.
 */
async function openFiles(run: PublishRun): Promise<DatasetFiles[]> {
  const sets: DatasetFiles[] = [];
  const opened: StreamedFile[] = [];
  try {
    for (const dataset of DATASETS) {
      const files: DatasetFiles["files"] = [];
      for (const exporter of run.exporters) {
        const target = outputPath(run.outDir, "data", `${dataset.name}.${exporter.extension}`);
        const file = await StreamedFile.open(run.outDir, target);
        opened.push(file);
        const encoder = exporter.start(dataset.columns);
        files.push({ encoder, file });
        await file.write(encoder.header());
      }
      sets.push({ dataset, files });
    }
  } catch (error) {
    for (const file of opened) await file.abandon();
    throw error;
  }
  return sets;
}

/** The open data files as recorded, when every one was made from these inputs and is still in place. */
async function currentOpenData(run: PublishRun, inputs: string): Promise<Written[] | null> {
  const out: Written[] = [];
  for (const file of openDataFiles(run.exporters)) {
    const known = run.shared.get(file);
    if (known?.inputs !== inputs || !(await stillRecorded(path.join(run.outDir, file), known.sha256, known)))
      return null;
    out.push({ path: file, sha256: known.sha256, bytes: known.bytes, changed: false });
  }
  return out;
}
