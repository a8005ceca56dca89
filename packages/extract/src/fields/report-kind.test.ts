import { describe, expect, it } from "vitest";
import type { ExtractedSection } from "../types.js";
import { judgeReportKind } from "./report-kind.js";

const section = (key: string): ExtractedSection => ({ key, title: key, text: "" });
const base = {
  title: null,
  labels: "政府信息公开年报",
  text: "",
  sections: [] as ExtractedSection[],
  hasTables: false,
  modernForm: false,
};

describe("judgeReportKind: a report from its content, refusals with their reason", () => {
  it("refuses a 函 filed in the annual-report column (平潭 2014), by its title or its body", () => {
    const letter = {
      ...base,
      text: "省政府办公厅： 根据《福建省人民政府办公厅关于做好2014年政府信息公开工作要点落实情况督查及政府信息公开工作年度报告有关事项的通知》（闽政办函〔2014〕130号）要求，现将我区2014年政府信息公开工作要点落实情况函告如下：",
      sections: ["overview", "proactive", "problems", "improvements"].map(section),
    };
    expect(judgeReportKind({ ...letter, title: "关于2014年政府信息公开工作要点落实情况的函" })).toEqual({
      isReport: false,
      notReport: "a 函 (a letter), not a report: 「关于2014年政府信息公开工作要点落实情况的函」",
    });
    expect(judgeReportKind(letter)).toEqual({
      isReport: false,
      notReport: "a 函 (a letter), not a report: 「函告如下」",
    });
  });

  it("refuses a 工作要点, a 决算, a notice and an analysis of reports, even one naming the reports", () => {
    const reasons = [
      "2024年政务公开工作要点",
      "2023年度部门决算",
      "关于做好2024年政府信息公开工作年度报告编制发布工作的通知",
      "2023年与2024年政府信息公开工作年度报告对比",
    ].map((title) => judgeReportKind({ ...base, title, hasTables: !title.endsWith("通知") }).notReport);
    expect(reasons).toEqual([
      "a 工作要点 (a work plan), not a report: 「2024年政务公开工作要点」",
      "a budget or final accounts (预算/决算), not a report: 「2023年度部门决算」",
      "a 通知/通报 (a notice), not a report: 「关于做好2024年政府信息公开工作年度报告编制发布工作的通知」",
      "an analysis or comparison of reports, not a report: 「2023年与2024年政府信息公开工作年度报告对比」",
    ]);
  });

  it("keeps a notice that prints the report itself (its tables were read)", () => {
    const title = "关于公布2023年度政府信息公开工作年度报告的通知";
    expect(judgeReportKind({ ...base, title, hasTables: true })).toEqual({ isReport: true, notReport: null });
  });

  it("refuses two years' reports printed together, each with its own 一、总体情况", () => {
    const text =
      "2023年度政府信息公开工作年度报告 一、总体情况 2023年，我省……。2024年度政府信息公开工作年度报告 一、总体情况 2024年，我省……。";
    expect(judgeReportKind({ ...base, text, hasTables: true })).toEqual({
      isReport: false,
      notReport: "the reports of several years (2023, 2024) printed together, not one report",
    });
  });

  it("accepts a one-line dump whose tables could not be read: the 2021 form and the words of a report", () => {
    const kind = judgeReportKind({
      ...base,
      title: "平潭综合实验区2021年度政府信息公开工作年度报告",
      text: "根据《中华人民共和国政府信息公开条例》…编制完成了本报告。",
      modernForm: true,
    });
    expect(kind).toEqual({ isReport: true, notReport: null });
  });

  it("still refuses a page without the words or headings of a report", () => {
    expect(
      judgeReportKind({ ...base, labels: "", title: "关于开展安全生产检查的情况", text: "检查情况如下。" }),
    ).toEqual({
      isReport: false,
      notReport: "does not read as a government information disclosure annual report",
    });
  });
});
