import { describe, expect, it } from "vitest";
import { aliasedText, titleAgency } from "./agency-evidence.js";

describe("the name a title starts with", () => {
  it("drops year prefixes and keeps 办公厅", () => {
    expect(titleAgency("2019年上海市人民政府办公厅政府信息公开工作年度报告")?.name).toBe(
      "上海市人民政府办公厅",
    );
    expect(titleAgency("二〇一九年上海市科委政府信息公开工作年度报告")?.name).toBe("上海市科委");
    expect(titleAgency("2019年度上海市科委政府信息公开工作年度报告")?.name).toBe("上海市科委");
  });

  it("reads crawler labels and markdown headings", () => {
    expect(titleAgency("标题: 平潭综合实验区2011年政府信息公开工作年度报告")).toEqual({
      name: "平潭综合实验区",
      start: 0,
      end: 7,
      bare: true,
    });
    expect(titleAgency("# 沐阳县人民政府 2025 年 政府信息公开工作年度报告")?.name).toBe("沐阳县人民政府");
  });

  it("a title that starts with the year or 关于 names no one", () => {
    expect(titleAgency("2024 年政府信息公开工作年度报告")).toBeNull();
    expect(titleAgency("关于2014年政府信息公开工作要点落实情况的函")).toBeNull();
  });
});

describe("the name given an alias", () => {
  const byRegex = (text: string) => /([\u4e00-\u9fff]{4,30})[（(]以下简称/.exec(text)?.[1];

  it("is what the regular expression it stands for gives", () => {
    const texts = [
      "淮安市人民政府办公室（以下简称市政府办）负责编制本报告。",
      "本报告由平潭综合实验区管理委员会(以下简称管委会)编制",
      "区政府（以下简称区府）与淮安市洪泽区民政局（以下简称区民政局）",
      "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五（以下简称",
      "以下简称；（以下简称）省（以下简称",
      "abc淮安市民政局(以下简称",
      "",
    ];
    for (const text of texts) expect(aliasedText(text), text).toBe(byRegex(text));
    // 区政府 has three characters: the next alias is taken, with what runs into it.
    expect(aliasedText(texts[2]!)).toBe("与淮安市洪泽区民政局");
  });
});
