import type { StoredGrade } from "@touming/store";
import { DIMENSION_KEYS } from "@touming/vocabulary";
import { describe, expect, it } from "vitest";
import { gradesByYear, headlineOf } from "./published-grade.js";

const row = (
  year: number,
  dimension: string,
  points: number,
  evidence: Record<string, unknown> = {},
): StoredGrade => ({
  agency_id: "mz",
  year,
  report_id: 7,
  rubric_version: "1",
  dimension,
  points,
  max_points: dimension === "total" ? 100 : 20,
  reason: "",
  evidence,
  graded_at: "2025-06-01T00:00:00.000Z",
});

const total = (year: number, points: number) =>
  row(year, "total", points, {
    letter: "B",
    label: "良好",
    onTime: true,
    deadline: { date: `${year + 1}-01-31`, basis: "b" },
    warnings: ["w"],
    similarity: null,
  });

describe("gradesByYear", () => {
  it("lists the built-in dimensions in their order and a stored dimension it does not know after them", () => {
    // As the store reads them: by dimension name.
    const rows = ["accessibility", "data", "integrity", "speed", "structure", "substance", "timeliness"].map(
      (d) => row(2024, d, 1),
    );
    const grade = gradesByYear([...rows, total(2024, 85)]).get(2024)!;
    expect(grade.dimensions.map((d) => d.dimension)).toEqual([...DIMENSION_KEYS, "speed"]);
    expect(grade).toMatchObject({
      score: 85,
      letter: "B",
      label: "良好",
      onTime: true,
      missing: false,
      warnings: ["w"],
      deadline: { date: "2025-01-31", basis: "b" },
    });
  });

  it("gives one grade per year with a total, oldest first", () => {
    const grades = gradesByYear([total(2024, 80), row(2023, "timeliness", 1), total(2022, 70)]);
    expect([...grades.keys()]).toEqual([2022, 2024]);
    expect(headlineOf(total(2024, 80))).toEqual({
      state: "graded",
      stateReason: null,
      resolve: null,
      letter: "B",
      label: "良好",
      score: 80,
      onTime: true,
      missing: false,
      // A grade stored before findings were kept: nothing reviewed, no count of charged checks.
      review: { pending: 0, confirmed: 0, dismissed: 0, corrected: 0, failedHard: null, reviewed: [] },
    });
  });
});
