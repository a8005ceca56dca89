import { describe, expect, it } from "vitest";
import {
  CHECKS,
  ConfigError,
  HARD_CHECK_IDS,
  SECTION_KEYS,
  checkKey,
  isProseFigureKey,
  isSectionKey,
  parseCheckKey,
  sectionName,
  tableOfKey,
} from "./index.js";

describe("value keys", () => {
  it.each([
    ["proactive.rules.issued", "二"],
    ["apply.granted.natural_person", "三"],
    ["review.total", "四"],
    ["litigation_direct.upheld", "四"],
    ["litigation_after_review.pending", "四"],
    ["text.fees_yuan", null],
    ["applications", null],
    ["reviewer.total", null],
  ])("%s belongs to table %s", (key, table) => {
    expect(tableOfKey(key)).toBe(table);
  });

  it("tells prose figures from table cells", () => {
    expect(isProseFigureKey("text.reviews")).toBe(true);
    expect(isProseFigureKey("apply.new_received.total")).toBe(false);
  });
});

describe("checks", () => {
  it("builds and splits keys", () => {
    expect(checkKey("T3-A", "natural_person")).toBe("T3-A:natural_person");
    expect(parseCheckKey("T3-B:withheld.state_secret")).toEqual({
      id: "T3-B",
      scope: "withheld.state_secret",
    });
    expect(parseCheckKey("NONNEG")).toEqual({ id: "NONNEG", scope: "" });
  });

  it("lists the hard identities of the form, and only those", () => {
    expect(HARD_CHECK_IDS).toEqual(["T3-A", "T3-B", "T3-C", "T4-A", "NONNEG"]);
    expect(CHECKS["X-1"].over).toBe("years");
  });
});

it("names sections in Chinese, and keeps unknown keys", () => {
  expect(sectionName("review_litigation")).toBe("行政复议和诉讼");
  expect(sectionName("appendix")).toBe("appendix");
});

it("has the section a government's own report adds (2019 条例 第五十条), before 其他需要报告的事项", () => {
  expect(isSectionKey("assessment")).toBe(true);
  expect(sectionName("assessment")).toBe("工作考核、社会评议和责任追究结果");
  expect(SECTION_KEYS.slice(-3)).toEqual(["improvements", "assessment", "other"]);
});

it("a config error names the file, the field and the expectation, and counts the rest", () => {
  const error = new ConfigError([
    { file: "a.yaml", field: "agencies[0].id", expected: "expected a slug" },
    { file: "a.yaml", field: "agencies[1].id", expected: "expected a slug" },
    { file: "a.yaml", field: "", expected: "x" },
  ]);
  expect(error.message).toBe("a.yaml: agencies[0].id: expected a slug (and 2 more problems)");
  expect(error).toBeInstanceOf(Error);
});
