import type { AppliedCorrection, GradeFinding } from "@touming/grade";
import type { Agency, CheckRow, ReportValueRow } from "@touming/store";
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

/** A dataset from its rows and its columns (after the agency-year's). */
function dataset<R>(name: string, rows: (source: DatasetSource) => Iterable<R>, own: Column<R>[]): Dataset {
  const columns = [...agencyYearColumns<R>(), ...own];
  return {
    name,
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
  "grades",
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

/** Every value read from a report (none for a missing one). */
const values = dataset<ReportValueRow>("values", ({ report }) => report?.values ?? [], [
  column("key", (v) => v.key),
  column("value", (v) => v.value),
  column("raw", (v) => v.raw),
  column("unit", (v) => v.unit),
  column("approximate", (v) => v.approximate),
  column("cell", (v) => v.cell),
  column("excerpt", (v) => v.excerpt),
]);

/** Every check of a report's figures, with both sides. */
const checks = dataset<CheckRow>("checks", ({ report }) => report?.checks ?? [], [
  column("check", (c) => c.key),
  column("severity", (c) => c.severity),
  column("status", (c) => c.status),
  column("left", (c) => c.left),
  column("right", (c) => c.right),
  column("message", (c) => c.message),
]);

/**
 * Every finding of a grade under its stable key (`check:T3-A:total`, `timeliness:late`…), with
 * where it stands by the offices' reviews (`pending` 待复核, `confirmed` 已确认, `dismissed` 已撤销:
 * it cost nothing) and the reviewer's note.
 */
const findings = dataset<GradeFinding>("findings", ({ grade }) => grade.findings, [
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
]);

/** The facts offices corrected by review, in force: the value graded instead of the extracted one. */
const corrections = dataset<AppliedCorrection>("corrections", ({ grade }) => grade.corrections, [
  column("fact", (c) => c.fact),
  column("value", (c) => c.value),
  column("extracted", (c) => c.extracted),
  column("evidence", (c) => c.evidence),
  // `corrected`, or `pending` when what extraction reads there changed since (the correction still applies).
  column("review_state", (c) => (c.changed ? "pending" : "corrected")),
  column("review_note", (c) => c.reason),
  column("reviewer", (c) => c.reviewer),
  column("corrected_at", (c) => c.at),
]);

/** The open data's tables, in the order their files are written. */
export const DATASETS: readonly Dataset[] = [grades, values, checks, findings, corrections];
