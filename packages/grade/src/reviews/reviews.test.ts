import { gradesOf, reviewsOf, saveExtraction, addReviews, recordCrawlCoverage } from "@touming/store";
import { useTempStore } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { type GradeResult, gradeAgencyYear } from "../grade-agency-year.js";
import type { GradeInput, GradedReview, GradedValue } from "../grade-input.js";
import { gradeStage } from "../grade-stage.js";
import { loadRubric } from "../rubric/load-rubric.js";
import { AGENCY, gradeContext } from "../testing/agency-report.js";
import {
  DEPARTMENT,
  failing,
  fullTables,
  missingInput,
  passing,
  reportedInput,
} from "../testing/grade-inputs.js";
import { extractedFact } from "./corrections.js";

const rubric = loadRubric();
const grade = (input: GradeInput) => gradeAgencyYear(input, rubric);
const dim = (result: GradeResult, key: string) => result.dimensions.find((d) => d.dimension === key)!;
const finding = (result: GradeResult, key: string) => result.findings.find((f) => f.key === key);

let nextId = 1;
/** A review of the agency-year, as the store gives it. */
function review(over: Partial<GradedReview>): GradedReview {
  return {
    id: nextId++,
    findingKey: null,
    fact: null,
    action: "confirm",
    value: null,
    evidence: null,
    fingerprint: null,
    reason: "",
    reviewer: "张三",
    createdAt: "2025-06-02T08:00:00.000Z",
    ...over,
  };
}

/** Reviews `key` of what `input` grades to now (with the fingerprint its finding has). */
function reviewOf(
  input: GradeInput,
  key: string,
  action: GradedReview["action"],
  reason = "经核实",
): GradedReview {
  const f = finding(grade(input), key);
  if (!f) throw new Error(`no finding ${key}`);
  return review({ findingKey: key, action, reason, fingerprint: f.fingerprint });
}

/** Table 四's 行政复议 row with its total one too many: T4-A fails for `review`. */
const reviewRow = (total = 4): GradedValue[] =>
  [
    ["review.upheld", 1],
    ["review.corrected", 1],
    ["review.other", 1],
    ["review.pending", 0],
    ["review.total", total],
  ].map(([key, value]) => ({ key: key as string, value: value as number, raw: String(value) }));

describe("findings under stable keys", () => {
  it("each failed check, lateness, missing sections and the form have a key, a fingerprint and 待复核", () => {
    const input = reportedInput({
      checks: [failing("T3-A:total"), passing("T4-A:review")],
      publishDate: "2025-03-10",
      sections: [],
      format: "legacy",
    });
    const result = grade(input);
    expect(result.findings.map((f) => [f.key, f.kind, f.state])).toEqual([
      ["timeliness:late", "problem", "pending"],
      ["section:overview", "problem", "pending"],
      ["section:proactive", "problem", "pending"],
      ["section:applications", "problem", "pending"],
      ["section:review_litigation", "problem", "pending"],
      ["section:problems", "problem", "pending"],
      ["section:other", "problem", "pending"],
      ["format:tables", "problem", "pending"],
      ["check:T3-A:total", "problem", "pending"],
    ]);
    expect(finding(result, "timeliness:late")?.summary).toBe("逾期38天发布");
    expect(finding(result, "check:T3-A:total")?.summary).toBe(
      "表三「总计」列“本年新收加上年结转等于办理结果合计加结转下年”不成立",
    );
    // The same evidence, the same fingerprints: stable from run to run.
    expect(grade(input).findings).toEqual(result.findings);
    // Other sides, another fingerprint.
    const other = grade({
      ...input,
      report: { ...input.report!, checks: [failing("T3-A:total", "31", "28")] },
    });
    expect(finding(other, "check:T3-A:total")?.fingerprint).not.toBe(
      finding(result, "check:T3-A:total")?.fingerprint,
    );
  });

  it("a report naming another body and a failed soft check are hints", () => {
    const soft = { ...failing("X-1:total"), severity: "soft" as const };
    const result = grade(
      reportedInput({ agencyMismatch: { found: "淮安市人民政府", source: "title" }, checks: [soft] }),
    );
    expect(result.findings.map((f) => [f.key, f.kind])).toEqual([
      ["check:X-1:total", "hint"],
      ["agency:mismatch", "hint"],
    ]);
    expect(finding(result, "agency:mismatch")?.summary).toBe(
      `报告标题所载机关为「淮安市人民政府」，与本机关名称「${DEPARTMENT.name}」不一致`,
    );
  });

  it("a year shown not published (未发现) is a finding; 无法核实 accuses nobody", () => {
    const notFound = grade(
      missingInput({ coverage: [{ finishedAt: "2025-04-01T02:00:00Z", complete: true, reasons: [] }] }),
    );
    expect(notFound.findings.map((f) => [f.key, f.summary])).toEqual([["report:missing", "未发现年度报告"]]);
    expect(grade(missingInput()).findings).toEqual([]);
  });
});

