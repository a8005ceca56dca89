import { type AgencyYearGrade, type DimensionGrade, type StoredGrade, encodeEvidence } from "@touming/store";
import { TOTAL_DIMENSION } from "@touming/vocabulary";
import type { GradeResult } from "./grade-agency-year.js";

/** A grade as stored: one row per dimension (its name in the evidence) plus a `total` row with the letter and the card's extras. */
export function gradeRows(result: GradeResult): DimensionGrade[] {
  return [
    ...result.dimensions.map((d) => ({
      dimension: d.dimension,
      points: d.points,
      maxPoints: d.max,
      reason: d.reason,
      evidence: { name: d.name, ...(d.scored === false ? { scored: false } : {}), ...d.evidence },
    })),
    {
      dimension: TOTAL_DIMENSION,
      points: result.score,
      maxPoints: 100,
      reason: result.stateReason ?? `${result.letter} ${result.label}`,
      evidence: {
        state: result.state,
        ...(result.stateReason ? { stateReason: result.stateReason } : {}),
        ...(result.resolve ? { resolve: result.resolve } : {}),
        ...(result.unscored.length ? { unscored: result.unscored } : {}),
        ...(result.caps.length ? { caps: result.caps, rawScore: result.rawScore } : {}),
        letter: result.letter,
        label: result.label,
        deadline: result.deadline,
        onTime: result.onTime,
        warnings: result.warnings,
        similarity: result.similarity,
        // Each finding under its stable key, with its review state (what `touming review` reviews).
        findings: result.findings,
        ...(result.corrections.length ? { corrections: result.corrections } : {}),
        ...(result.withoutReviews ? { withoutReviews: result.withoutReviews } : {}),
        ...(result.reviewEffects.length ? { reviewEffects: result.reviewEffects } : {}),
        ...(result.rechecked ? { rechecked: result.rechecked } : {}),
      },
    },
  ];
}

/** Whether the stored rows of the agency-year say exactly this grade (then nothing is written). */
export function sameAsStored(grade: AgencyYearGrade, stored: readonly StoredGrade[]): boolean {
  const rows = stored.filter((r) => r.year === grade.year);
  if (rows.length !== grade.dimensions.length) return false;
  return grade.dimensions.every((d) => {
    const r = rows.find((x) => x.dimension === d.dimension);
    return (
      r !== undefined &&
      r.report_id === grade.reportId &&
      r.rubric_version === grade.rubricVersion &&
      r.points === d.points &&
      r.max_points === d.maxPoints &&
      r.reason === d.reason &&
      encodeEvidence(r.evidence) === encodeEvidence(d.evidence)
    );
  });
}
