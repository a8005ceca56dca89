import { describe, expect, it } from "vitest";
import type { GradedValue, ReportedGradeInput } from "../grade-input.js";
import { crossYearChecks } from "./cross-year.js";

const values = (figures: Record<string, number | null>): GradedValue[] =>
  Object.entries(figures).map(([key, value]) => ({ key, value, raw: value === null ? "" : String(value) }));

function input(
  now: Record<string, number | null>,
  before: Record<string, number | null>,
  previousYear = 2023,
) {
  return {
    agency: { id: "d", name: "d", level: "department", siteUrl: null, listUrls: [], deadlineOverride: null },
    year: 2024,
    report: {
      format: "2021",
      publishDate: null,
      publishDateSource: null,
      firstSeenAt: null,
      text: "",
      sourceUrl: null,
      sourceKind: null,
      scanned: false,
      values: values(now),
      sections: [],
      checks: [],
    },
    previous: { year: previousYear, text: "", values: values(before) },
    looked: [],
  } satisfies ReportedGradeInput;
}

describe("crossYearChecks", () => {
  it("X-2: documents in force carry over within 2 or 10%, soft, with both sides", () => {
    const now = {
      "proactive.rules.in_force": 30,
      "proactive.rules.issued": 5,
      "proactive.rules.repealed": 2,
      "proactive.normative_docs.in_force": 10,
      "proactive.normative_docs.issued": 1,
      "proactive.normative_docs.repealed": 0,
    };
    const before = { "proactive.rules.in_force": 20, "proactive.normative_docs.in_force": 8 };
    expect(crossYearChecks(input(now, before))).toEqual([
      {
        key: "X-2:rules",
        severity: "soft",
        status: "fail",
        left: "现行有效 30",
        right: "上年现行有效 20 + 本年制发 5 − 本年废止 2 = 23",
        message: "现行有效件数30与上年推算的23相差较大",
      },
      {
        key: "X-2:normative_docs",
        severity: "soft",
        status: "pass",
        left: "现行有效 10",
        right: "上年现行有效 8 + 本年制发 1 − 本年废止 0 = 9",
        message: "现行有效件数与上年衔接",
      },
    ]);
  });

  it("X-1 counts a blank as 0 against a number, and skips a column blank in both years", () => {
    const checks = crossYearChecks(
      input(
        { "apply.carried_over.total": null, "apply.carried_over.commercial": null },
        { "apply.carried_forward.total": 0, "apply.carried_forward.commercial": null },
      ),
    );
    expect(checks.map((c) => [c.key, c.status])).toEqual([["X-1:total", "pass"]]);
  });

  it("X-1: a blank that would have to hold a count is not evaluable, never a failure", () => {
    const checks = crossYearChecks(
      input({ "apply.carried_over.natural_person": null }, { "apply.carried_forward.natural_person": 3 }),
    );
    expect(checks.map((c) => [c.key, c.status])).toEqual([["X-1:natural_person", "not_evaluable"]]);
  });

  it("needs the report of the year before", () => {
    const now = { "apply.carried_over.total": 5 };
    const before = { "apply.carried_forward.total": 4 };
    expect(crossYearChecks(input(now, before))).toHaveLength(1);
    expect(crossYearChecks(input(now, before, 2022))).toEqual([]);
  });
});
