import type { PublishedGrade } from "@touming/grade";
import type { ReportWithSource } from "@touming/store";
import { describe, expect, it } from "vitest";
import { cardFindings } from "./card-findings.js";

const dimension = (dimension: string, points: number, max: number, reason: string, evidence = {}) =>
  ({
    dimension,
    points,
    max_points: max,
    reason,
    evidence,
  }) as unknown as PublishedGrade["dimensions"][number];

function grade(
  overrides: Partial<PublishedGrade> = {},
  dimensions: PublishedGrade["dimensions"] = [],
): PublishedGrade {
  return {
    agencyId: "a",
    year: 2023,
    state: "graded",
    stateReason: null,
    resolve: null,
    unscored: [],
    caps: [],
    rawScore: 80,
    score: 80,
    letter: "B",
    label: "良好",
    onTime: true,
    deadline: { date: "2024-01-31", basis: "" },
    warnings: [],
    similarity: null,
    dimensions,
    missing: false,
    findings: [],
    corrections: [],
    withoutReviews: null,
    reviewEffects: [],
    rechecked: null,
    review: { pending: 0, confirmed: 0, dismissed: 0, corrected: 0, failedHard: 0, reviewed: [] },
    ...overrides,
  };
}

const PENDING = { state: "待复核", note: "", dismissed: false };

const check = (key: string, left = "", status = "fail") =>
  ({ key, severity: "hard", status, left, right: "", message: "" }) as ReportWithSource["checks"][number];

function source(
  values: Record<string, number>,
  checks: ReportWithSource["checks"],
  format = "2021",
): ReportWithSource {
  return {
    report: { year: 2023, format },
    values: Object.entries(values).map(([key, value]) => ({ key, value, raw: String(value) })),
    checks,
    sections: [],
    document: undefined,
    sourceKind: "html",
    scanned: false,
  } as unknown as ReportWithSource;
}

