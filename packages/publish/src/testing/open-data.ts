import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { parseCsv } from "./parse-csv.js";

/** An open-data file under the output directory (`data/2024/values.csv.gz`), decompressed, as text. */
export const readOpenData = (out: string, file: string): string =>
  gunzipSync(readFileSync(path.join(out, file))).toString("utf8");

/**
 * A dataset's files of one format on disk, relative to the output directory: its one file
 * (`data/grades.csv.gz`), or its file of each year folder, years ascending (`data/2024/values.csv.gz`).
 */
export function datasetFiles(out: string, dataset: string, extension: string): string[] {
  const name = `${dataset}.${extension}.gz`;
  if (existsSync(path.join(out, "data", name))) return [`data/${name}`];
  return readdirSync(path.join(out, "data"))
    .filter((d) => /^\d{4}$/.test(d) && existsSync(path.join(out, "data", d, name)))
    .sort()
    .map((d) => `data/${d}/${name}`);
}

/** A dataset's JSON records, of every year's file together. */
export const jsonRecords = <T = Record<string, unknown>>(out: string, dataset: string): T[] =>
  datasetFiles(out, dataset, "json").flatMap((f) => JSON.parse(readOpenData(out, f)) as T[]);

/** A dataset's CSV header (each file's, the same) and rows, of every year's file together. */
export function csvTable(out: string, dataset: string): { header: string[]; rows: string[][] } {
  const tables = datasetFiles(out, dataset, "csv").map((f) => parseCsv(readOpenData(out, f)));
  const header = tables[0]![0]!;
  for (const t of tables) if (t[0]!.join() !== header.join()) throw new Error(`${dataset}: headers differ`);
  return { header, rows: tables.flatMap((t) => t.slice(1)) };
}
