import { readFileSync } from "node:fs";
import { gradesOf } from "@touming/store";
import { DIMENSIONS, DIMENSION_KEYS } from "@touming/vocabulary";
import { describe, expect, it } from "vitest";
// The seam is the package's public index: nothing below reaches into a module of its own.
import {
  BUILT_IN_DIMENSIONS,
  BUILT_IN_RUBRIC_FILE,
  type GradeInput,
  count,
  daysBetween,
  defineDimension,
  dimensionConfig,
  gradeAgencyYear,
  gradeStage,
  gradesByYear,
  parseRubric,
  points,
  problemsOf,
} from "./index.js";
import { useTempStore } from "@touming/testing";
import { AGENCY, gradeContext, saveReport } from "./testing/agency-report.js";

/** A test-only dimension: full points for a report out at least `daysAhead` days before its deadline. */
const promptness = defineDimension({
  key: "promptness",
  name: "提前发布",
  configKey: "promptness",
  configSchema: dimensionConfig("promptness", { max: points, daysAhead: count }),
  max: (c) => c.max,
  consistency: (c) => problemsOf([[c.daysAhead > 0, "daysAhead", "expected at least one day"]]),
  grade(input, c, { deadline }) {
    const date = input.report.publishDate;
    const ahead = date === null ? null : daysBetween(date, deadline.date);
    const early = ahead !== null && ahead >= c.daysAhead;
    return {
      dimension: "promptness",
      name: "提前发布",
      points: early ? c.max : 0,
      max: c.max,
      reason: early ? `提前${ahead}天发布` : "未提前发布",
      evidence: { daysAhead: ahead },
    };
  },
});
const dimensions = [...BUILT_IN_DIMENSIONS, promptness];
/** The built-ins in the vocabulary's order, then the added one. */
const IN_ORDER = [...DIMENSION_KEYS, "promptness"];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each case edits the rubric its own way
type Json = any;
/** Rubric v1 with timeliness worth 10 instead of 20 (the six built-ins: 90) and promptness worth 10. */
const withPromptness = (change: (r: Json) => void = () => {}): Json => {
  const r = JSON.parse(readFileSync(BUILT_IN_RUBRIC_FILE, "utf8"));
  r.timeliness = { max: 10, onTime: 10, lateGraceDays: 30, lateWithinGrace: 5, lateBeyondGrace: 0 };
  r.promptness = { max: 10, daysAhead: 7 };
  change(r);
  return r;
};
const rejection = (data: unknown) => () => parseRubric(data, "rubric.json", { dimensions });
const rubric = parseRubric(withPromptness(), "rubric.json", { dimensions });

/** A department's 2024 report published on `publishDate` (its deadline: 2025-01-31). */
const input = (publishDate: string): GradeInput => ({
  agency: { ...AGENCY, listUrls: [] },
  year: 2024,
  report: {
    format: "2021",
    publishDate,
    publishDateSource: "metadata",
    firstSeenAt: null,
    text: "",
    sourceUrl: null,
    sourceKind: "html",
    scanned: false,
    values: [],
    sections: [],
    checks: [],
  },
  previous: null,
  looked: [],
});

