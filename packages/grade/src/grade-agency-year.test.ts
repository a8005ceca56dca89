import { describe, expect, it } from "vitest";
import { deadlineFor } from "./deadline.js";
import { gradeAgencyYear } from "./grade-agency-year.js";
import type { GradeInput } from "./grade-input.js";
import { RUBRIC_FILES, loadRubric, parseRubric } from "./rubric/load-rubric.js";
import { textSimilarity } from "./similarity.js";

// Version 1 stays loadable and re-gradable: these tests grade by it.
const rubric = loadRubric(RUBRIC_FILES["1"]);

const agency = {
  id: "d",
  name: "某县民政局",
  level: "department",
  siteUrl: "http://mz.example.gov.cn/",
  listUrls: [],
  deadlineOverride: null,
};
const NARRATIVE =
  "2024年，我局认真贯彻落实条例要求，推进决策、执行、管理、服务、结果公开，完善信息公开指南和目录，加强政策解读。";
const sections2021 = [
  { key: "overview", title: "一、总体情况", text: `一、总体情况\n${NARRATIVE}` },
  { key: "proactive", title: "二、主动公开政府信息情况", text: "二、主动公开政府信息情况" },
  {
    key: "applications",
    title: "三、收到和处理政府信息公开申请情况",
    text: "三、收到和处理政府信息公开申请情况",
  },
  { key: "review_litigation", title: "四、政府信息公开行政复议、行政诉讼情况", text: "四" },
  {
    key: "problems",
    title: "五、存在的主要问题及改进情况",
    text: "五、存在的主要问题及改进情况\n一是政策解读形式不够丰富，解读的深度和针对性有待加强；二是部分信息发布不够及时，更新频率有待提高。下一步，我们将一是建立政策解读同步机制；二是完善信息发布审核流程，压实信息发布责任，提高发布时效。",
  },
  {
    key: "improvements",
    title: "五、存在的主要问题及改进情况",
    text: "五、存在的主要问题及改进情况\n一是政策解读形式不够丰富，解读的深度和针对性有待加强；二是部分信息发布不够及时，更新频率有待提高。下一步，我们将一是建立政策解读同步机制；二是完善信息发布审核流程，压实信息发布责任，提高发布时效。",
  },
  { key: "other", title: "六、其他需要报告的事项", text: "六" },
];

function fullTables(): { key: string; value: number | null; raw: string }[] {
  const v: { key: string; value: number | null; raw: string }[] = [];
  for (let i = 0; i < 10; i++) v.push({ key: `proactive.k${i}`, value: 1, raw: "1" });
  for (let i = 0; i < 175; i++) v.push({ key: `apply.r${i}`, value: 0, raw: "0" });
  for (let i = 0; i < 15; i++) v.push({ key: `review.k${i}`, value: 0, raw: "0" });
  return v;
}

function input(
  overrides: Partial<NonNullable<GradeInput["report"]>> = {},
  rest: Partial<GradeInput> = {},
): GradeInput {
  return {
    agency,
    year: 2024,
    report: {
      format: "2021",
      publishDate: "2025-01-20",
      publishDateSource: "metadata",
      firstSeenAt: "2025-01-21T02:00:00.000Z",
      text: NARRATIVE,
      sourceUrl: "http://mz.example.gov.cn/zwgk/ndbg/202501/t20250120_1.html",
      sourceKind: "html",
      scanned: false,
      values: fullTables(),
      sections: sections2021,
      checks: [
        { key: "T3-A:total", severity: "hard", status: "pass", left: "", right: "", message: "" },
        { key: "T3-B:granted", severity: "hard", status: "pass", left: "", right: "", message: "" },
        { key: "T3-C:total", severity: "hard", status: "pass", left: "", right: "", message: "" },
        { key: "T4-A:review", severity: "hard", status: "pass", left: "", right: "", message: "" },
      ],
      ...overrides,
    },
    previous: null,
    looked: [],
    ...rest,
  };
}

const dim = (result: ReturnType<typeof gradeAgencyYear>, name: string) =>
  result.dimensions.find((d) => d.dimension === name)!;