describe("a dismissed finding costs nothing", () => {
  const base = reportedInput({ checks: [failing("T4-A:review"), passing("T3-A:total")] });

  it("a dismissed failed identity is not counted: no deduction, no cap; the grade without reviews is kept", () => {
    expect([grade(base).score, grade(base).letter]).toEqual([89, "B"]);
    const dismissal = reviewOf(base, "check:T4-A:review", "dismiss", "原表印刷错误，已在网站更正");
    const result = grade({ ...base, reviews: [dismissal] });
    expect([dim(result, "integrity").points, result.caps, result.score, result.letter]).toEqual([
      25,
      [],
      100,
      "A",
    ]);
    expect(dim(result, "integrity").reason).toBe("勾稽关系全部成立（1项）；1项经复核撤销（不扣分）");
    expect(finding(result, "check:T4-A:review")).toMatchObject({
      state: "dismissed",
      review: { action: "dismiss", reason: "原表印刷错误，已在网站更正", reviewer: "张三", changed: false },
    });
    expect(result.withoutReviews).toEqual({ state: "graded", letter: "B", label: "良好", score: 89 });
    expect(result.reviewEffects).toEqual([
      "撤销：表四「行政复议」“复议诉讼各项结果之和等于总计”不成立（复核意见：原表印刷错误，已在网站更正）",
    ]);
  });

  it("a confirmed finding stands; a withdrawn review makes it 待复核 again", () => {
    const confirmed = grade({ ...base, reviews: [reviewOf(base, "check:T4-A:review", "confirm")] });
    expect([
      finding(confirmed, "check:T4-A:review")?.state,
      confirmed.score,
      confirmed.withoutReviews,
    ]).toEqual(["confirmed", 89, null]);
    const dismissal = reviewOf(base, "check:T4-A:review", "dismiss");
    const withdrawn = grade({
      ...base,
      reviews: [dismissal, review({ findingKey: "check:T4-A:review", action: "withdraw", reason: "误操作" })],
    });
    expect([finding(withdrawn, "check:T4-A:review")?.state, withdrawn.score]).toEqual(["pending", 89]);
  });

  it("a re-extraction that changes the evidence makes the review 待复核: the finding costs again", () => {
    const dismissal = reviewOf(base, "check:T4-A:review", "dismiss");
    const reExtracted = reportedInput({
      checks: [
        failing("T4-A:review", "review.total = 6", "upheld + corrected + other + pending = 4"),
        passing("T3-A:total"),
      ],
    });
    const result = grade({ ...reExtracted, reviews: [dismissal] });
    expect(finding(result, "check:T4-A:review")).toMatchObject({
      state: "pending",
      review: { action: "dismiss", changed: true },
    });
    expect([dim(result, "integrity").points, result.score]).toEqual([20, 89]);
  });

  it("dismissed lateness, a missing section, missing tables and a copy cost nothing", () => {
    const late = reportedInput({ publishDate: "2025-06-30" });
    const lateResult = grade({
      ...late,
      reviews: [reviewOf(late, "timeliness:late", "dismiss", "网站改版后日期有误")],
    });
    expect(dim(lateResult, "timeliness")).toMatchObject({
      scored: false,
      reason: "逾期发布的认定经复核撤销（网站改版后日期有误），不计分",
    });
    // 150 days late: the lateness cap (79) no longer applies either.
    expect([grade(late).caps.map((c) => c.kind), lateResult.caps, lateResult.score]).toEqual([
      ["late"],
      [],
      100,
    ]);

    const noOther = reportedInput({
      sections: reportedInput().report!.sections.filter((s) => s.key !== "other"),
    });
    const section = grade({ ...noOther, reviews: [reviewOf(noOther, "section:other", "dismiss", "见附件")] });
    expect([grade(noOther).score, dim(section, "structure").points, section.score]).toEqual([97.5, 15, 100]);

    const copy = reportedInput(
      {},
      { previous: { year: 2023, text: reportedInput().report!.text, values: fullTables() } },
    );
    const copied = grade({ ...copy, reviews: [reviewOf(copy, "copied", "dismiss", "两年工作确有延续")] });
    expect([grade(copy).score, copied.caps, finding(copied, "copied")?.state]).toEqual([69, [], "dismissed"]);

    const prose = reportedInput({ format: "legacy", values: [], checks: [] });
    const tables = grade({
      ...prose,
      reviews: [reviewOf(prose, "format:tables", "dismiss", "统计表以附件发布")],
    });
    expect(dim(tables, "data")).toMatchObject({ scored: false });
    expect(tables.unscored).toContain("数据公开");
  });

  it("a dismissed 未发现 leaves the year 无法核实: no grade, nobody accused", () => {
    const input = missingInput({
      coverage: [{ finishedAt: "2025-04-01T02:00:00Z", complete: true, reasons: [] }],
    });
    const result = grade({
      ...input,
      reviews: [reviewOf(input, "report:missing", "dismiss", "报告刊登于本级政府网站")],
    });
    expect([result.state, result.letter]).toEqual(["unverifiable", "—"]);
    expect(result.stateReason).toBe("无法核实：未发现年度报告的认定经复核撤销（报告刊登于本级政府网站）");
    expect(result.findings[0]?.state).toBe("dismissed");
  });
});

