import { DATASETS, type Dataset } from "./datasets.js";
import type { Exporter } from "./exporters/exporter.js";

/**
 * Every open-data file is gzip-compressed, named as its exporter names it with `.gz` after
 * (`values.csv.gz`: the CSV, BOM and all, inside). Uncompressed, the open data of 10,000 agencies
 * was about 2.6 GB; compressed, it is 146 MB.
 */
export const COMPRESSED_EXTENSION = "gz";

/** One file of the open data. */
export interface OpenDataFile {
  /** Relative to the output directory: `data/<dataset>.<ext>.gz` or `data/<year>/<dataset>.<ext>.gz`. */
  readonly path: string;
  /** The path's segments under the output directory. */
  readonly segments: readonly string[];
  readonly dataset: Dataset;
  /** The report year of its records; null: every year's. */
  readonly year: number | null;
  readonly exporter: Exporter;
}

/**
 * The open data's files: every dataset in every exporter's format; a dataset written by year
 * (`Dataset.byYear`) has a file per graded year, in its year's folder. In the order they are
 * written: datasets as `DATASETS` lists them, then years ascending, then exporters.
 */
export function openDataFiles(exporters: readonly Exporter[], years: readonly number[]): OpenDataFile[] {
  const extensions = exporters.map((e) => e.extension);
  const repeated = extensions.find((e, i) => extensions.indexOf(e) !== i);
  if (repeated !== undefined) throw new Error(`two open-data exporters write .${repeated} files`);
  const ascending = [...years].sort((a, b) => a - b);
  return DATASETS.flatMap((dataset) =>
    (dataset.byYear ? ascending : [null]).flatMap((year) =>
      exporters.map((exporter) => {
        const name = `${dataset.name}.${exporter.extension}.${COMPRESSED_EXTENSION}`;
        const segments = year === null ? ["data", name] : ["data", String(year), name];
        return { path: segments.join("/"), segments, dataset, year, exporter };
      }),
    ),
  );
}
