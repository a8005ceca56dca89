import type { AppliedCorrection, GradeFinding } from "@touming/grade";
import type { Agency, CheckRow, StoredValue } from "@touming/store";
import type { Cell } from "./exporters/exporter.js";
import type { GradedYear } from "./output.js";

/** One graded agency-year, as the open data reads it. */
export interface DatasetSource extends Pick<GradedYear, "grade" | "report"> {
  readonly agency: Agency;
}

/** A table of the open data: its columns, and its records of each graded agency-year. */
export interface Dataset {
  /** The files' name, without extension. */
  readonly name: string;
  /** What the index calls it, in Chinese (评分). */
  readonly title: string;
  /** What a record of it is, in Chinese, for the index's list of files. */
  readonly contents: string;
  /**
   * Whether it is written a file per report year (`data/<year>/<name>…`): the large tables, with
   * hundreds of records per agency-year. The others are one file of every year (`data/<name>…`).
   */
  readonly byYear: boolean;
  readonly columns: readonly string[];
  /** The agency-year's records, a cell per column. */
  records(source: DatasetSource): Iterable<readonly Cell[]>;
}

/** A column: its name and how its cell is read from a row (and the agency-year the row is of). */
interface Column<R> {
  readonly name: string;
  readonly cell: (row: R, source: DatasetSource) => Cell;
}

const column = <R>(name: string, cell: (row: R, source: DatasetSource) => Cell): Column<R> => ({
  name,
  cell,
});

/** The columns every dataset starts with. */
const agencyYearColumns = <R>(): Column<R>[] => [
  column("agency_id", (_, s) => s.grade.agencyId),
  column("agency_name", (_, s) => s.agency.name),
  column("year", (_, s) => s.grade.year),
  // graded, not_found (未发现), unverifiable (无法核实: no grade), not_monitored: read it before averaging.
  column("state", (_, s) => s.grade.state),
];

/** What a dataset is, apart from its columns and rows. */
type DatasetInfo = Pick<Dataset, "name" | "title" | "contents" | "byYear">;

/** A dataset from its rows and its columns (after the agency-year's). */
function dataset<R>(
  info: DatasetInfo,
  rows: (source: DatasetSource) => Iterable<R>,
  own: Column<R>[],
): Dataset {
  const columns = [...agencyYearColumns<R>(), ...own];
  return {
    ...info,
    columns: columns.map((c) => c.name),
    *records(source) {
      for (const row of rows(source)) yield columns.map((c) => c.cell(row, source));
    },
  };
}

interface GradeLine {
  dimension: string;
  points: number | null;
  max_points: number;
  reason: string;
}

/** States that carry a grade; the others' points are empty, never a 0 to average. */
const hasGrade = (state: string) => state === "graded" || state === "not_found";

/**
 * Every grade: the total (letter and label as its reason, or why the year has no grade), then each
 * dimension; a dimension not scored has no points.
 */
const grades = dataset<GradeLine>(
  {
    name: "grades",
    title: "评分",
    contents: "每个机关每个年度的总分和各项得分，未评定等级的说明原因",
    byYear: false,
  },
  ({ grade }) => [
    {
      dimension: "total",
      points: hasGrade(grade.state) ? grade.score : null,
      max_points: 100,
      reason: grade.stateReason ?? `${grade.letter} ${grade.label}`,
    },
    ...grade.dimensions.map((d) => ({
      ...d,
      points: (d.evidence as { scored?: boolean }).scored === false ? null : d.points,
    })),
  ],
  [
    column("dimension", (r) => r.dimension),
    column("points", (r) => r.points),
    column("max_points", (r) => r.max_points),
    column("reason", (r) => r.reason),
  ],
);

/**
 * Every value read from a report (none for a missing one), with where it was read: its cell, its
 * page, and for a figure read from a scan how OCR read it (`ocr_level`: `high`, `low`, `unreadable`;
 * `ocr_confidence` 0..1); both empty for a figure read from text.
 */
const values = dataset<StoredValue>(
  {
    name: "values",
    title: "报告数据",
    contents: "从年度报告中读取的每个数值，及其所在表格位置和原文摘录",
    byYear: true,
  },
  ({ report }) => report?.values ?? [],
  [
    column("key", (v) => v.key),
    column("value", (v) => v.value),
    column("raw", (v) => v.raw),
    column("unit", (v) => v.unit),
    column("approximate", (v) => v.approximate),
    column("cell", (v) => v.cell),
    column("excerpt", (v) => v.excerpt),
    column("page", (v) => v.page),
    column("ocr_level", (v) => v.ocr?.level ?? null),
    column("ocr_confidence", (v) => v.ocr?.confidence ?? null),
  ],
);

/**
 * Every check of a report's figures, with both sides; `ocr_review` 1 when it takes figures read from
 * a scan not all with high confidence (a failure is then for human check, not the agency's error).
 */
const checks = dataset<CheckRow>(
  {
    name: "checks",
    title: "核验结果",
    contents: "年度报告各项数据勾稽关系的核验结果，及两侧数值",
    byYear: true,
  },
  ({ report }) => report?.checks ?? [],
  [
    column("check", (c) => c.key),
    column("severity", (c) => c.severity),
    column("status", (c) => c.status),
    column("left", (c) => c.left),
    column("right", (c) => c.right),
    column("message", (c) => c.message),
    column("ocr_review", (c) => c.ocr_review),
  ],
);

/**
 * Every finding of a grade under its stable key (`check:T3-A:total`, `timeliness:late`…), with
 * where it stands by the offices' reviews (`pending` 待复核, `confirmed` 已确认, `dismissed` 已撤销:
 * it cost nothing) and the reviewer's note.
 */
const findings = dataset<GradeFinding>(
  {
    name: "findings",
    title: "评估发现",
    contents: "评分指出的每个问题，及其复核状态和复核意见",
    byYear: false,
  },
  ({ grade }) => grade.findings,
  [
    column("finding", (f) => f.key),
    column("kind", (f) => f.kind),
    column("summary", (f) => f.summary),
    column("review_state", (f) => f.state),
    column("review_action", (f) => f.review?.action ?? null),
    column("review_note", (f) => f.review?.reason ?? null),
    column("reviewer", (f) => f.review?.reviewer ?? null),
    column("reviewed_at", (f) => f.review?.at ?? null),
    // The evidence changed since the review (a re-extraction): the finding is pending again.
    column("evidence_changed", (f) => (f.review ? Number(f.review.changed) : null)),
    column("fingerprint", (f) => f.fingerprint),
  ],
);

/** The facts offices corrected by review, in force: the value graded instead of the extracted one. */
const corrections = dataset<AppliedCorrection>(
  {
    name: "corrections",
    title: "复核更正",
    contents: "经复核更正并生效的事实：更正后的值、原读取值、依据和说明",
    byYear: false,
  },
  ({ grade }) => grade.corrections,
  [
    column("fact", (c) => c.fact),
    column("value", (c) => c.value),
    column("extracted", (c) => c.extracted),
    column("evidence", (c) => c.evidence),
    // `corrected`, or `pending` when what extraction reads there changed since (the correction still applies).
    column("review_state", (c) => (c.changed ? "pending" : "corrected")),
    column("review_note", (c) => c.reason),
    column("reviewer", (c) => c.reviewer),
    column("corrected_at", (c) => c.at),
  ],
);

/** The open data's tables, in the order their files are written. */
export const DATASETS: readonly Dataset[] = [grades, values, checks, findings, corrections];