describe("a corrected fact re-grades what depends on it", () => {
  it("a corrected publish date (with its URL) is the strongest evidence: timeliness grades on it", () => {
    const late = reportedInput({ publishDate: "2025-03-10" });
    expect(dim(grade(late), "timeliness").points).toBe(0);
    const url = "http://mz.example.gov.cn/zwgk/ndbg/202501/t20250120_1.html";
    const correction = review({
      fact: "publish_date",
      action: "correct",
      value: "2025-01-20",
      evidence: url,
      fingerprint: extractedFact(late.report, "publish_date").fingerprint,
    });
    const result = grade({ ...late, reviews: [correction] });
    expect(dim(result, "timeliness")).toMatchObject({
      points: 20,
      reason: "2025-01-20发布（复核更正的发布日期），未超过期限2025-01-31",
      evidence: { source: "review", publishDate: "2025-01-20" },
    });
    expect((dim(result, "timeliness").evidence.evidence as { url?: string }[])[0]?.url).toBe(url);
    expect(result.findings.map((f) => f.key)).not.toContain("timeliness:late");
    expect(result.corrections).toEqual([
      expect.objectContaining({
        fact: "publish_date",
        value: "2025-01-20",
        extracted: "2025-03-10",
        changed: false,
      }),
    ]);
    expect(result.reviewEffects).toEqual([`更正发布日期为2025-01-20（依据：${url}）`]);
    // Re-extracted with another date: the correction still holds, but is 待复核.
    const reExtracted = grade({ ...reportedInput({ publishDate: "2025-03-11" }), reviews: [correction] });
    expect([dim(reExtracted, "timeliness").points, reExtracted.corrections[0]?.changed]).toEqual([20, true]);
    // Withdrawn: the extracted date again.
    const withdrawn = grade({
      ...late,
      reviews: [correction, review({ fact: "publish_date", action: "withdraw", reason: "撤回更正" })],
    });
    expect([dim(withdrawn, "timeliness").points, withdrawn.corrections]).toEqual([0, []]);
  });

  it("a corrected cell re-checks the identities that read it, with extraction's definition", () => {
    const wrong = reportedInput({
      values: reviewRow(4),
      checks: [
        failing("T4-A:review", "total = 4", "upheld + corrected + other + pending = 1 + 1 + 1 + 0 = 3"),
        passing("T3-A:total"),
      ],
    });
    const before = grade(wrong);
    expect([dim(before, "integrity").points, before.caps.map((c) => c.kind)]).toEqual([20, ["hardFailures"]]);
    const correction = review({
      fact: "cell:review.total",
      action: "correct",
      value: "3",
      evidence: "机关台账：行政复议3件",
      fingerprint: extractedFact(wrong.report, "cell:review.total").fingerprint,
    });
    const result = grade({ ...wrong, reviews: [correction] });
    expect([dim(result, "integrity").points, result.caps, result.score]).toEqual([
      25,
      [],
      before.rawScore + 5,
    ]);
    expect(result.findings.map((f) => f.key)).not.toContain("check:T4-A:review");
    expect(result.rechecked?.find((c) => c.key === "T4-A:review")).toMatchObject({
      status: "pass",
      left: "total = 3",
      right: "upheld + corrected + other + pending = 1 + 1 + 1 + 0 = 3",
    });
    // A check that does not read the cell is kept as extracted.
    expect(result.rechecked?.find((c) => c.key === "T3-A:total")).toEqual(passing("T3-A:total"));
    expect(result.reviewEffects).toEqual([
      "更正表四「行政复议」下「总计」列为3（依据：机关台账：行政复议3件）",
    ]);
    // A wrong correction fails like a wrong cell.
    const worse = grade({ ...wrong, reviews: [{ ...correction, value: "7" }] });
    expect(worse.rechecked?.find((c) => c.key === "T4-A:review")?.status).toBe("fail");
  });

  it("the report's agency: this agency's (no hint), or another's (the report set aside)", () => {
    const named = reportedInput({ agencyMismatch: { found: "淮安市人民政府", source: "title" } });
    const own = grade({
      ...named,
      reviews: [review({ fact: "agency", action: "correct", value: DEPARTMENT.id })],
    });
    expect(own.findings.map((f) => f.key)).not.toContain("agency:mismatch");
    expect(own.warnings.some((w) => w.includes("淮安市人民政府"))).toBe(false);
    expect(own.reviewEffects).toEqual(["确认报告属于本机关"]);

    const other = grade({
      ...named,
      coverage: [{ finishedAt: "2025-04-01T02:00:00Z", complete: true, reasons: [] }],
      reviews: [
        review({ fact: "agency", action: "correct", value: "huaian-city", valueName: "淮安市人民政府" }),
      ],
    });
    expect([other.state, other.score]).toEqual(["not_found", 0]);
    expect(other.stateReason).toBe(
      "未发现年度报告：经复核，栏目中的报告属于「淮安市人民政府」，不作为本机关的报告；2025-04-01完整检查了年度报告栏目，未见该年度报告",
    );
  });
});

