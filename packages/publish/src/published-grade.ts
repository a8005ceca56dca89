import type { GradeRow } from "@touming/store";

/** One agency-year's grade as the cards, summaries and open data show it. */
export interface PublishedGrade {
  agencyId: string;
  year: number;
  score: number;
  letter: string;
  label: string;
  onTime: boolean | null;
  deadline: { date: string; basis: string };
  warnings: string[];
  similarity: { value: number; passages: string[] } | null;
  dimensions: GradeRow[];
  missing: boolean;
}

const ORDER = ["timeliness", "structure", "data", "integrity", "substance", "accessibility"];

function fromRows(rows: readonly GradeRow[]): PublishedGrade {
  const total = rows.find((r) => r.dimension === "total")!;
  const e = JSON.parse(total.evidence) as Pick<PublishedGrade, "deadline" | "warnings" | "similarity">;
  return {
    agencyId: total.agency_id,
    year: total.year,
    ...headlineOf(total),
    deadline: e.deadline,
    warnings: e.warnings ?? [],
    similarity: e.similarity ?? null,
    dimensions: ORDER.map((d) => rows.find((r) => r.dimension === d)!).filter(Boolean),
  };
}

/** An agency's grade rows (every dimension of every year) as one grade per graded year, oldest first. */
export function gradesByYear(rows: readonly GradeRow[]): Map<number, PublishedGrade> {
  const perYear = new Map<number, GradeRow[]>();
  for (const r of rows) {
    const list = perYear.get(r.year);
    if (list) list.push(r);
    else perYear.set(r.year, [r]);
  }
  const out = new Map<number, PublishedGrade>();
  for (const year of [...perYear.keys()].sort((a, b) => a - b)) {
    const list = perYear.get(year)!;
    if (list.some((r) => r.dimension === "total")) out.set(year, fromRows(list));
  }
  return out;
}

/** The headline of a grade (letter, score, timeliness) from its `total` row alone. */
export function headlineOf(
  total: GradeRow,
): Pick<PublishedGrade, "letter" | "label" | "score" | "onTime" | "missing"> {
  const e = JSON.parse(total.evidence) as { letter: string; label: string; onTime: boolean | null };
  return {
    letter: e.letter,
    label: e.label,
    score: total.points,
    onTime: e.onTime,
    missing: total.report_id === null,
  };
}
