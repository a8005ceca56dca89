import { readFileSync } from "node:fs";
import { SECTION_KEYS } from "@touming/vocabulary";
import { describe, expect, it } from "vitest";
import { type GradeResult, gradeAgencyYear } from "./grade-agency-year.js";
import type { GradeInput, GradedReport } from "./grade-input.js";
import { RUBRIC_FILES, loadRubric, parseRubric } from "./rubric/load-rubric.js";
import {
  DEPARTMENT,
  SECTIONS_2021,
  failing,
  fullTables,
  missingInput,
  passing,
  reportedInput,
} from "./testing/grade-inputs.js";

/** The built-in rubric is version 2 (rubric/rubric-v2.json). */
const rubric = loadRubric();
const grade = (input: GradeInput) => gradeAgencyYear(input, rubric);
const dim = (result: GradeResult, key: string) => result.dimensions.find((d) => d.dimension === key)!;

describe("rubric v2: the built-in rubric", () => {
  it("is version 2 and grades a complete, consistent, on-time report 100 (A)", () => {
    const result = grade(reportedInput());
    expect(rubric.version).toBe("2");
    expect([result.state, result.score, result.letter, result.caps]).toEqual(["graded", 100, "A", []]);
  });
});

describe("rubric v2: 数据准确 and the caps on failed hard checks", () => {
  it.each([
    // failed hard checks, integrity points, raw score, cap, letter
    [0, 25, 100, null, "A"],
    [1, 20, 95, 89, "B"],
    [2, 15, 90, 89, "B"],
    [3, 10, 85, 79, "C"],
    [6, 0, 75, 79, "C"],
  ])("%i failed: %i points, raw %i, capped at %s, %s", (failed, points, raw, cap, letter) => {
    const checks = [
      ...Array.from({ length: failed }, (_, i) => failing(`T3-A:c${i}`)),
      ...["T3-B:granted", "T4-A:review"].map(passing),
    ];
    const result = grade(reportedInput({ checks }));
    expect(dim(result, "integrity").points).toBe(points);
    expect(result.rawScore).toBe(raw);
    expect(result.caps[0]?.maxScore ?? null).toBe(cap);
    expect(result.score).toBe(cap === null ? raw : Math.min(raw, cap));
    expect(result.letter).toBe(letter);
  });

  it("says why the cap applied, in Chinese", () => {
    const result = grade(reportedInput({ checks: [failing("T3-A:total"), failing("T3-B:granted")] }));
    expect(result.caps).toEqual([
      {
        kind: "hardFailures",
        maxScore: 89,
        reason: "2项硬性勾稽关系不成立（发布内容不准确）：1至2项硬性勾稽关系不成立的，最高评为良好（89分）",
      },
    ]);
  });

  it("an identity a blank cell keeps from being evaluated costs nothing, caps nothing and is named", () => {
    const blank = { ...failing("T3-B:granted"), status: "not_evaluable" as const };
    const result = grade(reportedInput({ checks: [blank, passing("T4-A:review")] }));
    expect([dim(result, "integrity").points, result.score, result.caps]).toEqual([25, 100, []]);
    expect(dim(result, "integrity").reason).toBe(
      "勾稽关系全部成立（1项）；1项因单元格空白无法核对（不扣分）",
    );
    expect(dim(result, "integrity").evidence).toMatchObject({ failed: [], notEvaluable: ["T3-B:granted"] });
  });

  it("a 2021 report whose tables this reader could not read: the data dimensions are not scored, never 0", () => {
    // 平潭综合实验区 2021 as a one-line text dump: the form is clear, the cells run together.
    const result = grade(
      reportedInput({
        values: [{ key: "text.applications_received", value: 70, raw: "70" }],
        checks: [],
        tablesUnreadable: "the table cells are run together without separators",
      }),
    );
    expect(result.unscored).toEqual(["数据公开", "数据准确"]);
    expect([result.state, result.score, result.caps]).toEqual(["graded", 100, []]);
    expect(dim(result, "data")).toMatchObject({
      points: 0,
      scored: false,
      reason:
        "统计表无法核实：报告按2021年版格式编制，但表格内容未能可靠读取（如单元格数字连写），本项不评分，不视为机关的问题",
      evidence: { tablesUnreadable: "the table cells are run together without separators" },
    });
    expect(dim(result, "integrity").scored).toBe(false);
  });

  it("a report naming another body is a 提示 with the name and where it was read, costing nothing", () => {
    const result = grade(reportedInput({ agencyMismatch: { found: "淮安市人民政府", source: "title" } }));
    expect(result.score).toBe(100);
    expect(result.warnings).toContain(
      `报告标题所载机关为「淮安市人民政府」，与本机关名称「${DEPARTMENT.name}」不一致，请核对是否误发其他机关的报告（提示）`,
    );
  });

  it("soft checks cost nothing; they are listed as 提示", () => {
    const soft = {
      key: "X-1:carried_over",
      severity: "soft" as const,
      status: "fail" as const,
      left: "5",
      right: "3",
      message: "",
    };
    const result = grade(reportedInput({ checks: [...reportedInput().report!.checks, soft] }));
    expect([dim(result, "integrity").points, result.score]).toEqual([25, 100]);
    expect(result.warnings.length).toBeGreaterThan(0);
  });
});

