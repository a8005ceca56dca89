import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { crawl } from "./crawl.js";
import { type Page, type Routes, useLoopback } from "./testing/loopback-sites.js";

const loopback = useLoopback();
const html = (body: string, head = "") =>
  `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`;
const encoded = (text: string, encoding: string, type = "text/html"): Page => ({
  type,
  body: iconv.encode(text, encoding),
});
const entry = (href: string, title: string) =>
  `<ul><li><a href="${href}" title="${title}">${title}</a><span>2024-01-20</span></li></ul>`;

// GBK with no charset anywhere (neither header nor <meta>).
const GBK_TITLE = "清河县水利局2023年政府信息公开工作年度报告";
// A name with a character GBK does not have (U+9FCF, four bytes in GB18030), declared as gb2312.
const GB18030_TITLE = "临江市鿏镇人民政府2023年政府信息公开工作年度报告";
// A Big5 article, no charset anywhere: its attachment is named in traditional script.
const BIG5_NAME = "根據《中華人民共和國政府資訊公開條例》現公布本縣政府資訊公開工作年度報告.pdf";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

const routes: Routes = (path) => {
  switch (path) {
    case "/gbk/":
      return encoded(html(entry("/gbk/a.html", GBK_TITLE)), "gbk");
    case "/gbk/a.html":
      return encoded(html(`<h1>${GBK_TITLE}</h1>`), "gbk");
    case "/gb18030/":
      return encoded(html(entry("/gb18030/a.html", GB18030_TITLE)), "gb18030", "text/html; charset=gb2312");
    case "/gb18030/a.html":
      return encoded(html(`<h1>${GB18030_TITLE}</h1>`), "gb18030", "text/html; charset=gb2312");
    case "/big5/":
      return {
        type: "text/html; charset=utf-8",
        body: html(entry("/big5/a.html", "五原县民政局2023年政府信息公开工作年度报告")),
      };
    case "/big5/a.html":
      return encoded(html(`<p>附件：<a href="/big5/report.pdf">${BIG5_NAME}</a></p>`), "big5");
    case "/big5/report.pdf":
      return { type: "application/pdf", body: PDF };
  }
  return undefined;
};

describe("pages in Chinese encodings, decoded by extract's decoder on the way through the crawler", () => {
  it("reads GBK without any charset, GB18030 declared as gb2312, and Big5 without any charset", async () => {
    const site = await loopback.site(routes);
    const store = await loopback.store([
      { id: "qinghe-slj", name: "清河县水利局", listUrls: [`${site.origin}/gbk/`] },
      { id: "linjiang-town", name: "临江市鿏镇人民政府", listUrls: [`${site.origin}/gb18030/`] },
      { id: "wuyuan-mzj", name: "五原县民政局", listUrls: [`${site.origin}/big5/`] },
    ]);
    await crawl({ db: store.db, blobs: store.blobs }, { retryBaseDelayMs: 20 });
    const docs = await store.db.selectFrom("documents").selectAll().orderBy("id").execute();
    expect(docs.map((d) => [d.agency_id, d.kind, d.title, d.fetch_state])).toEqual(
      expect.arrayContaining([
        ["qinghe-slj", "article", GBK_TITLE, "fetched"],
        ["linjiang-town", "article", GB18030_TITLE, "fetched"],
        ["wuyuan-mzj", "attachment", BIG5_NAME, "fetched"],
      ]),
    );
    expect(docs).toHaveLength(4);
  });
});
