import { describe, expect, it } from "vitest";
import { titleAgency } from "./agency-evidence.js";

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
