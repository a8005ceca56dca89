import { describe, expect, it } from "vitest";
import { readAttachments } from "./page-attachments.js";
import { MAX_LINKS_READ } from "./page-links.js";

const PAGE_URL = "http://a.gov.cn/ndbg/202501/t1.html";
const read = (body: string) => readAttachments(`<html><body>${body}</body></html>`, PAGE_URL);
const titled = (body: string) => read(body).attachments.map((a) => [a.url, a.title]);

describe("an article's attachments, read as the page is walked", () => {
  it("titles a link by all the text it holds, across elements, white space folded", () => {
    expect(titled(`<a href="r.pdf"><span>2024年</span>\n  <b>年度报告</b>（PDF）</a>`)).toEqual([
      ["http://a.gov.cn/ndbg/202501/r.pdf", "2024年 年度报告（PDF）"],
    ]);
  });

  it("keeps the links' document order, the embeds after them, each file once (the first title wins)", () => {
    expect(
      titled(
        `<iframe src="/files/e.pdf"></iframe><a href="/files/b.docx">乙</a>
         <p><a href="/files/a.pdf">甲</a><a href="/files/b.docx">乙（重复）</a>
         <a href="javascript:void(0)" onclick="window.open('/files/c.wps')">丙</a></p>
         <object data="/files/a.pdf"></object><embed src="/files/d.xls">`,
      ),
    ).toEqual([
      ["http://a.gov.cn/files/b.docx", "乙"],
      ["http://a.gov.cn/files/a.pdf", "甲"],
      ["http://a.gov.cn/files/c.wps", "丙"],
      ["http://a.gov.cn/files/e.pdf", ""],
      ["http://a.gov.cn/files/d.xls", ""],
    ]);
  });

  it("reads links up to MAX_LINKS_READ, says so, and still reads the embeds and page images after them", () => {
    const links = Array.from({ length: MAX_LINKS_READ + 5 }, (_, i) => `<a href="/f/${i}.pdf">${i}</a>`);
    const page = read(`${links.join("")}<embed src="/files/last.pdf"><img src="/upload/p1.jpg">`);
    expect(page.capped).toBe(true);
    expect(page.attachments.length).toBe(MAX_LINKS_READ + 1);
    expect(page.attachments.at(-2)!.url).toBe(`http://a.gov.cn/f/${MAX_LINKS_READ - 1}.pdf`);
    expect(page.attachments.at(-1)!.url).toBe("http://a.gov.cn/files/last.pdf");
    expect(page.pageImages.map((i) => i.url)).toEqual(["http://a.gov.cn/upload/p1.jpg"]);
    expect(read(links.slice(0, MAX_LINKS_READ).join("")).capped).toBe(false);
  });
});
