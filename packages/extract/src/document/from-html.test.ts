import { describe, expect, it } from "vitest";
import type { Block, TableGrid } from "../types.js";
import { htmlToDocument } from "./from-html.js";
import { textToDocument } from "./from-text.js";

const texts = (blocks: Block[]) =>
  blocks.filter((b) => b.kind === "text").map((b) => (b as { text: string }).text);
const grid = (t: TableGrid) => t.rows.map((row) => row.map((c) => c.text));

describe("htmlToDocument", () => {
  it("takes the article container, not navigation, related links or footer", () => {
    const doc = htmlToDocument(
      `<html><body><ul class="nav"><li><a href="/">首页</a></li></ul>
       <div id="zoom"><p>一、总体情况</p><p>本年度共收到申请<span>1</span><span>2</span>件。这一段足够长，以便被识别为正文内容而不是导航栏或页脚的文字。再写一些文字凑足长度。</p>
       <p style="display:none">隐藏的文字</p><script>var x = "脚本";</script></div>
       <div class="footer">版权所有 某某市人民政府</div></body></html>`,
      "utf-8",
    );
    expect(texts(doc.blocks)).toEqual([
      "一、总体情况",
      "本年度共收到申请12件。这一段足够长，以便被识别为正文内容而不是导航栏或页脚的文字。再写一些文字凑足长度。",
    ]);
  });

  it("falls back to the block with the most non-link text", () => {
    const links = Array.from(
      { length: 30 },
      (_, i) => `<li><a href="/${i}">栏目链接${i}号的标题文字</a></li>`,
    ).join("");
    const body = "二〇二四年本机关依法公开政府信息，".repeat(20);
    const doc = htmlToDocument(
      `<html><body><div class="menu"><ul>${links}</ul></div><div class="main"><div class="box"><div class="wen">${body}</div></div></div><div>联系我们</div></body></html>`,
      "utf-8",
    );
    expect(texts(doc.blocks)).toEqual([body]);
  });

  it("reads the 信息公开 header table as metadata in its usual shapes and removes it", () => {
    const doc = htmlToDocument(
      `<html><head><meta name="ArticleTitle" content="某局2024年政府信息公开工作年度报告"><meta name="PubDate" content="2025-01-21 09:30"></head><body>
       <table><tr><td>索 引 号：</td><td>000014349/2026-00066</td><td><b>发布机构：</b>某市某局</td></tr>
       <tr><td>主题分类</td><td>年度报告</td><td>成文日期：</td><td>2025年01月20日</td></tr>
       <tr><td>文&nbsp;&nbsp;号：</td><td>某政办〔2025〕1号</td><td>有效性：</td><td>有效</td></tr></table>
       <div class="TRS_Editor"><p>${"正文内容。".repeat(30)}</p></div></body></html>`,
      "utf-8",
    );
    expect(doc.title).toBe("某局2024年政府信息公开工作年度报告");
    expect(doc.site).toEqual({
      indexNo: "000014349/2026-00066",
      publisher: "某市某局",
      catalogue: "年度报告",
      writtenDate: "2025年01月20日",
      documentNo: "某政办〔2025〕1号",
      metaPublishDate: "2025-01-21 09:30",
    });
  });

  it("resolves rowspan and colspan into a rectangular grid", () => {
    const doc = htmlToDocument(
      `<div class="TRS_Editor"><p>${"说明文字。".repeat(30)}</p><table>
        <tr><td rowspan="2">甲</td><td colspan="2">乙</td></tr>
        <tr><td>1</td><td>2</td></tr>
        <tr><td>丙</td><td>3</td><td></td></tr></table></div>`,
      "utf-8",
    );
    const table = doc.blocks.find((b) => b.kind === "table");
    expect(table && table.kind === "table" && grid(table.table)).toEqual([
      ["甲", "乙", "乙"],
      ["甲", "1", "2"],
      ["丙", "3", ""],
    ]);
  });

  it("treats tables that hold tables as layout and keeps their text", () => {
    const doc = htmlToDocument(
      `<body><table><tr><td><p>${"外层布局表格里的正文。".repeat(12)}</p><table><tr><td>名</td><td>值</td></tr><tr><td>甲</td><td>1</td></tr></table></td></tr></table></body>`,
      "utf-8",
    );
    expect(doc.blocks.map((b) => b.kind)).toEqual(["text", "table"]);
  });

  it("uses the startprint/endprint markers when a page has them", () => {
    const doc = htmlToDocument(
      `<body><div>导航 导航 导航</div><!--startprint--><p>${"打印区正文。".repeat(20)}</p><!--endprint--><div>${"页脚很长的文字。".repeat(40)}</div></body>`,
      "utf-8",
    );
    expect(texts(doc.blocks)).toEqual(["打印区正文。".repeat(20)]);
  });
});

describe("textToDocument", () => {
  it("reads a flattened header at the top as metadata", () => {
    const doc = textToDocument(
      "索引号 | 01526257-2-/2016-1230002 | 发布机构 | 龙陵县民政局 |\n公开目录 | 年度报告 | 发布日期 | 2016-12-30 |\n文号 | 浏览量 |\n正文第一行\n\n正文第二行",
      "utf-8",
    );
    expect(doc.site).toEqual({
      indexNo: "01526257-2-/2016-1230002",
      publisher: "龙陵县民政局",
      catalogue: "年度报告",
      publishDate: "2016-12-30",
    });
    expect(texts(doc.blocks)).toEqual(["正文第一行", "正文第二行"]);
  });
});
