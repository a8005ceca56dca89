import { describe, expect, it } from "vitest";
import { type GradeResult, gradeAgencyYear } from "./grade-agency-year.js";
import type { GradeInput, GradedCheck, GradedValue } from "./grade-input.js";
import { extractedFact } from "./reviews/corrections.js";
import { loadRubric } from "./rubric/load-rubric.js";
import { failing, fullTables, passing, reportedInput } from "./testing/grade-inputs.js";

const rubric = loadRubric();
const grade = (input: GradeInput) => gradeAgencyYear(input, rubric);
const dim = (result: GradeResult, key: string) => result.dimensions.find((d) => d.dimension === key)!;

/** A failed hard check on figures read from a scan, not all with confidence. */
const unconfirmed = (key: string): GradedCheck => ({ ...failing(key), ocrReview: true });

/** Table 四's 行政复议 row read by OCR: its total 4 (the outcomes add up to 3), `total` read as `level`. */
const scannedReviewRow = (level: "high" | "low"): GradedValue[] => [
  ...(
    [
      ["review.upheld", 1],
      ["review.corrected", 1],
      ["review.other", 1],
      ["review.pending", 0],
    ] as const
  ).map(([key, value]) => ({
    key,
    value,
    raw: String(value),
    ocr: { confidence: 0.95, level: "high" as const },
  })),
  { key: "review.total", value: 4, raw: "4", ocr: { confidence: level === "high" ? 0.95 : 0.55, level } },
];

describe("a failed identity on OCR figures not all read with confidence (ocrReview)", () => {
  it("costs nothing, caps nothing, and is listed as a 提示 for human check, never as a problem", () => {
    const result = grade(
      reportedInput({ ocrRead: true, checks: [unconfirmed("T4-A:review"), passing("T3-A:total")] }),
    );
    expect([dim(result, "integrity").points, result.caps, result.score, result.letter]).toEqual([
      25,
      [],
      // 可获取性 loses its 3 points only for a scan: this input is not one.
      100,
      "A",
    ]);
    expect(dim(result, "integrity").reason).toBe(
      "勾稽关系全部成立（1项）；1项所涉数字据扫描件识别且未能全部确认，列为提示，需人工核对（不扣分）",
    );
    expect(dim(result, "integrity").evidence).toMatchObject({ failed: [], ocrReview: ["T4-A:review"] });
    const finding = result.findings.find((f) => f.key === "check:T4-A:review");
    expect([finding?.kind, finding?.summary]).toEqual([
      "hint",
      "表四「行政复议」“复议诉讼各项结果之和等于总计”按据扫描件识别的数字不成立，但所涉数字未能全部确认",
    ]);
    expect(result.warnings).toContain(
      "表四「行政复议」“复议诉讼各项结果之和等于总计”按据扫描件识别的数字不成立，但所涉数字未能全部确认（未能确认或未能识别），需人工核对原件，不视为机关的差错（提示）",
    );
  });

  it("beside a failure on confirmed figures: only that one costs its 5 points and caps the grade", () => {
    const result = grade(
      reportedInput({ checks: [failing("T3-A:total"), unconfirmed("T4-A:review"), passing("T3-C:total")] }),
    );
    expect([dim(result, "integrity").points, result.caps.map((c) => c.maxScore)]).toEqual([20, [89]]);
    expect(result.caps[0]?.reason).toMatch(/^1项硬性勾稽关系不成立/);
    expect(result.findings.filter((f) => f.kind === "problem").map((f) => f.key)).toEqual([
      "check:T3-A:total",
    ]);
  });

  it("when every identity checked is such a failure, 数据准确 is not scored: nothing was verified", () => {
    const result = grade(reportedInput({ checks: [unconfirmed("T3-A:total"), unconfirmed("T4-A:review")] }));
    expect(dim(result, "integrity")).toMatchObject({
      scored: false,
      reason:
        "勾稽关系无法核实：2项所涉数字据扫描件识别且未能全部确认，需人工核对，本项不评分，不视为机关的问题",
    });
    expect(result.unscored).toEqual(["数据准确"]);
    expect([result.caps, result.score]).toEqual([[], 100]);
  });

  it("a check that passes on such figures is counted as it passed", () => {
    const result = grade(reportedInput({ checks: [{ ...passing("T3-A:total"), ocrReview: true }] }));
    expect(dim(result, "integrity").reason).toBe("勾稽关系全部成立（1项）");
  });
});

