import type { ReportWithSource } from "@touming/store";
import { type Recorded, StreamedFile, type Written, csvLine, outputPath } from "./output-files.js";
import type { PublishedGrade } from "./published-grade.js";

type Cell = string | number | null;

const DATASETS = {
  grades: ["agency_id", "agency_name", "year", "dimension", "points", "max_points", "reason"],
  values: [
    "agency_id",
    "agency_name",
    "year",
    "key",
    "value",
    "raw",
    "unit",
    "approximate",
    "cell",
    "excerpt",
  ],
  checks: ["agency_id", "agency_name", "year", "check", "severity", "status", "left", "right", "message"],
} as const;
type Dataset = keyof typeof DATASETS;

/** The files the open data consists of, relative to the output directory. */
export const OPEN_DATA_FILES = Object.keys(DATASETS).flatMap((name) => [
  `data/${name}.csv`,
  `data/${name}.json`,
]);

/** One dataset as CSV (UTF-8 BOM) and as a JSON array with one record per line, both streamed. */
class DatasetFiles {
  private rows = 0;
  /** `{"a":`, `,"b":`…: each column's name as it opens its member of a JSON record. */
  private readonly keys: string[];
  private constructor(
    private readonly header: readonly string[],
    readonly csv: StreamedFile,
    readonly json: StreamedFile,
  ) {
    this.keys = header.map((h, i) => `${i === 0 ? "{" : ","}${JSON.stringify(h)}:`);
  }

  static async open(outDir: string, name: Dataset): Promise<DatasetFiles> {
    const header = DATASETS[name];
    const files = new DatasetFiles(
      header,
      await StreamedFile.open(outDir, outputPath(outDir, "data", `${name}.csv`)),
      await StreamedFile.open(outDir, outputPath(outDir, "data", `${name}.json`)),
    );
    await files.csv.write("\ufeff" + csvLine(header));
    await files.json.write("[");
    return files;
  }

  async add(cells: readonly Cell[]): Promise<void> {
    await this.csv.write(csvLine(cells));
    // The same as JSON.stringify of the record, without building it (millions of rows).
    let record = "";
    for (let i = 0; i < this.keys.length; i++) record += `${this.keys[i]}${JSON.stringify(cells[i] ?? null)}`;
    await this.json.write(`${this.rows++ === 0 ? "\n" : ",\n"}${record}}`);
  }
}

/**
 * The open data of every graded agency-year (grades, values, checks), written as the publish stage
 * walks the agencies, so that memory does not grow with the registry.
 */
export class OpenDataWriter {
  private constructor(private readonly sets: Record<Dataset, DatasetFiles>) {}

  static async open(outDir: string): Promise<OpenDataWriter> {
    return new OpenDataWriter({
      grades: await DatasetFiles.open(outDir, "grades"),
      values: await DatasetFiles.open(outDir, "values"),
      checks: await DatasetFiles.open(outDir, "checks"),
    });
  }

  async add(agencyName: string, grade: PublishedGrade, source: ReportWithSource | undefined): Promise<void> {
    const { agencyId, year } = grade;
    const { grades, values, checks } = this.sets;
    await grades.add([
      agencyId,
      agencyName,
      year,
      "total",
      grade.score,
      100,
      `${grade.letter} ${grade.label}`,
    ]);
    for (const d of grade.dimensions)
      await grades.add([agencyId, agencyName, year, d.dimension, d.points, d.max_points, d.reason]);
    if (grade.missing || !source) return;
    for (const v of source.values)
      await values.add([
        agencyId,
        agencyName,
        year,
        v.key,
        v.value,
        v.raw,
        v.unit,
        v.approximate,
        v.cell,
        v.excerpt,
      ]);
    for (const c of source.checks)
      await checks.add([agencyId, agencyName, year, c.key, c.severity, c.status, c.left, c.right, c.message]);
  }

  /** Closes every file; returns what was written (unchanged files stay as they were). */
  async finish(recorded: (path: string) => Recorded | undefined): Promise<Written[]> {
    const out: Written[] = [];
    for (const set of Object.values(this.sets)) {
      await set.json.write("\n]\n");
      for (const file of [set.csv, set.json]) out.push(await file.finish(recorded(file.path)));
    }
    return out;
  }

  async abandon(): Promise<void> {
    for (const set of Object.values(this.sets)) for (const file of [set.csv, set.json]) await file.abandon();
  }
}