describe("rubric v2: 按时发布 on evidence only", () => {
  const timeliness = (report: Parameters<typeof reportedInput>[0], rest: Partial<GradeInput> = {}) =>
    dim(grade(reportedInput(report, rest)), "timeliness");

  it.each([
    [
      "the page's metadata, on time",
      { publishDate: "2025-01-24", publishDateSource: "metadata" },
      20,
      "2025-01-24发布（页面标注的发布日期），未超过期限2025-01-31",
    ],
    [
      "a meta tag, 20 days late",
      { publishDate: "2025-02-20", publishDateSource: "meta-tag" },
      10,
      "2025-02-20发布（页面元数据中的发布时间），逾期20天（期限2025-01-31）",
    ],
    [
      "the article page of an attachment report",
      { publishDate: "2025-01-20", publishDateSource: "attachment-page" },
      20,
      "2025-01-20发布（附件所在文章页标注的发布日期），未超过期限2025-01-31",
    ],
    [
      "the column's JSON API",
      {
        publishDate: null,
        publishDateSource: null,
        listedDate: "2025-01-24",
        listedDateSource: "api" as const,
      },
      20,
      "2025-01-24发布（栏目数据接口中的发布时间），未超过期限2025-01-31",
    ],
    [
      "the list page's date, 40 days late",
      {
        publishDate: null,
        publishDateSource: null,
        listedDate: "2025-03-12",
        listedDateSource: "list" as const,
      },
      0,
      "2025-03-12发布（栏目列表中的日期），逾期40天，超过30天（期限2025-01-31）",
    ],
    [
      "a signature after the deadline: late at least",
      { publishDate: "2025-02-10", publishDateSource: "signature" },
      10,
      "据落款日期（2025-02-10），至少逾期10天（期限2025-01-31）",
    ],
  ])("%s", (_what, report, points, reason) => {
    expect(timeliness(report)).toMatchObject({ points, reason });
  });

  it("the page's own date wins over the list's", () => {
    expect(
      timeliness({ publishDate: "2025-01-24", listedDate: "2025-03-01", listedDateSource: "list" }).points,
    ).toBe(20);
  });

  it("a complete crawl after the deadline that did not list the report proves it late at least until then", () => {
    const t = timeliness(
      { publishDate: null, publishDateSource: null, firstSeenAt: "2025-03-20T02:00:00Z" },
      { coverage: [{ finishedAt: "2025-02-20T03:00:00Z", complete: true, reasons: [] }] },
    );
    expect(t).toMatchObject({
      points: 10,
      reason: "2025-02-20完整检查年度报告栏目时尚未发布，至少逾期20天（期限2025-01-31）",
    });
  });

  it.each([
    [
      "no date anywhere (first discovery alone proves nothing)",
      { publishDate: null, publishDateSource: null, firstSeenAt: "2026-11-30T00:00:00Z" },
      "发布日期无法确认：文章页面、栏目列表和数据接口均未标注发布日期",
    ],
    [
      "only a signature before the deadline",
      { publishDate: "2025-01-10", publishDateSource: "signature" },
      "发布日期无法确认：仅有落款日期2025-01-10（早于期限2025-01-31），不能证明发布时间",
    ],
  ])("%s: not scored, the grade rescaled", (_what, report, reason) => {
    const result = grade(reportedInput(report));
    expect(dim(result, "timeliness")).toMatchObject({ points: 0, scored: false, reason });
    expect([result.unscored, result.score, result.onTime]).toEqual([["按时发布"], 100, null]);
  });

  it("an incomplete crawl proves nothing", () => {
    const t = timeliness(
      { publishDate: null, publishDateSource: null, firstSeenAt: "2025-03-20T02:00:00Z" },
      { coverage: [{ finishedAt: "2025-03-10T03:00:00Z", complete: false, reasons: [] }] },
    );
    expect(t.scored).toBe(false);
  });

  it("published more than 90 days late: at most C", () => {
    const result = grade(reportedInput({ publishDate: "2025-05-15", publishDateSource: "metadata" }));
    expect([result.rawScore, result.score, result.letter]).toEqual([80, 79, "C"]);
    expect(result.caps[0]).toMatchObject({
      kind: "late",
      maxScore: 79,
      reason: "逾期104天发布：逾期超过90天发布的，最高评为合格（79分）",
    });
  });
});

