import { describe, expect, it } from "vitest";
import { toReportLines } from "./report-lines.js";
import { findSections } from "./sections.js";

const sectionsOf = (...texts: string[]) =>
  findSections(toReportLines(texts.map((text) => ({ kind: "text", text }))));
const keysOf = (...texts: string[]) => sectionsOf(...texts).map((s) => s.key);

const PREAMBLE =
  "本报告根据《中华人民共和国政府信息公开条例》要求，由某市人民政府办公室编制。本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。";
const BODY_2021 = [
  PREAMBLE,
  "一、总体情况",
  "2024年，我市认真贯彻落实条例要求，推进决策、执行、管理、服务、结果公开。",
  "二、主动公开政府信息情况",
  "三、收到和处理政府信息公开申请情况",
  "四、政府信息公开行政复议、行政诉讼情况",
  "五、存在的主要问题及改进情况",
  "一是政策解读形式不够丰富；二是部分信息发布不够及时。下一步，我们将完善信息发布审核流程。",
];

describe("findSections: 工作考核、社会评议和责任追究结果 (assessment)", () => {
  it("is a section under its own heading, which opens no other section", () => {
    const sections = sectionsOf(
      ...BODY_2021,
      "六、政府信息公开工作考核、社会评议和责任追究结果情况",
      "我市将政务公开工作纳入年度绩效考核，本年度未发生责任追究情况。",
      "七、其他需要报告的事项",
      "本年度未收取信息处理费。",
    );
    expect(sections.map((s) => s.key)).toEqual([
      "overview",
      "proactive",
      "applications",
      "review_litigation",
      "problems",
      "improvements",
      "assessment",
      "other",
    ]);
    expect(sections.find((s) => s.key === "assessment")).toEqual({
      key: "assessment",
      title: "六、政府信息公开工作考核、社会评议和责任追究结果情况",
      text: "六、政府信息公开工作考核、社会评议和责任追究结果情况\n我市将政务公开工作纳入年度绩效考核，本年度未发生责任追究情况。",
    });
  });

  it("is found in a sentence of 其他需要报告的事项, titled by that sentence", () => {
    const sections = sectionsOf(
      ...BODY_2021,
      "六、其他需要报告的事项",
      "本年度未收取信息处理费。我市政府信息公开工作考核结果为优秀，未发生责任追究情况。",
    );
    expect(sections.map((s) => s.key)).toEqual([
      "overview",
      "proactive",
      "applications",
      "review_litigation",
      "problems",
      "improvements",
      "other",
      "assessment",
    ]);
    expect(sections.find((s) => s.key === "assessment")).toEqual({
      key: "assessment",
      title: "我市政府信息公开工作考核结果为优秀，未发生责任追究情况",
      text: "本年度未收取信息处理费。我市政府信息公开工作考核结果为优秀，未发生责任追究情况。",
    });
  });

  it.each([
    ["工作考核", "全市政府信息公开工作考核由市政府办公室组织实施。"],
    ["社会评议", "我市组织开展政务公开社会评议，评议结果在门户网站公布。"],
    ["责任追究", "本年度未发生因政府信息公开工作被责任追究的情况。"],
  ])("is found by the words %s in a sentence of the body", (_words, sentence) => {
    expect(keysOf(...BODY_2021, sentence)).toContain("assessment");
  });

  it("is absent when the report never mentions it, and adds nothing else when present", () => {
    const without = keysOf(...BODY_2021, "六、其他需要报告的事项", "本年度未收取信息处理费。");
    expect(without).not.toContain("assessment");
    const withIt = keysOf(
      ...BODY_2021,
      "六、其他需要报告的事项",
      "本年度未收取信息处理费。本年度未发生责任追究情况。",
    );
    expect(withIt.filter((k) => k !== "assessment")).toEqual(without);
  });

  it("is one section, the first place that states it", () => {
    const sections = sectionsOf(
      ...BODY_2021,
      "六、其他需要报告的事项",
      "本年度政府信息公开工作考核结果为良好。",
      "本年度未发生责任追究情况。",
    );
    expect(sections.filter((s) => s.key === "assessment").map((s) => s.title)).toEqual([
      "本年度政府信息公开工作考核结果为良好",
    ]);
  });

  it("in a report dumped on one line, is titled by the clauses around the words", () => {
    const line =
      "当前位置：首页 政府信息公开年报 本报告由概述、主动公开政府信息情况等部分组成。四、存在的主要问题及改进情况 一是依申请公开工作机制仍需进一步规范，二是宣传力度不够；下一步我们将建立健全政府信息公开社会评议制度、责任追究制度和考核制度，将信息公开评议和考核工作常规化、日常化。";
    const assessment = sectionsOf(line).find((s) => s.key === "assessment");
    expect(assessment?.title).toBe("下一步我们将建立健全政府信息公开社会评议制度、责任追究制度和考核制度");
    expect(assessment?.text).toBe(line);
  });
});
