import { describe, expect, it } from "vitest";
import { extract } from "./extract-markup.js";

const page = (head: string, infoBar: string) =>
  Buffer.from(
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>淮安市民政局2024年政府信息公开工作年度报告</title>${head}</head>
<body><div class="nav">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<div class="art-title"><h1>淮安市民政局2024年政府信息公开工作年度报告</h1>${infoBar}</div>
<div class="article"><p>淮安市民政局2024年政府信息公开工作年度报告</p>
<p>附件：<a href="/module/download/downfile.jsp?filename=P020250120.pdf">淮安市民政局2024年政府信息公开工作年度报告.pdf</a></p></div>
<div class="footer">主办单位：淮安市民政局 网站标识码3208000010</div></body></html>`,
  );

const REPORT_BODY =
  "<p>一、总体情况</p><p>" + "本机关认真贯彻落实政府信息公开条例，主动公开政府信息。".repeat(60) + "</p>";

describe("the landing page of an attachment report", () => {
  it("is recognised as such: not a report, no warning, its title, date and the attachment kept", () => {
    const result = extract({
      bytes: page('<meta name="PubDate" content="2025-01-20 09:30">', ""),
      contentType: "text/html",
    });
    expect(result.ok && result.isReport).toBe(false);
    if (!result.ok) return;
    expect(result.attachmentPage).toEqual({
      attachments: ["/module/download/downfile.jsp?filename=P020250120.pdf"],
    });
    expect(result.notReport).toBe("the landing page of an attachment report: the report is its attachment");
    expect(result.warnings).toEqual([]);
    expect(result.metadata).toMatchObject({
      title: "淮安市民政局2024年政府信息公开工作年度报告",
      publishDate: "2025-01-20",
      publishDateSource: "meta-tag",
      year: 2024,
    });
  });

  it("reads 发布时间 from a Hanweb info bar outside the article body", () => {
    const html = page(
      "",
      '<div class="art-info"><span>发布时间：2025-01-24 10:00</span><span>来源：淮安市民政局</span></div>',
    )
      .toString()
      .replace("<p>附件：", `${REPORT_BODY}<p>附件：`);
    const result = extract({ bytes: Buffer.from(html), contentType: "text/html" });
    expect(result.ok && result.metadata.publishDate).toBe("2025-01-24");
    expect(result.ok && result.metadata.publishDateSource).toBe("metadata");
  });

  it("a full report page with an attachment stays a report", () => {
    const html = page("", "").toString().replace("<p>附件：", `${REPORT_BODY}<p>附件：`);
    const result = extract({ bytes: Buffer.from(html), contentType: "text/html" });
    expect(result.ok && result.attachmentPage).toBe(null);
  });
});