describe("rubric v2: a report copied from the year before", () => {
  const previous = (values = fullTables()) => ({ year: 2023, text: reportedInput().report!.text, values });

  it("identical prose and ≥ 80% of ≥ 10 table values unchanged: at most D, banner 疑似照抄上年报告", () => {
    const result = grade(reportedInput({}, { previous: previous() }));
    expect(result.caps[0]).toMatchObject({ kind: "copied", maxScore: 69 });
    expect(result.caps[0]!.reason).toMatch(
      /^疑似照抄上年报告：正文与上年相似度100%，\d+项统计数据中\d+项与上年相同/,
    );
    expect([result.score, result.letter]).toEqual([69, "D"]);
  });

  it("identical prose but new figures: no cap (originality still loses its points)", () => {
    const result = grade(reportedInput({}, { previous: previous(fullTables(3)) }));
    expect(result.caps).toEqual([]);
    expect(dim(result, "substance").points).toBe(10);
  });
});

describe("rubric v2: sections and tables by regime, charged once", () => {
  it("a 2019+ report without tables is charged under 数据公开 only: prose figures earn up to 10, nothing to check earns 10", () => {
    const prose = [
      { key: "text.applications_received", value: 12, raw: "12" },
      { key: "text.reviews", value: 0, raw: "0" },
    ];
    const result = grade(reportedInput({ format: "legacy", values: prose, checks: [] }));
    expect(dim(result, "structure").points).toBe(15);
    expect(dim(result, "data")).toMatchObject({
      points: 5,
      reason: "未按规定格式列表（表二、表三、表四均未找到）；正文数据2项，最多得10分",
    });
    expect(dim(result, "integrity")).toMatchObject({ points: 10, reason: "无可核验的统计数据" });
  });

  it("a legacy (2017) report is held to the 2008 条例 第三十二条 list", () => {
    const sections = [
      { key: "proactive", title: "一、主动公开政府信息情况", text: "一" },
      { key: "applications", title: "二、依申请公开政府信息和不予公开政府信息情况", text: "二" },
      { key: "review_litigation", title: "四、因政府信息公开申请行政复议、提起行政诉讼的情况", text: "四" },
      { key: "problems", title: "五、存在的主要问题及改进措施", text: "五" },
    ];
    const result = grade(
      reportedInput({ format: "legacy", sections, values: [], checks: [] }, { year: 2017 }),
    );
    expect(dim(result, "structure")).toMatchObject({
      points: 10,
      reason: "缺少：收费及减免、其他需要报告的事项",
    });
  });

  it("a 2021-format report missing one section loses 2.5", () => {
    const result = grade(reportedInput({ sections: SECTIONS_2021.filter((s) => s.key !== "other") }));
    expect(dim(result, "structure")).toMatchObject({ points: 12.5, reason: "缺少：其他需要报告的事项" });
  });

  describe("a government's own report also gives 工作考核、社会评议和责任追究结果 (2019 条例 第五十条)", () => {
    const COUNTY = { ...DEPARTMENT, id: "c", name: "某县人民政府", level: "county" };
    const ASSESSMENT = {
      key: "assessment",
      title: "七、政府信息公开工作考核、社会评议和责任追究结果情况",
      text: "七、政府信息公开工作考核、社会评议和责任追究结果情况\n本年度未发生责任追究情况。",
    };
    const govern2021 = (agency: GradeInput["agency"], sections: GradedReport["sections"]) =>
      grade(
        reportedInput(
          { sections, publishDate: "2022-03-20", firstSeenAt: "2022-03-21T02:00:00.000Z" },
          { agency, year: 2021 },
        ),
      );

    it.each<[string, unknown, string]>([
      [
        "a key of required2019",
        ["overview"],
        "structure.requiredGovernment[0]: expected a section not in required2019",
      ],
      [
        "an unknown key",
        ["asessment"],
        `structure.requiredGovernment[0]: expected a section key: ${SECTION_KEYS.join(", ")}`,
      ],
      ["no key", [], "structure.requiredGovernment: expected at least one section key"],
    ])("the rubric's government list is rejected with %s", (_what, requiredGovernment, message) => {
      const v2 = JSON.parse(readFileSync(RUBRIC_FILES["2"], "utf8")) as {
        structure: Record<string, unknown>;
      };
      v2.structure.requiredGovernment = requiredGovernment;
      expect(() => parseRubric(v2, "rubric.json")).toThrow(message);
    });

    it("the built-in rubric holds a government's report to it, beyond the 6 × 2.5 = 15 of required2019", () => {
      expect(rubric.structure).toMatchObject({ requiredGovernment: ["assessment"] });
    });

    it("a government's 2021 report without it loses 2.5, and the card names it", () => {
      const result = govern2021(COUNTY, SECTIONS_2021);
      expect(dim(result, "structure")).toMatchObject({
        points: 12.5,
        reason: "缺少：工作考核、社会评议和责任追究结果",
        evidence: { missing: ["assessment"] },
      });
    });

    it("a government's 2021 report with it earns the full 15", () => {
      const result = govern2021(COUNTY, [...SECTIONS_2021, ASSESSMENT]);
      expect(dim(result, "structure")).toMatchObject({ points: 15, reason: "规定的7个部分齐全" });
    });

    it("a department's 2021 report without it earns the full 15", () => {
      const result = govern2021(DEPARTMENT, SECTIONS_2021);
      expect(dim(result, "structure")).toMatchObject({ points: 15, reason: "规定的6个部分齐全" });
    });

    it("a government's legacy (2017) report is held to the 2008 list only", () => {
      const sections = SECTIONS_2021.filter((s) => s.key !== "overview").concat({
        key: "fees",
        title: "四、政府信息公开的收费及减免情况",
        text: "四",
      });
      const result = grade(
        reportedInput({ format: "legacy", sections, values: [], checks: [] }, { agency: COUNTY, year: 2017 }),
      );
      expect(dim(result, "structure")).toMatchObject({ points: 15, reason: "规定的6个部分齐全" });
    });

    it("a government's 2021 report with no section at all floors at 0, all seven named (the government's last)", () => {
      const result = govern2021(COUNTY, []);
      expect(dim(result, "structure")).toMatchObject({
        points: 0,
        reason:
          "缺少：总体情况、主动公开、依申请公开、行政复议和诉讼、问题及改进、其他需要报告的事项、工作考核、社会评议和责任追究结果",
      });
    });
  });
});

