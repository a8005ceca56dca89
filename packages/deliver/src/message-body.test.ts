import { describe, expect, it } from "vitest";
import { messageSubject } from "./compose.js";
import { changesBetween } from "./corrections.js";
import { messageHtml, messageText } from "./message-body.js";
import type { Statement } from "./statement.js";

const statement = (findings: string[], letter = "C", score = 65): Statement => ({
  scopeKind: "jurisdiction",
  scopeId: "qinghe",
  name: '清河县<script>alert("x")</script>',
  year: 2024,
  summaryPage: "jurisdictions/qinghe/2024.html",
  files: [],
  agencies: [
    {
      agencyId: "a",
      name: "<b>某局</b>",
      state: "graded",
      letter,
      score,
      findings,
      cardPage: "cards/a/2024.html",
    },
  ],
});

describe("message bodies", () => {
  it("escape everything from the store in the HTML and keep it as written in the text", () => {
    const s = statement(['表三"总计"<img src=x onerror=alert(1)>']);
    const html = messageHtml(s, { siteUrl: "https://gk.example.gov.cn/touming" });
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain("&lt;b&gt;某局&lt;/b&gt;");
    expect(html).toContain('<a href="https://gk.example.gov.cn/touming/cards/a/2024.html">');
    expect(messageText(s, { siteUrl: "https://gk.example.gov.cn/touming" })).toContain(
      '  - 表三"总计"<img src=x onerror=alert(1)>\n  报告卡：https://gk.example.gov.cn/touming/cards/a/2024.html\n',
    );
  });

  it("name a jurisdiction by its region, an agency by its full name", () => {
    const jurisdiction = { scopeKind: "jurisdiction" as const, name: "清河县人民政府", year: 2024 };
    expect(messageSubject(jurisdiction, false)).toBe(
      "【透明】清河县 2024年度政府信息公开工作年度报告评估结果",
    );
    expect(messageSubject({ ...jurisdiction, scopeKind: "agency", name: "清河县人民政府" }, false)).toBe(
      "【透明】清河县人民政府 2024年度政府信息公开工作年度报告评估结果",
    );
  });

  it("keep a line break in a name out of the subject", () => {
    expect(messageSubject({ name: "清河县\r\nBcc: x@y.cn", year: 2024 }, true)).toBe(
      "【透明】【更正】清河县 Bcc: x@y.cn 2024年度政府信息公开工作年度报告评估结果",
    );
  });

  it("a 更正 names the old and new result and the problems added and gone", () => {
    expect(changesBetween(statement(["甲", "乙"]), statement(["乙", "丙"], "B", 81))).toEqual([
      "<b>某局</b>：C（65分） → B（81分）。原因：新增问题：丙。不再存在的问题：甲。",
    ]);
    expect(changesBetween(statement(["甲"]), statement(["甲"]))).toEqual([]);
  });

  it("a 更正 after a review says what the review changed", () => {
    const before = statement(["表四勾稽关系不成立"], "B", 89);
    const after = statement([], "A", 100);
    after.agencies[0]!.reviews = ["已撤销“表四勾稽关系不成立”（市政务公开办 张三：原表已更正）：不再扣分"];
    expect(changesBetween(before, after)).toEqual([
      "<b>某局</b>：B（89分） → A（100分）。原因：经复核：已撤销“表四勾稽关系不成立”（市政务公开办 张三：原表已更正）：不再扣分。不再存在的问题：表四勾稽关系不成立。",
    ]);
  });
});