describe("cardFindings", () => {
  it("states a failed T3-A in the form's own words, both sides and the difference, and its cost", () => {
    const g = grade({}, [
      dimension("integrity", 20, 25, "1项勾稽关系不成立，每项扣5分", { perFailedHard: 5 }),
    ]);
    const s = source(
      {
        "apply.new_received.natural_person": 28,
        "apply.carried_over.natural_person": 2,
        "apply.handled_total.natural_person": 25,
        "apply.carried_forward.natural_person": 3,
      },
      [check("T3-A:natural_person")],
    );
    expect(cardFindings(g, s)).toEqual([
      {
        key: "check:T3-A:natural_person",
        text: "表三「自然人」列中，「一、本年新收政府信息公开申请数量」（28）与「二、上年结转政府信息公开申请数量」（2）之和为30，「三、本年度办理结果」下「（七）总计」（25）与「四、结转下年度继续办理」（3）之和为28，两者应当相等，相差2。",
        where: "表三",
        action: "请核对原始台账，更正报告原文中的错误数据，并在报告中注明更正日期。",
        points: "−5",
        link: "",
        review: PENDING,
        ocr: null,
      },
    ]);
  });

  it("states T3-B by row, T3-C by column and T4-A by group; NONNEG names the cells", () => {
    const s = source(
      {
        "apply.granted.total": 10,
        "apply.granted.natural_person": 6,
        "apply.granted.commercial": 3,
        "review.total": 4,
        "review.upheld": 1,
        "review.corrected": 1,
      },
      [check("T3-B:granted"), check("T4-A:review"), check("NONNEG:cells", "apply.granted.other_org = -1")],
    );
    const texts = cardFindings(grade(), s).map((f) => f.text);
    expect(texts).toEqual([
      "表三「三、本年度办理结果」下「（一）予以公开」行中，「总计」列为10，各类申请人（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他）之和为9，两者应当相等，相差1。",
      "表四「行政复议」中，「总计」为4，「结果维持」「结果纠正」「其他结果」「尚未审结」之和为2，两者应当相等，相差2。",
      "统计表中1个数不是非负整数：表三「三、本年度办理结果」下「（一）予以公开」行、「法人或其他组织」下「其他」列为-1。",
    ]);
  });

  it("says lateness, missing sections and a copied report; nothing for a year not graded", () => {
    const g = grade(
      {
        caps: [
          {
            kind: "copied",
            maxScore: 69,
            reason: "疑似照抄上年报告：正文与上年相似度98%，120项统计数据中118项与上年相同；……",
          },
        ],
      },
      [
        dimension("timeliness", 10, 20, "", {
          publishDate: "2024-02-20",
          daysLate: 20,
          atLeast: false,
          deadline: "2024-01-31",
        }),
        dimension("structure", 12.5, 15, "", { missing: ["other"] }),
      ],
    );
    const found = cardFindings(g, source({}, []));
    expect(found.map((f) => [f.points, f.text])).toEqual([
      ["−10", "报告逾期20天发布（发布期限2024-01-31，发布日期2024-02-20）。"],
      ["−2.5", "报告缺少「其他需要报告的事项」部分。"],
      ["", "疑似照抄上年报告：正文与上年相似度98%，120项统计数据中118项与上年相同。"],
    ]);
    expect(cardFindings({ ...g, state: "unverifiable" }, source({}, []))).toEqual([]);
  });

  it("says where each finding stands by review: 已撤销 costs nothing, 已确认 with its note, 待复核 when the evidence changed", () => {
    const review = (action: "dismiss" | "confirm", changed = false) => ({
      id: 1,
      action,
      reason: "原表印刷错误",
      reviewer: "张三",
      at: "2025-06-02T08:00:00.000Z",
      changed,
    });
    const finding = (
      key: string,
      state: "pending" | "confirmed" | "dismissed",
      r: ReturnType<typeof review> | null,
    ) => ({
      key,
      kind: "problem" as const,
      summary: "",
      fingerprint: "f",
      state,
      review: r,
    });
    const g = grade(
      {
        findings: [
          finding("check:T3-B:granted", "dismissed", review("dismiss")),
          finding("check:T4-A:review", "confirmed", review("confirm")),
          finding("section:other", "pending", review("dismiss", true)),
        ],
      },
      [
        dimension("integrity", 20, 25, "", { perFailedHard: 5 }),
        dimension("structure", 12.5, 15, "", { missing: ["other"] }),
      ],
    );
    const s = source(
      { "apply.granted.total": 10, "apply.granted.natural_person": 9, "review.total": 4, "review.upheld": 3 },
      [check("T3-B:granted"), check("T4-A:review")],
    );
    expect(cardFindings(g, s).map((f) => [f.key, f.points, f.review])).toEqual([
      [
        "section:other",
        "−2.5",
        {
          state: "待复核",
          note: "报告重新读取后依据已变化，原复核意见（已撤销，2025-06-02：原表印刷错误）需重新复核",
          dismissed: false,
        },
      ],
      [
        "check:T3-B:granted",
        "",
        { state: "已撤销", note: "撤销理由（2025-06-02）：原表印刷错误；不扣分", dismissed: true },
      ],
      [
        "check:T4-A:review",
        "−5",
        { state: "已确认", note: "复核意见（2025-06-02）：原表印刷错误", dismissed: false },
      ],
    ]);
  });

  it("links each failed identity into the archived copy: a PDF at the page of its first cell, an HTML page at the row's label", () => {
    const s = source({ "apply.new_received.total": 5, "apply.handled_total.total": 4 }, [
      check("T3-A:total"),
    ]);
    (s.values.find((v) => v.key === "apply.new_received.total") as { page?: number }).page = 3;
    expect(cardFindings(grade(), s, "archive/abc.pdf")[0]!.link).toBe("archive/abc.pdf#page=3");
    expect(cardFindings(grade(), s, "archive/abc.html.txt")[0]!.link).toBe(
      `archive/abc.html.txt#:~:text=${encodeURIComponent("本年新收政府信息公开申请数量")}`,
    );
    expect(cardFindings(grade(), s, null)[0]!.link).toBe("");
  });
});

describe("cardFindings of a report read from a scan", () => {
  const IMAGE = "ab".repeat(32);
  const scanned = (checks: ReportWithSource["checks"]) => {
    const s = source(
      {
        "apply.new_received.natural_person": 28,
        "apply.carried_over.natural_person": 2,
        "apply.handled_total.natural_person": 25,
        "apply.carried_forward.natural_person": 3,
      },
      checks,
    );
    const ocr = (key: string) =>
      key === "apply.carried_over.natural_person"
        ? { confidence: 0.874, level: "high", box: null }
        : { confidence: 0.97, level: "high", box: null };
    return {
      ...s,
      values: s.values.map((v) => ({ ...v, page: 2, ocr: ocr(v.key) })),
      ocr: { engine: "e", pages: [{ page: 2, imageSha256: IMAGE }] },
    } as unknown as ReportWithSource;
  };

  it("marks a failed identity's figures 据扫描件识别 with the least confidence among them, and links the page image", () => {
    const g = grade({}, [dimension("integrity", 20, 25, "", { perFailedHard: 5 })]);
    const [finding] = cardFindings(g, scanned([check("T3-A:natural_person")]));
    expect(finding?.ocr).toEqual({
      text: "据扫描件识别，识别置信度 87%",
      level: "high",
      link: `scans/${IMAGE}.jpg`,
    });
    expect(finding?.points).toBe("−5");
  });

  it("lists no problem for a failure left for human check (ocr_review): the card shows it as a 提示", () => {
    const failed = { ...check("T3-A:natural_person"), ocr_review: 1 } as ReportWithSource["checks"][number];
    expect(cardFindings(grade(), scanned([failed]))).toEqual([]);
  });
});