describe("rubric v2: the states of a year without a report", () => {
  const complete = (finishedAt: string) => ({ finishedAt, complete: true, reasons: [] });
  const incomplete = (finishedAt: string, kind: string) => ({
    finishedAt,
    complete: false,
    reasons: [{ url: "http://mz.example.gov.cn/zwgk/ndbg/", kind, detail: "…" }],
  });

  it("未发现: a complete crawl after the deadline did not list it — F, 0", () => {
    const result = grade(missingInput({ coverage: [complete("2025-03-01T02:00:00Z")] }));
    expect([result.state, result.letter, result.score]).toEqual(["not_found", "F", 0]);
    expect(result.stateReason).toBe("未发现年度报告：2025-03-01完整检查了年度报告栏目，未见该年度报告");
  });

  it.each([
    [
      "blocked",
      "无法核实：机关网站启用了访问验证（反爬虫），监测程序无法读取栏目页面",
      "请对监测程序放行，或提供可直接访问的年度报告栏目地址",
    ],
    [
      "robots",
      "无法核实：机关网站的robots协议禁止读取年度报告栏目",
      "请调整robots协议，或提供可访问的年度报告栏目地址",
    ],
    [
      "column_moved",
      "无法核实：未能找到年度报告栏目（原栏目地址无法访问或已变更）",
      "请提供可访问的年度报告栏目地址",
    ],
    [
      "failed",
      "无法核实：年度报告栏目页面无法访问（网络错误、超时或服务器错误）",
      "请核实栏目地址和网站运行情况，将在下次检查时再次核实",
    ],
    [
      "budget_list_pages",
      "无法核实：年度报告栏目页面数量或内容异常，本次检查未能读完",
      "将在下次检查时继续核实；如栏目地址有误请予更正",
    ],
  ])(
    "无法核实 when the crawl was stopped by %s: no grade, the reason and what would resolve it",
    (kind, reason, resolve) => {
      const result = grade(missingInput({ coverage: [incomplete("2025-03-01T02:00:00Z", kind)] }));
      expect([result.state, result.letter, result.label, result.stateReason, result.resolve]).toEqual([
        "unverifiable",
        "—",
        "无法核实",
        reason,
        resolve,
      ]);
      expect(result.dimensions.every((d) => d.scored === false)).toBe(true);
    },
  );

  it("无法核实 when the lists were read whole but a report link could not be read (robots.txt)", () => {
    const crawl = {
      finishedAt: "2025-03-01T02:00:00Z",
      complete: true,
      reasons: [{ url: "http://mz.example.gov.cn/ndbg/2024.html", kind: "report_link_robots", detail: "…" }],
    };
    const result = grade(missingInput({ coverage: [crawl] }));
    expect([result.state, result.stateReason, result.resolve]).toEqual([
      "unverifiable",
      "无法核实：已发现年度报告链接，但网站的robots协议禁止读取",
      "请调整robots协议，允许读取年度报告",
    ]);
  });

  it("无法核实 before any complete crawl after the deadline (a crawl before it proves nothing)", () => {
    const result = grade(missingInput({ coverage: [complete("2025-01-20T02:00:00Z")] }));
    expect([result.state, result.stateReason]).toEqual([
      "unverifiable",
      "无法核实：截止日期后尚未完成对该机关年度报告栏目的完整检查",
    ]);
  });

  it("报告链接失效 only after crawls at least 14 days apart while the host answered", () => {
    const dead = (lastDeadAt: string, hostAnswered = true) => ({
      url: "http://mz.example.gov.cn/zwgk/ndbg/1.html",
      title: "2024年政府信息公开工作年度报告",
      firstDeadAt: "2025-03-01T02:00:00Z",
      lastDeadAt,
      hostAnswered,
    });
    const gone = grade(missingInput({ deadLinks: [dead("2025-03-15T02:00:00Z")] }));
    expect([gone.state, gone.letter, gone.stateReason]).toEqual([
      "not_found",
      "F",
      "报告链接失效：2025-03-01至2025-03-15多次检查均无法打开（网站其他页面正常）",
    ]);
    expect(grade(missingInput({ deadLinks: [dead("2025-03-10T02:00:00Z")] })).state).toBe("unverifiable");
    expect(grade(missingInput({ deadLinks: [dead("2025-03-20T02:00:00Z", false)] })).state).toBe(
      "unverifiable",
    );
  });

  it("未纳入监测 outside the monitoring window", () => {
    const result = grade(missingInput({ unmonitored: true }));
    expect([result.state, result.letter, result.label]).toEqual(["not_monitored", "—", "未纳入监测"]);
  });
});
