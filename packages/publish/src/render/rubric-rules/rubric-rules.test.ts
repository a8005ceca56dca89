import path from "node:path";
import {
  type AnyDimension,
  BUILT_IN_DIMENSIONS,
  BUILT_IN_RUBRIC_FILE,
  type Rubric,
  count,
  defineDimension,
  dimensionConfig,
  loadRubric,
  points,
} from "@touming/grade";
import { describe, expect, it } from "vitest";
import type { PageCommon } from "../../output.js";
import { rubricView } from "../rubric-view.js";
import { capDescriptions } from "./caps.js";
import { dimensionRules } from "./index.js";

/** A rubric file shipped with the grade package: `rubric-v1.json`… */
const shipped = (file: string) => loadRubric(path.join(path.dirname(BUILT_IN_RUBRIC_FILE), file));
const rubric = shipped("rubric-v1.json");
const common: PageCommon = {
  rubricVersion: rubric.version,
  rubricTitle: rubric.title,
  generatedOn: "2025-06-01",
  rubricPath: "rubric/v1.html",
  office: null,
};
const rulesOf = (key: string) =>
  dimensionRules(key, rubric[BUILT_IN_DIMENSIONS.find((d) => d.key === key)!.configKey]);

describe("how rubric v1 scores each dimension, in Chinese from its config", () => {
  it("按时发布: the points on time, within 30 days late and beyond", () => {
    expect(rulesOf("timeliness")[0]).toBe("按期发布得20分；逾期30天以内得10分；逾期超过30天得0分");
  });

  it("结构完整: the required sections by their Chinese names, 2.5 points each", () => {
    expect(rulesOf("structure")).toEqual([
      "2019年及以后的年度报告应包含以下6个部分，每部分2.5分：总体情况、主动公开、依申请公开、行政复议和诉讼、问题及改进、其他需要报告的事项",
      "2019年以前的年度报告应包含以下6个部分，每部分2.5分：总体情况、主动公开、依申请公开、收费及减免、行政复议和诉讼、问题及改进",
      "报告写有改进措施的，视为包含问题及改进部分",
      "2019年及以后的年度报告未采用规定格式（缺少统计表）的，主动公开、依申请公开、行政复议和诉讼部分不得分",
    ]);
  });

  it("结构完整 of rubric v2: a government's own report also gives 工作考核、社会评议和责任追究结果", () => {
    const v2 = shipped("rubric-v2.json");
    expect(dimensionRules("structure", v2.structure)).toEqual([
      "2019年及以后的年度报告应包含以下6个部分，每部分2.5分：总体情况、主动公开、依申请公开、行政复议和诉讼、问题及改进、其他需要报告的事项",
      "2019年以前的年度报告应包含以下6个部分，每部分2.5分：主动公开、依申请公开、收费及减免、行政复议和诉讼、问题及改进、其他需要报告的事项",
      "人民政府（本级政府）2019年及以后的年度报告还应包含工作考核、社会评议和责任追究结果部分，缺少的每部分扣2.5分，本项最低0分",
      "报告写有改进措施的，视为包含问题及改进部分",
    ]);
  });

  it("数据公开: each table's points, and the legacy figures", () => {
    expect(rulesOf("data")).toEqual([
      "2019年及以后的年度报告按各统计表已填报单元格所占比例计分：表二5分，表三10分，表四5分；统计表未填任何数字的，视为未公开",
      "2019年及以后的年度报告未按规定格式列表（表二、表三、表四均未找到）的，本项得0分",
      "2019年以前的年度报告按正文所列数据计分，以下4类数据每类5分：主动公开、依申请公开、行政复议和诉讼、收费及减免",
    ]);
  });

  it("数据准确: the hard checks by their Chinese names (never their ids) and the hints' cost", () => {
    const rules = rulesOf("integrity");
    expect(rules.slice(0, 3)).toEqual([
      "核验以下5项勾稽关系：本年新收加上年结转等于办理结果合计加结转下年；各类申请人之和等于总计；各项办理结果之和等于办理结果合计；复议诉讼各项结果之和等于总计；统计数为非负整数",
      "按成立的勾稽关系所占比例计分，全部成立得25分",
      "提示性核验（正文数字与统计表一致、上年结转与上年报告结转下年度一致、现行有效件数与上年衔接）每有一项未通过扣1分，最多扣5分",
    ]);
    expect(rules.join("")).not.toMatch(/[A-Z]/);
  });

  it("数据准确 of a version 2 config: a fixed cost per failed check and the points of nothing to check", () => {
    const config = { ...(rubric.integrity as object), perFailedHard: 5, nothingToCheck: 10 };
    expect(dimensionRules("integrity", config).slice(1, 4)).toEqual([
      "全部成立得25分，每有一项不成立扣5分，最低0分",
      "提示性核验（正文数字与统计表一致、上年结转与上年报告结转下年度一致、现行有效件数与上年衔接）每有一项未通过扣1分，最多扣5分",
      "无可核验的统计数据的，得10分；2019年以前的年度报告正文列有数据的，按数据项数计分，4项及以上得25分，不足4项的按比例计分",
    ]);
  });

  it("内容实质 and 可获取性", () => {
    expect(rulesOf("substance")).toEqual([
      "存在的主要问题5分，改进措施5分：写得具体（不少于40字，且分条列出或写有具体数字）的得满分，较笼统（不少于15字）的得一半，不足15字或未写的不得分",
      "与本机关上年报告相比，正文相似度低于80%的得5分，80%及以上、低于95%的得2分，达到95%的不得分（内容雷同）；没有上年报告可比的得5分",
    ]);
    expect(rulesOf("accessibility")).toEqual([
      "报告为可复制、可检索的文字的得3分，为扫描图像、没有文字层的得0分",
      "报告发布在本机关网站的得2分，未在本机关网站发布的不得分",
    ]);
  });
});

