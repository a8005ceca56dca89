import { describe, expect, it } from "vitest";
import { extract } from "./extract-markup.js";

/** The body of a short 2024 report, as a department's article container holds it. */
const BODY = `<p>临江市民政局2024年政府信息公开工作年度报告</p>
<p>一、总体情况</p><p>2024年，临江市民政局深入贯彻落实《中华人民共和国政府信息公开条例》，全面推进政务公开工作。</p>
<p>二、主动公开政府信息情况</p><p>全年主动公开政府信息120条。</p>
<p>三、收到和处理政府信息公开申请情况</p><p>全年收到申请5件，均已按时办结。</p>
<p>四、政府信息公开行政复议、行政诉讼情况</p><p>未发生行政复议和行政诉讼。</p>
<p>五、存在的主要问题及改进情况</p><p>公开内容不够全面，下一步将加强培训。</p>
<p>六、其他需要报告的事项</p><p>无。</p>`;

const SIGNED = `${BODY}<p>临江市民政局</p><p>2025年1月22日</p>`;

/** A TRS-like article page: `head` inside <head>, `before` and `after` around the article container. */
const page = (parts: { head?: string; before?: string; body?: string; after?: string }) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>临江市民政局2024年政府信息公开工作年度报告</title>${parts.head ?? ""}</head>
<body><div class="top"><a href="/">首页</a> <a href="/xxgk/">政府信息公开</a></div>
${parts.before ?? ""}
<div class="article"><h1>临江市民政局2024年政府信息公开工作年度报告</h1>
<div class="TRS_Editor">${parts.body ?? BODY}</div></div>
${parts.after ?? ""}
<div class="footer">主办单位：临江市民政局 备案号：某ICP备339900号</div></body></html>`;

function publishDate(html: string) {
  const result = extract({
    bytes: new TextEncoder().encode(html),
    url: "http://mzj.linjiang.gov.cn/zwgk/ndbg/202501/t20250124_1.html",
    contentType: "text/html; charset=utf-8",
  });
  if (!result.ok) throw new Error(result.error.message);
  const { publishDate: date, publishDateSource: source } = result.metadata;
  return { date, source };
}

describe("the article page's publish date, wherever the page gives it", () => {
  it("an info bar outside the article container (the held-out page): its 发布时间, not a related list's", () => {
    const related = `<div class="side"><h3>最新发布</h3><ul>
<li><a href="/a/1.html">关于做好冬季救助工作的通知</a><span>发布时间：2024-12-01</span></li>
<li><a href="/a/2.html">临江市民政局2023年政府信息公开工作年度报告</a><span>发布时间：2024-01-20</span></li></ul></div>`;
    const bar = `<div class="info">发布时间：2025-01-24 10:00</div>`;
    expect(publishDate(page({ before: `${related}${bar}` }))).toEqual({
      date: "2025-01-24",
      source: "metadata",
    });
    // Below the article, between its labels and its font-size links.
    const footerBar = `<div class="info">来源：临江市民政局&#12288;发布日期：2025年1月24日&#12288;浏览次数：<span>36</span>&#12288;【字体：<a href="javascript:;">大</a> <a href="javascript:;">中</a>】</div>`;
    expect(publishDate(page({ after: footerBar }))).toEqual({ date: "2025-01-24", source: "metadata" });
    // A label in one cell of a small table, its date in the next.
    const cells = `<table class="info"><tr><td>发布日期：</td><td>2025-01-24</td><td>来源：</td><td>临江市民政局</td></tr></table>`;
    expect(publishDate(page({ before: cells }))).toEqual({ date: "2025-01-24", source: "metadata" });
  });

  it("an info bar outside the startprint region of a page that marks it", () => {
    const html = `<html><body><div class="info">发布时间：2025-01-24 10:00 来源：临江市民政局</div>
<!--startprint--><div>${BODY}</div><!--endprint--><ul><li><a href="/x.html">其他文章</a> 发布时间：2023-05-06</li></ul></body></html>`;
    expect(publishDate(html)).toEqual({ date: "2025-01-24", source: "metadata" });
  });

  it('<meta name="PubDate">', () => {
    const head = `<meta name="PubDate" content="2025-01-24 09:30">`;
    expect(publishDate(page({ head }))).toEqual({ date: "2025-01-24", source: "meta-tag" });
  });

  it("firstpublishedtime, publishdate and article:published_time (an instant read as the day in China)", () => {
    const meta = (tag: string) => publishDate(page({ head: tag }));
    expect(meta(`<meta name="firstpublishedtime" content="2025-01-24 09:30:00">`)).toEqual({
      date: "2025-01-24",
      source: "meta-tag",
    });
    expect(meta(`<meta name="PublishDate" content="2025/01/24">`)).toEqual({
      date: "2025-01-24",
      source: "meta-tag",
    });
    expect(meta(`<meta property="article:published_time" content="2025-01-23T20:00:00Z">`)).toEqual({
      date: "2025-01-24",
      source: "meta-tag",
    });
    // A template left unfilled is no date: the next tag gives it.
    expect(
      meta(
        `<meta name="PubDate" content="{$pubdate}"><meta name="firstpublishedtime" content="2025-01-25 08:00">`,
      ),
    ).toEqual({ date: "2025-01-25", source: "meta-tag" });
  });

  it("a header with 成文日期 and 发布日期: the publish date wins, whichever comes first", () => {
    const header = (first: string, second: string) =>
      `<table class="xxgk_table"><tr><td>索引号：</td><td>11339900/2025-00012</td><td>发布机构：</td><td>临江市民政局</td></tr>
<tr><td>${first}</td><td>${second}</td></tr></table>`;
    const written = "<td>成文日期：</td><td>2025-01-20</td>";
    const published = "<td>发布日期：</td><td>2025-01-24</td>";
    expect(publishDate(page({ before: header(written, published) }))).toEqual({
      date: "2025-01-24",
      source: "metadata",
    });
    expect(publishDate(page({ before: header(published, written) }))).toEqual({
      date: "2025-01-24",
      source: "metadata",
    });
    // The same in an info bar.
    const bar = `<div class="info">成文日期：2025-01-20&#12288;发布日期：2025-01-24</div>`;
    expect(publishDate(page({ before: bar, body: SIGNED }))).toEqual({
      date: "2025-01-24",
      source: "metadata",
    });
  });

  it("a 成文日期 alone is the written date: weaker than a date line in the text, stronger than the signature", () => {
    const bar = `<div class="info">成文日期：2025-01-20</div>`;
    expect(publishDate(page({ before: bar, body: SIGNED }))).toEqual({
      date: "2025-01-20",
      source: "written",
    });
    expect(publishDate(page({ before: bar, body: `<p>2025年1月23日</p>${SIGNED}` }))).toEqual({
      date: "2025-01-23",
      source: "top-line",
    });
  });

  it("a signature-only report: the date under the signature", () => {
    expect(publishDate(page({ body: SIGNED }))).toEqual({ date: "2025-01-22", source: "signature" });
  });

  it("a 发布日期 line in the text beats a date line at the top; the page's own date beats both", () => {
    const body = `<p>2025年1月23日</p><p>发布日期：2025-01-24</p>${SIGNED}`;
    expect(publishDate(page({ body }))).toEqual({ date: "2025-01-24", source: "body" });
    expect(publishDate(page({ body, head: `<meta name="PubDate" content="2025-01-21">` }))).toEqual({
      date: "2025-01-21",
      source: "meta-tag",
    });
  });

  it("a page without any date has none", () => {
    expect(publishDate(page({}))).toEqual({ date: null, source: null });
  });
});
