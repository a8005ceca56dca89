import { describe, expect, it } from "vitest";
import { extractAsync } from "./extract.js";
import { fixture, fixtureJson } from "./testing/fixtures.js";

describe("the corpus PDF (淮安市人民政府 2024, WPS, table 三 across a page break)", () => {
  it("reads every table cell exactly, with no spurious cells; all checks pass; year, agency and the fee are right", async () => {
    const result = await extractAsync({
      bytes: fixture("pdf/huaian-city-2024.pdf"),
      url: "http://www.huaian.gov.cn/x.pdf",
    });
    if (!result.ok) throw new Error(result.error.message);
    const expected = fixtureJson<{ values: Record<string, number>; text_figures: Record<string, number> }>(
      "pdf/huaian-city-2024.pdf.json",
    );
    const tables = Object.fromEntries(
      result.values.filter((v) => !v.key.startsWith("text.")).map((v) => [v.key, v.value]),
    );
    expect(tables).toEqual(expected.values);
    for (const [key, value] of Object.entries(expected.text_figures)) {
      expect(result.values.find((v) => v.key === key)?.value, key).toBe(value);
    }
    expect(result.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(result).toMatchObject({
      format: "2021",
      sourceKind: "pdf",
      scanned: false,
      metadata: { agency: "淮安市人民政府", year: 2024 },
    });
    // Page of each value: table 三 starts on page 4 and continues on page 5.
    expect(result.values.find((v) => v.key === "apply.new_received.total")?.page).toBe(4);
    expect(result.values.find((v) => v.key === "apply.handled_total.total")?.page).toBe(5);
    expect(result.text).not.toMatch(/^- \d+ -$/m);
  });

  it("a truncated PDF is a typed error, not an exception", async () => {
    const broken = fixture("pdf/huaian-city-2024.pdf").subarray(0, 2000);
    const result = await extractAsync({ bytes: broken });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe("malformed");
  });
});

describe("a Chromium print of the demo's 临江市财政局 2023 report (bench/scans/make-scans.mjs's source)", () => {
  it("reads table 三's labels wrapped over three lines, centred in a narrow column: every row of （六） with its own figures", async () => {
    const result = await extractAsync({ bytes: fixture("pdf/linjiang-czj-2023-printed.pdf") });
    if (!result.ok) throw new Error(result.error.message);
    // Before: 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 and 2.…缴纳费用、…
    // ended in lines taken for labels of their own; their rows, and 3.其他's, were lost.
    expect(result.warnings).toEqual([]);
    expect(result.values.filter((v) => v.cell)).toHaveLength(200);
    const row = (key: string) =>
      ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"].map(
        (column) => result.values.find((v) => v.key === `apply.${key}.${column}`)?.value,
      );
    expect(row("not_processed.confirmation")).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(row("other_handling.no_correction")).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(row("other_handling.fee_unpaid")).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(row("other_handling.misc")).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(row("handled_total")).toEqual([49, 1, 2, 0, 2, 1, 55]);
    expect(result.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(result.metadata).toMatchObject({ agency: "临江市财政局", year: 2023 });
  });
});

describe("a Chromium-printed PDF with blank cells, a '/' mark and a 小计 column (county 2019 fixture)", () => {
  it("reads every cell: numbers placed by column position, blanks kept blank, Kangxi radicals folded, the source error reproduced", async () => {
    const result = await extractAsync({ bytes: fixture("pdf/county-2020-blanks.pdf") });
    if (!result.ok) throw new Error(result.error.message);
    const expected = fixtureJson<{
      values: Record<string, number | string | null>;
      failing_checks: string[];
    }>("html/county-2020.expected.json");
    const read = Object.fromEntries(
      result.values
        .filter((v) => !v.key.startsWith("text."))
        .map((v) => [v.key, v.value === null ? (v.raw === "" ? null : v.raw) : v.value]),
    );
    // Every cell of every table, 二 included: its header 本年增/减 prints in three fonts, one cell.
    expect(read).toEqual(expected.values);
    expect(Object.keys(read)).toHaveLength(198);
    expect(result.format).toBe("2019");
    expect(result.checks.filter((c) => c.status === "fail").map((c) => `${c.id}:${c.scope}`)).toEqual(
      expected.failing_checks,
    );
  });
});