describe("the 评分细则 page's view", () => {
  it("the grade scale with each letter's scores, and the six dimensions with their points", () => {
    const view = rubricView(rubric, BUILT_IN_DIMENSIONS, common);
    expect(view.grades).toEqual([
      { letter: "A", label: "优秀", range: "90分及以上" },
      { letter: "B", label: "良好", range: "80分及以上、不足90分" },
      { letter: "C", label: "合格", range: "70分及以上、不足80分" },
      { letter: "D", label: "基本合格", range: "60分及以上、不足70分" },
      { letter: "F", label: "不合格", range: "不足60分" },
    ]);
    expect(view.dimensions.map((d) => [d.name, d.points])).toEqual([
      ["按时发布", "20"],
      ["结构完整", "15"],
      ["数据公开", "20"],
      ["数据准确", "25"],
      ["内容实质", "15"],
      ["可获取性", "5"],
    ]);
    expect(view.method[2]).toBe("发布期限后未发现年度报告的，各维度均得0分，评为F级（不合格）");
    expect(view.caps).toEqual([]);
    // The page does not link to itself.
    expect(view.rubricPath).toBeNull();
  });

  it("a dimension of no known key is listed with its name and points only", () => {
    const promptness: AnyDimension = defineDimension({
      key: "promptness",
      name: "提前发布",
      configKey: "promptness",
      configSchema: dimensionConfig("promptness", { max: points, daysAhead: count }),
      max: (c) => c.max,
      consistency: () => [],
      grade: () => {
        throw new Error("not graded here");
      },
    });
    const withIt = { ...rubric, promptness: { max: 10, daysAhead: 7 } } as Rubric;
    const view = rubricView(withIt, [...BUILT_IN_DIMENSIONS, promptness], common);
    expect(view.dimensions.at(-1)).toEqual({ name: "提前发布", points: "10", rules: [] });
    expect(view.method[0]).toBe("总分由以下7个维度的得分相加，满分100分");
  });
});

describe("the caps", () => {
  it("are listed by their Chinese descriptions, whatever their kind; an entry without one is left out", () => {
    const caps = {
      hardFailures: [
        { atLeast: 1, maxScore: 89, description: "1至2项硬性勾稽关系不成立的，最高评为良好（89分）" },
        { atLeast: 3, maxScore: 79, description: "3项及以上硬性勾稽关系不成立的，最高评为合格（79分）" },
      ],
      copied: { similarity: 0.95, unchangedShare: 0.8, minValues: 10, maxScore: 69, description: "copied" },
      late: { overDays: 90, maxScore: 79, description: " 逾期超过90天发布的，最高评为合格（79分） " },
    };
    expect(capDescriptions(caps)).toEqual([
      "1至2项硬性勾稽关系不成立的，最高评为良好（89分）",
      "3项及以上硬性勾稽关系不成立的，最高评为合格（79分）",
      "逾期超过90天发布的，最高评为合格（79分）",
    ]);
    expect(capDescriptions([{ description: "逾期超过90天发布的，最高评为合格" }, { maxScore: 69 }])).toEqual([
      "逾期超过90天发布的，最高评为合格",
    ]);
    for (const none of [undefined, null, "上限", 5, {}, []]) expect(capDescriptions(none)).toEqual([]);
    expect(rubricView({ ...rubric, caps } as Rubric, BUILT_IN_DIMENSIONS, common).caps).toHaveLength(3);
  });

  it("of rubric v2: all four, in the file's order", () => {
    const v2 = shipped("rubric-v2.json");
    expect(rubricView(v2, BUILT_IN_DIMENSIONS, { ...common, rubricVersion: "2" }).caps).toEqual([
      "1至2项硬性勾稽关系不成立的，最高评为良好（89分）",
      "3项及以上硬性勾稽关系不成立的，最高评为合格（79分）",
      "正文与上年报告相似度达95%且八成以上统计数据与上年相同的，视为照抄上年报告，最高评为基本合格（69分）",
      "逾期超过90天发布的，最高评为合格（79分）",
    ]);
  });
});
