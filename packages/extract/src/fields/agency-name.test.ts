import { describe, expect, it } from "vitest";
import { findAgency, printsNearly } from "./agency-name.js";
import type { ReportLine } from "./report-lines.js";

function lines(...texts: string[]): ReportLine[] {
  return texts.map((text, block) => ({ text, parse: text, block }));
}

// pingtan-zone-2011: a crawler's header, then the whole report on one line.
const ZONE_2011_HEADER = [
  "标题: 平潭综合实验区2011年政府信息公开工作年度报告",
  "发布机构: 平潭综合实验区管委会办公室",
];
const ZONE_2011_BODY = [
  "当前位置： 首页政务公开政府信息公开政府信息公开年报 平潭综合实验区2011年政府信息公开工作年度报告 来源：平潭综合实验区管委会办公室 时间：2012-04-11 00:00",
  "本报告主要根据《中华人民共和国政府信息公开条例》（以下简称《条例》）以及平潭综合实验区管委会及各工作部门、平潭县人民政府、平潭县各乡镇人民政府的政府信息公开年度报告编制。",
  "如对本报告有任何疑问，请与平潭综合实验区管委会信息公开工作办公室联系（地址：平潭综合实验区管委会办公室；邮编：350400）。",
  "一、 概述 推进政府信息公开工作是平潭县贯彻实施《中华人民共和国政府信息公开工作条例》的重要举措，是平潭综合实验区管委会推进“服务政府、法治政府、责任政府”建设的一项重要工作。",
];
// pingtan-letter-2014: a 函 to the province, signed by the zone's office.
const LETTER = [
  "当前位置： 首页政务公开政府信息公开政府信息公开年报 关于2014年政府信息公开工作要点落实情况的函 来源：平潭县人民政府 时间：2014-12-10 00:00",
  "省政府办公厅： 根据《福建省人民政府办公厅关于做好2014年政府信息公开工作要点落实情况督查及政府信息公开工作年度报告有关事项的通知》（闽政办函〔2014〕130号）要求，现将我区2014年政府信息公开工作要点落实情况函告如下：",
  "4、建立政府信息梳理和归档、报送制度，在区行政服务中心增设集中查询窗口，为公众提供便捷服务。",
  "平潭综合实验区管委会办公室",
  "2014年12月10日 附件下载",
];