describe("rubric v1", () => {
  it("a complete, consistent, on-time report scores 100 (A 优秀)", () => {
    const result = gradeAgencyYear(input(), rubric);
    expect(result.dimensions.map((d) => [d.dimension, d.points])).toEqual([
      ["timeliness", 20],
      ["structure", 15],
      ["data", 20],
      ["integrity", 25],
      ["substance", 15],
      ["accessibility", 5],
    ]);
    expect([result.score, result.letter, result.label, result.onTime]).toEqual([100, "A", "优秀", true]);
  });

  it("timeliness: on time 20, up to 30 days late 10, later 0; no evidence, not scored (first discovery proves nothing)", () => {
    expect(dim(gradeAgencyYear(input({ publishDate: "2025-01-31" }), rubric), "timeliness").points).toBe(20);
    const late = dim(gradeAgencyYear(input({ publishDate: "2025-02-20" }), rubric), "timeliness");
    expect([late.points, late.reason]).toEqual([
      10,
      "2025-02-20发布（页面标注的发布日期），逾期20天（期限2025-01-31）",
    ]);
    expect(dim(gradeAgencyYear(input({ publishDate: "2025-03-10" }), rubric), "timeliness").points).toBe(0);
    // Before: the crawl date stood in for a missing publish date; a report first seen 609 days after
    // its deadline was called 609 days late. Now first discovery alone is no evidence.
    const seen = gradeAgencyYear(input({ publishDate: null, firstSeenAt: "2026-11-30T08:00:00Z" }), rubric);
    expect(dim(seen, "timeliness")).toMatchObject({
      points: 0,
      scored: false,
      reason: "发布日期无法确认：文章页面、栏目列表和数据接口均未标注发布日期",
    });
    // Left out: the other 80 points are rescaled to 100.
    expect([seen.rawScore, seen.score, seen.unscored, seen.onTime]).toEqual([100, 100, ["按时发布"], null]);
  });

  it("deadlines: 2008 regime 31 March; since 2019 departments 31 January, governments 31 March; local override wins", () => {
    expect(deadlineFor({ level: "department", deadlineOverride: null }, 2017).date).toBe("2018-03-31");
    expect(deadlineFor({ level: "department", deadlineOverride: null }, 2024).date).toBe("2025-01-31");
    expect(deadlineFor({ level: "county", deadlineOverride: null }, 2024).date).toBe("2025-03-31");
    expect(deadlineFor({ level: "department", deadlineOverride: "01-28" }, 2024).date).toBe("2025-01-28");
  });

  it("structure: 2.5 per required section; a 2019+ report in legacy form loses the table sections", () => {
    const missing = gradeAgencyYear(
      input({ sections: sections2021.filter((s) => s.key !== "other" && s.key !== "overview") }),
      rubric,
    );
    expect([dim(missing, "structure").points, dim(missing, "structure").reason]).toEqual([
      10,
      "缺少：总体情况、其他需要报告的事项",
    ]);
    const legacy = gradeAgencyYear(input({ format: "legacy", values: [], checks: [] }), rubric);
    expect(dim(legacy, "structure").points).toBe(7.5);
    expect(dim(legacy, "data")).toMatchObject({
      points: 0,
      reason: "未按规定格式公开统计表（表二、表三、表四均未找到）",
    });
    expect(dim(legacy, "integrity")).toMatchObject({ points: 0, reason: "无统计表，无法核验勾稽关系" });
  });

  it("data: each table by the share of its cells found; an all-blank table counts as not disclosed", () => {
    const half = fullTables().filter((v) => !(v.key.startsWith("apply.") && Number(v.key.slice(7)) >= 87));
    expect(dim(gradeAgencyYear(input({ values: half }), rubric), "data").points).toBe(15);
    const blankFour = fullTables().map((v) =>
      v.key.startsWith("review.") ? { ...v, value: null, raw: "" } : v,
    );
    expect(dim(gradeAgencyYear(input({ values: blankFour }), rubric), "data").points).toBe(15);
  });

  it("integrity: points in proportion to hard checks passed, minus 1 per failed soft check", () => {
    const checks = [
      {
        key: "T3-A:total",
        severity: "hard" as const,
        status: "fail" as const,
        left: "10",
        right: "11",
        message: "",
      },
      {
        key: "T3-A:natural_person",
        severity: "hard" as const,
        status: "pass" as const,
        left: "",
        right: "",
        message: "",
      },
      {
        key: "T3-B:granted",
        severity: "hard" as const,
        status: "pass" as const,
        left: "",
        right: "",
        message: "",
      },
      {
        key: "T4-A:review",
        severity: "hard" as const,
        status: "pass" as const,
        left: "",
        right: "",
        message: "",
      },
      {
        key: "T3-C:total",
        severity: "hard" as const,
        status: "not_applicable" as const,
        left: "",
        right: "",
        message: "",
      },
      {
        key: "X-3:applications_received",
        severity: "soft" as const,
        status: "fail" as const,
        left: "30",
        right: "31",
        message: "the text says 30, the table 31",
      },
    ];
    const result = dim(gradeAgencyYear(input({ checks }), rubric), "integrity");
    expect(result.points).toBe(17.8);
    // Which check failed is said on the card in the form's words; no ids in the reason.
    expect(result.reason).toBe("1项勾稽关系不成立（共核验4项）；1项提示性核验未通过，扣1分");
  });

  it("X-1: carried_over must equal last year's carried_forward (a warning costing 1 point)", () => {
    const values = [...fullTables(), { key: "apply.carried_over.total", value: 5, raw: "5" }];
    const previous = {
      year: 2023,
      text: "上年报告",
      values: [{ key: "apply.carried_forward.total", value: 4, raw: "4" }],
    };
    const result = gradeAgencyYear(input({ values }, { previous }), rubric);
    expect(dim(result, "integrity").points).toBe(24);
    expect(result.warnings).toEqual([
      "本年报告「上年结转政府信息公开申请数量」为5，上年报告「结转下年度继续办理」为4，两者应当一致，请核对（提示）",
    ]);
  });

  it("substance: specific problems 5 and improvements 5; a copied report loses originality as 内容雷同", () => {
    const copied = gradeAgencyYear(
      input({}, { previous: { year: 2023, text: NARRATIVE.replace("2024", "2023"), values: [] } }),
      rubric,
    );
    expect(dim(copied, "substance")).toMatchObject({ points: 10 });
    expect(dim(copied, "substance").reason).toMatch(/内容雷同：与2023年报告相似度100%$/);
    expect(copied.similarity?.passages[0]).toContain("推进决策");
    const vague = gradeAgencyYear(
      input({
        sections: sections2021.map((s) =>
          s.key === "problems" || s.key === "improvements"
            ? { ...s, text: `${s.title}\n存在一些不足，今后加以改进并继续努力做好工作。` }
            : s,
        ),
      }),
      rubric,
    );
    expect(dim(vague, "substance").points).toBe(7.5);
  });

  it("accessibility: machine-readable 3, on the agency's own site 2", () => {
    expect(
      dim(gradeAgencyYear(input({ sourceUrl: "http://mirror.example.com/x.html" }), rubric), "accessibility")
        .points,
    ).toBe(3);
    expect(
      dim(gradeAgencyYear(input({ scanned: true, sourceKind: "pdf" }), rubric), "accessibility").points,
    ).toBe(2);
  });

  it("a missing report is F with 0 points and where the crawler looked", () => {
    const result = gradeAgencyYear(
      {
        ...input(),
        report: null,
        looked: [{ url: "http://mz.example.gov.cn/zwgk/ndbg/", at: "2025-03-01T16:00:00Z" }],
        // The evidence that it is missing: a crawl after the deadline read the columns whole.
        coverage: [{ finishedAt: "2025-03-01T16:00:00Z", complete: true, reasons: [] }],
      },
      rubric,
    );
    expect([result.score, result.letter, result.label]).toEqual([0, "F", "不合格"]);
    expect(result.dimensions[0]!.reason).toBe("未发现年度报告；已检查1个页面，最近一次2025-03-01");
  });

  it("grade boundaries follow the rubric", () => {
    const at = (score: number) => rubric.grades.find((g) => score >= g.min)!.letter;
    expect([at(90), at(89.9), at(80), at(70), at(60), at(59.9)]).toEqual(["A", "B", "B", "C", "D", "F"]);
  });
});

describe("rubric files", () => {
  it("rejects a rubric with a bad field, naming file, field and expectation", () => {
    const bad = JSON.parse(JSON.stringify(rubric));
    bad.timeliness.onTime = "twenty";
    expect(() => parseRubric(bad, "rubric.json")).toThrow(
      "rubric.json: timeliness.onTime: expected a number of points",
    );
    const sum = {
      ...JSON.parse(JSON.stringify(rubric)),
      accessibility: { max: 10, machineReadable: 3, ownSite: 2 },
    };
    expect(() => parseRubric(sum, "rubric.json")).toThrow(
      "rubric.json: (root): expected dimension maxima summing to 100, got 105",
    );
    expect(() => parseRubric({ ...rubric, extra: 1 }, "rubric.json")).toThrow(
      "rubric.json: extra: unknown field",
    );
  });
});

describe("similarity", () => {
  it("is 1 for a copy with changed years and low for different text", () => {
    expect(
      textSimilarity("2023年我局推进政务公开工作，完善制度。", "2024年我局推进政务公开工作，完善制度。"),
    ).toBe(1);
    expect(textSimilarity("加强政策解读，丰富解读形式。", "推进基层政务公开标准化建设。")).toBeLessThan(0.1);
  });
});
