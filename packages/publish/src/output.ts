import type { PublishedGrade, Rubric } from "@touming/grade";
import type { Agency, PublicationRow, ReportWithSource, Store } from "@touming/store";
import type { Exporter } from "./exporters/exporter.js";
import type { Jurisdiction } from "./jurisdictions.js";
import type { Recorded, Written } from "./output-files.js";
import type { Templates } from "./render/templates.js";

/**
 * The seams of publishing. Publishing walks the registry a batch of agencies at a time and hands each
 * batch to every output of the run, in order; then each output finishes (writes what it collected),
 * and the PDFs the outputs queued are rendered. An output is one kind of file (cards, summaries, open
 * data…): see `BUILT_IN_OUTPUTS`.
 */

/** What every page states: the rubric it was graded by and its one date. */
export interface PageCommon {
  rubricVersion: string;
  rubricTitle: string;
  generatedOn: string;
}

/** The headline of one agency-year's grade (from its `total` row alone: a light read). */
export type Headline = Pick<PublishedGrade, "letter" | "label" | "score" | "onTime" | "missing">;

/** How a written file is recorded in `publications`, and whether it is a page with a PDF. */
export interface FileRecord {
  kind: string;
  agencyId?: string | null;
  year?: number | null;
  /** Fingerprint of what the file is made from (kept in `publications.inputs`). */
  inputs?: string | null;
  /** What `publications` held for the path before the run: with the same bytes, the file is not read. */
  recorded?: Recorded | undefined;
  /** The file is an HTML page to print as a PDF (when PDFs are wanted), with this line atop each page. */
  pdfHeader?: string;
}

/** One publish run as its outputs see it: what is published, where, and how files are written. */
export interface PublishRun {
  readonly store: Store;
  /** Absolute. */
  readonly outDir: string;
  readonly rubric: Rubric;
  /** The date printed on every page (YYYY-MM-DD). */
  readonly generatedOn: string;
  readonly common: PageCommon;
  readonly templates: Templates;
  /** Every agency of the registry, ordered by id. */
  readonly agencies: readonly Agency[];
  readonly jurisdictions: readonly Jurisdiction[];
  /** The jurisdiction each agency's card links to. */
  readonly jurisdictionOf: ReadonlyMap<string, Jurisdiction>;
  /** The years pages are made for: every graded year, or the one asked for. */
  readonly years: readonly number[];
  /** Every graded year, ascending (the index and the open data always cover them all). */
  readonly allYears: readonly number[];
  /** The rubric's grade letters, best first. */
  readonly letters: readonly string[];
  /** Files of no agency (summaries, index, open data) as `publications` recorded them, by path. */
  readonly shared: ReadonlyMap<string, PublicationRow>;
  /** The open data's formats: each writes every dataset. */
  readonly exporters: readonly Exporter[];
  /** Whether PDFs are made. */
  readonly pdf: boolean;
  readonly signal: AbortSignal;
  /** The counters the stage returns; outputs add to theirs (`cards`, `summaries`…). */
  readonly summary: PublishSummary;
  /**
   * Writes a file under the output directory (atomically, and not at all when its bytes are there
   * already), records it in `publications` and counts it; a page also gets its PDF queued.
   */
  write(segments: readonly string[], content: string | Buffer, file: FileRecord): Promise<Written>;
  /** Records and counts a file an output wrote itself. */
  record(written: Written, file: FileRecord): Promise<void>;
  /** Reports that many more agency-years published (cards made or found current). */
  advance(count?: number, item?: string): void;
}

/** What a run did: the publish stage's flat summary, counted by the outputs. */
export type PublishSummary = {
  cards: number;
  /** Cards rendered this run; the others were made from the same inputs before and are in place. */
  rendered: number;
  summaries: number;
  pdfs: number;
  written: number;
  unchanged: number;
  /** Whether the open data was made again (false: what it is made from had not changed). */
  openDataRebuilt: boolean;
  indexPath: string;
};

/** A batch of agencies as every output sees it, from light reads. */
export interface AgencyBatch {
  readonly agencies: readonly Agency[];
  /** The headline of every graded year of each agency of the batch, by agency id then year. */
  readonly headlines: ReadonlyMap<string, ReadonlyMap<number, Headline>>;
  /** The stamp of each agency's grades, reports and sources: equal stamps, nothing of it changed. */
  readonly stamps: ReadonlyMap<string, string>;
  /** What `publications` recorded of the batch's files (cards, archives…), by path. */
  readonly recorded: ReadonlyMap<string, PublicationRow>;
  /** The agencies whose files are made again in this run (some output found its own out of date). */
  readonly renewed: ReadonlySet<string>;
}

/** One agency read whole: every grade and every report. */
export interface AgencyRecord {
  readonly agency: Agency;
  /** Every graded year, oldest first. */
  readonly grades: ReadonlyMap<number, PublishedGrade>;
  /** Every report of the agency, by year. */
  readonly reports: ReadonlyMap<number, ReportWithSource>;
  /** Whether its files are made again (else it was read whole for an output that wants every agency). */
  readonly renew: boolean;
  /** Every graded year with the report it was graded on, oldest first. */
  readonly graded: readonly GradedYear[];
}

/** One graded year of an agency read whole. */
export interface GradedYear {
  readonly grade: PublishedGrade;
  /** The report the grade is of; undefined when it is missing. */
  readonly report: ReportWithSource | undefined;
  /** Whether this run makes its pages: the agency is renewed and the year is one the run publishes. */
  readonly renew: boolean;
}

/** One kind of published file. */
export interface Output {
  /** Names the output in messages and in the README's list. */
  readonly name: string;
  /** Starts the output for one run (before the first batch): what it returns holds its state. */
  open(run: PublishRun): Promise<OutputRun>;
}

/** An output during one run. Every hook is optional; they are called in this order. */
export interface OutputRun {
  /**
   * Whether this output's files of the agency were made from the batch's inputs and are in place.
   * False renews the agency: every output makes its files of it again.
   */
  isCurrent?(agency: Agency, batch: AgencyBatch): Promise<boolean>;
  /** Once per batch, after `isCurrent` (the batch's `renewed` is final). */
  batch?(batch: AgencyBatch): Promise<void>;
  /** Read every agency whole, not only the renewed ones (e.g. the open data when it is made again). */
  readonly wantsEveryAgency?: boolean;
  /** Each agency read whole: the renewed ones, or all when an output wants every agency. */
  agency?(record: AgencyRecord, batch: AgencyBatch): Promise<void>;
  /** After the last batch (not when the run was stopped): writes what the output collected. */
  finish?(): Promise<void>;
  /** The run failed or was stopped: removes what the output left half-written. */
  abandon?(): Promise<void>;
}