describe("the grade stage and reviews", () => {
  const newStore = useTempStore({ agencies: [AGENCY] });

  it("re-grades an agency-year when its reviews change, and a second run writes nothing", async () => {
    const store = await newStore();
    await saveExtraction(store.db, {
      documentId: null,
      agencyId: AGENCY.id,
      year: 2024,
      publishDate: "2025-03-10",
      publishDateSource: "metadata",
      format: "2021",
      text: "一、总体情况\n本机关认真贯彻落实条例。",
      values: reviewRow(4),
      sections: [{ key: "overview", title: "一、总体情况", text: "一、总体情况\n本机关认真贯彻落实条例。" }],
      checks: [
        {
          key: "T4-A:review",
          severity: "hard",
          status: "fail",
          left: "total = 4",
          right: "upheld + corrected + other + pending = 1 + 1 + 1 + 0 = 3",
        },
      ],
      extractorVersion: "1",
    });
    await recordCrawlCoverage(
      store.db,
      [{ agencyId: AGENCY.id, complete: true, reasons: [] }],
      () => new Date("2025-04-15T00:00:00Z"),
    );
    const { ctx } = gradeContext(store);
    await gradeStage.run(ctx, { rubric, year: 2024 });
    const total = async () =>
      (await gradesOf(store.db, { agencyId: AGENCY.id, year: 2024 })).find((g) => g.dimension === "total")!;
    const before = await total();
    const findings = (before.evidence as { findings: { key: string; fingerprint: string }[] }).findings;
    expect(findings.map((f) => f.key)).toEqual([
      "timeliness:late",
      "section:proactive",
      "section:applications",
      "section:review_litigation",
      "section:problems",
      "section:other",
      "check:T4-A:review",
    ]);
    const late = findings.find((f) => f.key === "check:T4-A:review")!;

    await addReviews(store.db, [
      {
        agencyId: AGENCY.id,
        year: 2024,
        findingKey: late.key,
        fact: null,
        action: "dismiss",
        value: null,
        evidence: null,
        fingerprint: late.fingerprint,
        reason: "原表印刷错误",
        reviewer: "张三",
      },
    ]);
    const second = await gradeStage.run(ctx, { rubric, year: 2024 });
    expect(second.summary.changed).toBe(1);
    const after = await total();
    expect(after.points).toBeGreaterThan(before.points);
    expect(after.evidence).toMatchObject({
      withoutReviews: { score: before.points },
      reviewEffects: [expect.stringMatching(/^撤销：表四/)],
    });
    const third = await gradeStage.run(ctx, { rubric, year: 2024 });
    expect(third.summary.changed).toBe(0);
    // Grading never touches the reviews.
    expect(await reviewsOf(store.db)).toHaveLength(1);
  });
});
