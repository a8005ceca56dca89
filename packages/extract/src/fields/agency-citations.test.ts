import { describe, expect, it } from "vitest";
import { mentionRole } from "./agency-citations.js";
import { agencyMentions } from "./agency-mentions.js";

/** The role of every mention in a real snippet. */
function roles(text: string): [string, string][] {
  return agencyMentions(text).map((m) => [m.name, mentionRole(text, m)]);
}

describe("mention roles", () => {
  it("a body whose notice the report cites is not the author", () => {
    expect(
      roles(
        "省政府办公厅： 根据《福建省人民政府办公厅关于做好2014年政府信息公开工作要点落实情况督查及政府信息公开工作年度报告有关事项的通知》（闽政办函〔2014〕130号）要求",
      ),
    ).toEqual([["福建省人民政府办公厅", "cited"]]);
    expect(roles("根据长治市人民政府办公厅要求")).toEqual([["长治市人民政府办公厅", "cited"]]);
  });

  it("来源 names the web site, an opening colon an addressee", () => {
    expect(
      roles("关于2014年政府信息公开工作要点落实情况的函 来源：平潭县人民政府 时间：2014-12-10 00:00"),
    ).toEqual([["平潭县人民政府", "chrome"]]);
    expect(roles("福建省人民政府办公厅：根据")).toEqual([["福建省人民政府办公厅", "addressee"]]);
  });

  it("a name in plain text is plain", () => {
    expect(roles("是平潭综合实验区管委会推进“服务政府、法治政府、责任政府”建设的一项重要工作")).toEqual([
      ["平潭综合实验区管委会", "plain"],
    ]);
  });
});
