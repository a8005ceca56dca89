import type { GradeInput, GradedCheck, GradedReport, GradedValue } from "../grade-input.js";

/** A county department: its 2024 report was due on 2025-01-31. */
export const DEPARTMENT = {
  id: "d",
  name: "某县民政局",
  level: "department",
  siteUrl: "http://mz.example.gov.cn/",
  listUrls: ["http://mz.example.gov.cn/zwgk/ndbg/"],
  deadlineOverride: null,
};

const NARRATIVE =
  "2024年，我局认真贯彻落实条例要求，推进决策、执行、管理、服务、结果公开，完善信息公开指南和目录，加强政策解读。";
const PROBLEMS =
  "一是政策解读形式不够丰富，解读的深度和针对性有待加强；二是部分信息发布不够及时，更新频率有待提高。下一步，我们将一是建立政策解读同步机制；二是完善信息发布审核流程，压实信息发布责任，提高发布时效。";

/** The six sections of a 2019/2021-format report, each with its content. */
export const SECTIONS_2021 = [
  { key: "overview", title: "一、总体情况", text: `一、总体情况\n${NARRATIVE}` },
  { key: "proactive", title: "二、主动公开政府信息情况", text: "二、主动公开政府信息情况" },
  { key: "applications", title: "三、收到和处理政府信息公开申请情况", text: "三" },
  { key: "review_litigation", title: "四、政府信息公开行政复议、行政诉讼情况", text: "四" },
  {
    key: "problems",
    title: "五、存在的主要问题及改进情况",
    text: `五、存在的主要问题及改进情况\n${PROBLEMS}`,
  },
  { key: "improvements", title: "五、存在的主要问题及改进情况", text: `五\n${PROBLEMS}` },
  { key: "other", title: "六、其他需要报告的事项", text: "六" },
];

/** Every cell of the three tables, each table printing numbers (`seed` varies them year to year). */
export function fullTables(seed = 1): GradedValue[] {
  const v: GradedValue[] = [];
  for (let i = 0; i < 10; i++) v.push({ key: `proactive.k${i}`, value: i + seed, raw: String(i + seed) });
  for (let i = 0; i < 175; i++)
    v.push({ key: `apply.r${i}`, value: (i % 7) * seed, raw: String((i % 7) * seed) });
  for (let i = 0; i < 15; i++) v.push({ key: `review.k${i}`, value: i % 3, raw: String(i % 3) });
  return v;
}

export const passing = (key: string): GradedCheck => ({
  key,
  severity: "hard",
  status: "pass",
  left: "",
  right: "",
  message: "",
});
export const failing = (key: string, left = "30", right = "28"): GradedCheck => ({
  key,
  severity: "hard",
  status: "fail",
  left,
  right,
  message: `${left} ≠ ${right}`,
});

/** An agency-year with a complete, consistent, on-time 2024 report; override any part. */
export function reportedInput(
  report: Partial<GradedReport> = {},
  rest: Partial<GradeInput> = {},
): GradeInput {
  return {
    agency: DEPARTMENT,
    year: 2024,
    report: {
      format: "2021",
      publishDate: "2025-01-20",
      publishDateSource: "metadata",
      firstSeenAt: "2025-01-21T02:00:00.000Z",
      listedDate: null,
      listedDateSource: null,
      text: NARRATIVE,
      sourceUrl: "http://mz.example.gov.cn/zwgk/ndbg/202501/t20250120_1.html",
      sourceKind: "html",
      scanned: false,
      values: fullTables(),
      sections: SECTIONS_2021,
      checks: ["T3-A:total", "T3-B:granted", "T3-C:total", "T4-A:review"].map(passing),
      ...report,
    },
    previous: null,
    looked: [],
    coverage: [],
    ...rest,
  };
}

/** An agency-year without a report, with what the crawls found. */
export function missingInput(rest: Partial<GradeInput> = {}): GradeInput {
  return {
    agency: DEPARTMENT,
    year: 2024,
    report: null,
    previous: null,
    looked: [{ url: "http://mz.example.gov.cn/zwgk/ndbg/", at: "2025-03-01" }],
    coverage: [],
    ...rest,
  };
}