describe("a dimension added through the public interface", () => {
  it("is configured by the rubric: the schema takes its config and the points add up with it", () => {
    expect(rubric.promptness).toEqual({ max: 10, daysAhead: 7 });
    expect(rejection(withPromptness((r) => (r.promptness.max = 15)))).toThrow(
      "rubric.json: (root): expected dimension maxima summing to 100, got 105",
    );
    // Without it, the six built-ins of this rubric come to 90.
    expect(() =>
      parseRubric(
        withPromptness((r) => delete r.promptness),
        "rubric.json",
      ),
    ).toThrow("rubric.json: (root): expected dimension maxima summing to 100, got 90");
  });

  it("is required by a rubric loaded with it, by name, and its own rule is checked under its field", () => {
    expect(rejection(withPromptness((r) => delete r.promptness))).toThrow(
      "rubric.json: promptness: expected the promptness dimension (an object with max, daysAhead)",
    );
    expect(rejection(withPromptness((r) => (r.promptness.daysAhead = 0)))).toThrow(
      "rubric.json: promptness.daysAhead: expected at least one day",
    );
    expect(rejection(withPromptness((r) => (r.promptness.max = "ten")))).toThrow(
      "rubric.json: promptness.max: expected a number of points (0 or more)",
    );
    expect(rejection(null)).toThrow(
      "rubric.json: (root): expected a rubric: a JSON object with version, title, grades and the seven dimensions",
    );
  });

  it("counts in the score, and a missing report gets zero in it too", () => {
    const early = gradeAgencyYear(input("2025-01-10"), rubric, dimensions);
    const onTime = gradeAgencyYear(input("2025-01-30"), rubric, dimensions);
    expect(early.dimensions.map((d) => d.dimension)).toEqual(IN_ORDER);
    expect(early.dimensions.at(-1)).toMatchObject({ points: 10, max: 10, reason: "提前21天发布" });
    expect(onTime.dimensions.at(-1)).toMatchObject({ points: 0, reason: "未提前发布" });
    expect(early.score - onTime.score).toBe(10);

    const missing = gradeAgencyYear({ ...input("2025-01-10"), report: null }, rubric, dimensions);
    expect(missing.dimensions.map((d) => [d.dimension, d.points, d.max])).toEqual([
      ["timeliness", 0, 10],
      ["structure", 0, 15],
      ["data", 0, 20],
      ["integrity", 0, 25],
      ["substance", 0, 15],
      ["accessibility", 0, 5],
      ["promptness", 0, 10],
    ]);
    expect(missing.dimensions.reduce((sum, d) => sum + d.max, 0)).toBe(100);
  });

  const newStore = useTempStore({ agencies: [AGENCY] });

  it("is stored by the grade stage and listed by the published grade, after the built-ins", async () => {
    const store = await newStore();
    await saveReport(store, "2025-01-10");
    const { summary } = await gradeStage.run(gradeContext(store).ctx, { rubric, dimensions, year: 2024 });
    expect(summary).toMatchObject({ graded: 1, missing: 0, changed: 1 });

    const rows = await gradesOf(store.db, { agencyId: AGENCY.id, year: 2024 });
    const stored = rows.find((r) => r.dimension === "promptness");
    expect(stored).toMatchObject({ points: 10, max_points: 10, reason: "提前21天发布" });
    expect(stored?.evidence).toEqual({ name: "提前发布", daysAhead: 21 });
    const total = rows.find((r) => r.dimension === "total")!;
    expect(total.points).toBeCloseTo(
      rows.filter((r) => r.dimension !== "total").reduce((s, r) => s + r.points, 0),
    );

    // With the dimension list, and without it (a publisher that does not know the dimension).
    for (const published of [gradesByYear(rows, dimensions), gradesByYear(rows)]) {
      const grade = published.get(2024)!;
      expect(grade.dimensions.map((d) => d.dimension)).toEqual(IN_ORDER);
      expect(grade.score).toBe(total.points);
    }
  });

  it("must be configured in the rubric it grades by", () => {
    const sixOnly = parseRubric(
      JSON.parse(readFileSync(BUILT_IN_RUBRIC_FILE, "utf8")) as unknown,
      "rubric.json",
    );
    expect(() => gradeAgencyYear({ ...input("2025-01-10"), report: null }, sixOnly, dimensions)).toThrow(
      'the rubric has no "promptness": parse it with the promptness dimension among its dimensions',
    );
  });
});

describe("the built-in dimensions", () => {
  it("are the vocabulary's, in its order, with its names", () => {
    expect(BUILT_IN_DIMENSIONS.map((d) => ({ key: d.key, name: d.name }))).toEqual(
      DIMENSIONS.map((d) => ({ key: d.key, name: d.name })),
    );
  });
});
