/** One field of an open-data record. */
export type Cell = string | number | null;

/**
 * A file format of the open data. Every exporter writes every dataset, streamed: a header, one piece
 * per record, a footer; the open data output compresses it to `<dataset>.<extension>.gz`, one file or
 * a file per year (`open-data-layout.ts`).
 */
export interface Exporter {
  /** The files' extension, without the dot (unique among the exporters of a run). */
  readonly extension: string;
  /** Starts one file: a dataset with these columns. */
  start(columns: readonly string[]): RecordEncoder;
}

/** Writes one dataset's file as text, piece by piece (the pieces are concatenated as they come). */
export interface RecordEncoder {
  /** What the file starts with. */
  header(): string;
  /** One record: a cell per column, in the columns' order. */
  record(cells: readonly Cell[]): string;
  /** What the file ends with. */
  footer(): string;
}