describe("findAgency", () => {
  it("takes the title's name without its year prefix", () => {
    const title = "2019年上海市人民政府办公厅政府信息公开工作年度报告";
    const body =
      "2019年，上海市人民政府办公厅坚持以习近平新时代中国特色社会主义思想为指导，严格落实党中央、国务院关于全面推进政务公开工作的部署";
    expect(findAgency(title, {}, lines(title, body))).toEqual({
      name: "上海市人民政府办公厅",
      source: "title",
      confidence: 0.95,
    });
  });

  it("completes a zone's bare title name with its 管委会, in one line or many, header parsed or not", () => {
    const expected = { name: "平潭综合实验区管委会", source: "title" };
    expect(findAgency(null, {}, lines(...ZONE_2011_HEADER, ZONE_2011_BODY.join(" ")))).toMatchObject(
      expected,
    );
    expect(findAgency(null, {}, lines(...ZONE_2011_HEADER, ...ZONE_2011_BODY))).toMatchObject(expected);
    const parsed = findAgency(
      "平潭综合实验区2011年政府信息公开工作年度报告",
      { publisher: "平潭综合实验区管委会办公室" },
      lines(...ZONE_2011_BODY),
    );
    expect(parsed).toMatchObject(expected);
  });

  it("takes the zone's 管委会 from its office's 发布机构 when the text never prints it", () => {
    const title = "标题: 平潭综合实验区2024年度政府信息公开工作年度报告";
    const body = "一、总体情况 2024年，平潭综合实验区坚持以习近平新时代中国特色社会主义思想为指导";
    expect(findAgency(title, {}, lines(title, "发布机构: 平潭综合实验区管委会办公室", body))).toMatchObject({
      name: "平潭综合实验区管委会",
      source: "title",
    });
    // No body printed at all: the zone itself, less sure.
    expect(findAgency(title, {}, lines(title, body))).toEqual({
      name: "平潭综合实验区",
      source: "title",
      confidence: 0.82,
    });
  });

  it("a letter is signed by its author, not by the body it cites or the site it is posted on", () => {
    expect(findAgency(null, {}, lines(...LETTER))).toEqual({
      name: "平潭综合实验区管委会办公室",
      source: "signature",
      confidence: 0.85,
    });
    expect(findAgency(null, {}, lines(LETTER.join(" ")))).toMatchObject({
      name: "平潭综合实验区管委会办公室",
      source: "signature",
    });
  });

  it("site chrome alone is weak evidence", () => {
    expect(findAgency(null, {}, lines(LETTER[0]!))).toEqual({
      name: "平潭县人民政府",
      source: "metadata",
      confidence: 0.3,
    });
  });

  it("prefers the longest name printed where the shorter is its suffix", () => {
    const title = "洪泽区人民政府2024年政府信息公开工作年度报告";
    expect(
      findAgency(
        title,
        {},
        lines(title, "本报告由淮安市洪泽区人民政府办公室编制。2024年，淮安市洪泽区人民政府坚持以习近平"),
      ),
    ).toMatchObject({ name: "淮安市洪泽区人民政府", source: "title" });
  });

  it("reads a name line above the title, before the office that compiled the report", () => {
    const text = lines(
      "淮安市人民政府",
      "2024 年政府信息公开工作年度报告",
      "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第711号）（以下简称《条例》）规定编制。",
    );
    expect(findAgency("2024 年政府信息公开工作年度报告", {}, text)).toEqual({
      name: "淮安市人民政府",
      source: "title",
      confidence: 0.9,
    });
  });

  it("falls back on the preamble, the contact and the body", () => {
    expect(
      findAgency(null, {}, lines("2013年, 凌源市人民政府深入贯彻落实《中华人民共和国政府信息公开条例》")),
    ).toMatchObject({ name: "凌源市人民政府", source: "preamble" });
    expect(findAgency(null, {}, lines("如对本报告有疑问，请与五原县民政局联系。"))).toMatchObject({
      name: "五原县民政局",
      source: "contact",
    });
    expect(
      findAgency(
        null,
        {},
        lines("根据市政务公开办年度工作任务部署要求,吉林市民政局对所辖政府信息公开工作有效组织"),
      ),
    ).toEqual({ name: "吉林市民政局", source: "body", confidence: 0.4 });
  });

  it("a printed registry hint wins", () => {
    expect(findAgency(null, {}, lines("2013年, 凌源市人民政府深入贯彻"), "凌源市人民政府")).toEqual({
      name: "凌源市人民政府",
      source: "hint",
      confidence: 0.95,
    });
  });

  it("in a report read by OCR, the hint wins when the title prints it with one character misread", () => {
    const title = lines("准安市人民政府2022年政府信息公开工作年度报告", "一、总体情况");
    expect(findAgency(null, {}, title, "淮安市人民政府", true)).toEqual({
      name: "淮安市人民政府",
      source: "hint",
      confidence: 0.9,
    });
    // A typed report names its own agency: one character apart is another agency.
    expect(findAgency(null, {}, title, "淮安市人民政府")?.name).toBe("准安市人民政府");
    // Two characters apart, or a name too short to tell from its neighbours, is not the hint.
    expect(findAgency(null, {}, lines("准宁市人民政府2022年年度报告"), "淮安市人民政府", true)?.name).toBe(
      "准宁市人民政府",
    );
    expect(printsNearly("城区政府2022年年度报告", "郊区政府")).toBe(false);
    expect(printsNearly("准安市人民政府2022年", "淮安市人民政府")).toBe(true);
  });
});