describe("a correction by review re-checks with the OCR marks of the cells it did not correct", () => {
  const scanned = (level: "high" | "low") =>
    reportedInput({
      ocrRead: true,
      values: scannedReviewRow(level),
      checks: [
        {
          ...failing("T4-A:review", "total = 4", "upheld + corrected + other + pending = 3"),
          ...(level === "low" ? { ocrReview: true as const } : {}),
        },
      ],
    });
  const correct = (input: GradeInput, key: string, value: string) => ({
    ...input,
    reviews: [
      {
        id: 1,
        findingKey: null,
        fact: `cell:${key}`,
        action: "correct" as const,
        value,
        evidence: "机关台账",
        fingerprint: extractedFact(input.report, `cell:${key}`).fingerprint,
        reason: "",
        reviewer: "张三",
        createdAt: "2025-06-02T08:00:00.000Z",
      },
    ],
  });

  it("another cell corrected: the check still reads the unsure total, and stays for human check", () => {
    const result = grade(correct(scanned("low"), "review.upheld", "0"));
    expect(result.rechecked?.find((c) => c.key === "T4-A:review")).toMatchObject({
      status: "fail",
      ocrReview: true,
    });
    expect(dim(result, "integrity").points).toBe(25);
    expect(result.findings.find((f) => f.key === "check:T4-A:review")?.kind).toBe("hint");
  });

  it("the unsure cell corrected: the office's figure is no OCR reading, and the check counts again", () => {
    const result = grade(correct(scanned("low"), "review.total", "5"));
    const check = result.rechecked?.find((c) => c.key === "T4-A:review");
    expect([check?.status, check?.ocrReview]).toEqual(["fail", undefined]);
    expect(dim(result, "integrity").points).toBe(20);
    expect(result.findings.find((f) => f.key === "check:T4-A:review")?.kind).toBe("problem");
  });

  it("figures all read with high confidence: a failure is the agency's, as for any report", () => {
    const result = grade(correct(scanned("high"), "review.upheld", "0"));
    expect(result.rechecked?.find((c) => c.key === "T4-A:review")?.ocrReview).toBeUndefined();
    expect(dim(result, "integrity").points).toBe(20);
  });
});

describe("cells OCR could not read: unverified, never missing", () => {
  it("count as filled in under 数据公开, and the reason says they are unverified, not the agency's omission", () => {
    const values = fullTables().map((v, i) =>
      v.key.startsWith("review.") || i % 50 === 0
        ? { ...v, value: null, raw: "", ocr: { confidence: 0.1, level: "unreadable" as const } }
        : v,
    );
    const result = grade(reportedInput({ ocrRead: true, values }));
    expect(dim(result, "data").points).toBe(20);
    expect(dim(result, "data").reason).toBe(
      "统计表填报：表二 10/10，表三 175/175，表四 15/15；其中19个单元格据扫描件未能识别，按已填报计（未核实，不视为机关未公开）",
    );
    expect(dim(result, "data").evidence).toMatchObject({ tables: { 四: { cells: 15, unreadable: 15 } } });
  });

  it("a legacy report's figure OCR could not read counts as given, and is named as unverified", () => {
    const result = grade(
      reportedInput(
        {
          format: "legacy",
          ocrRead: true,
          values: [
            { key: "text.proactive_items", value: 120, raw: "120" },
            {
              key: "text.applications_received",
              value: null,
              raw: "",
              ocr: { confidence: 0.2, level: "unreadable" },
            },
          ],
          checks: [],
        },
        { year: 2017 },
      ),
    );
    expect(dim(result, "data").evidence).toMatchObject({ unverified: ["applications"] });
    expect(dim(result, "data").reason).toContain(
      "依申请公开的数据据扫描件未能识别，按已公开计（未核实，不视为机关未公开）",
    );
  });

  it("a scan read by OCR says so under 可获取性, still losing the points a scan loses", () => {
    const result = grade(reportedInput({ scanned: true, ocrRead: true, sourceKind: "pdf" }));
    expect(dim(result, "accessibility")).toMatchObject({
      points: 2,
      reason: "扫描件，无文字层（文字和数字据扫描件识别）；发布在本机关网站",
    });
  });
});

describe("a scanned report with pages OCR could not read", () => {
  it("is not charged for sections that may be on those pages: they are unverified, in plain words", () => {
    const complete = grade(reportedInput({ ocrRead: true }));
    const input = reportedInput({ ocrRead: true, ocrUnreadPages: [3, 4] });
    const report = input.report!;
    const lacking: GradeInput = { ...input, report: { ...report, sections: report.sections.slice(0, 2) } };
    const result = grade(lacking);
    expect(dim(result, "structure").points).toBe(dim(complete, "structure").points);
    expect(dim(result, "structure").reason).toMatch(
      /^找到规定的2个部分；扫描件第3、4页未能识别，.+无法核实（不扣分，不视为机关的问题）$/,
    );
    expect(dim(result, "structure").evidence).toMatchObject({ missing: [], unreadPages: [3, 4] });
    // The same report read whole is charged for what it lacks.
    const read = grade({ ...lacking, report: { ...lacking.report!, ocrUnreadPages: [] } });
    expect(dim(read, "structure").points).toBeLessThan(dim(complete, "structure").points);
  });
});
