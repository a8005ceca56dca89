import { describe, expect, it } from "vitest";
import { attachmentLinks } from "./attachment-links.js";
import { loadHtml } from "./parse-html.js";

describe("attachmentLinks", () => {
  it("lists a page's links to document files by address or text, as written, in order, once each", () => {
    const $ = loadHtml(`<body><a name="top">锚点</a>
      <p><a href=" /P020250120.pdf ">年报</a><a href="javascript:open('/x.pdf')">x.pdf</a>
      <a href="mailto:a@b.cn">报告.pdf</a><a href="/down.jsp?id=7">2024年度报告.docx</a>
      <a href="/list.html">列表</a><a href="/P020250120.pdf">再一次</a><a href="/t.xls?v=2">表</a>
      <svg><a href="/in-svg.ofd"><text>图</text></a></svg><a>年报.pdf</a></p></body>`);
    expect(attachmentLinks($)).toEqual(["/P020250120.pdf", "/down.jsp?id=7", "/t.xls?v=2", "/in-svg.ofd"]);
  });

  it("stops at twenty: more are a page of navigation", () => {
    const links = Array.from({ length: 30 }, (_, i) => `<a href="/f${i}.pdf">${i}</a>`).join("");
    const found = attachmentLinks(loadHtml(`<body>${links}</body>`));
    expect(found).toEqual(Array.from({ length: 20 }, (_, i) => `/f${i}.pdf`));
  });
});
