import type { LookAlike, SampleAgency, SampleReport } from "./world.js";

export interface ListEntry {
  title: string;
  /** When it was published (the list's order); printed beside the link unless `undated`. */
  date: string;
  href: string;
  /** The column shows no date for it (nor does its list API). */
  undated?: boolean;
}

/** The date a list prints beside an entry: none for an undated one. */
const shownDate = (e: ListEntry) => (e.undated ? "" : e.date);

const escape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const truncate = (s: string, n = 18) => (s.length > n ? `${s.slice(0, n)}…` : s);

export const PAGE_SIZE = 5;

function frame(agency: SampleAgency, title: string, body: string, head = ""): string {
  const charset = agency.encoding === "gbk-no-header" ? "gb2312" : "utf-8";
  return `<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}">
<title>${escape(title)}_${escape(agency.name)}</title>
<meta name="SiteName" content="${escape(agency.name)}">${head}
<script>var _hmt=_hmt||[];(function(){var hm=document.createElement("script");})();</script>
</head><body>
<div class="top"><a href="/">${escape(agency.name)}</a> <a href="/">首页</a> <a href="/xxgk/">政府信息公开</a> <a href="/hdjl/">互动交流</a> <a href="/bsfw/">办事服务</a></div>
${body}
<div class="footer">主办单位：${escape(agency.name)} 网站标识码：${agency.regionCode}0001 备案号：某ICP备${agency.regionCode}号</div>
</body></html>`;
}

/**
 * An article page: site header table, the body in the style's container, attachments. A null
 * publishDate leaves the date out of the meta tags and the header table.
 */
export function articlePage(
  agency: SampleAgency,
  report: { title: string; publishDate: string | null; indexNo: string },
  bodyHtml: string,
): string {
  const container =
    agency.style === "hanweb"
      ? 'id="zoom"'
      : agency.style === "vsb"
        ? 'class="v_news_content"'
        : agency.style === "paged" || agency.style.startsWith("json-api")
          ? 'class="article-content"'
          : 'class="TRS_Editor"';
  const pubDate =
    report.publishDate === null ? "" : `\n<meta name="PubDate" content="${report.publishDate} 09:00">`;
  const head = `\n<meta name="ArticleTitle" content="${escape(report.title)}">${pubDate}\n<meta name="ColumnName" content="政府信息公开年报">\n<meta name="ContentSource" content="${escape(agency.name)}">`;
  const dated = report.publishDate === null ? "" : `<td>发布日期：</td><td>${report.publishDate}</td>`;
  const info = `<table class="xxgk_table"><tbody>
<tr><td>索&nbsp;&nbsp;引&nbsp;&nbsp;号：</td><td>${report.indexNo}</td><td>发布机构：</td><td>${escape(agency.name)}</td></tr>
<tr><td>公开目录：</td><td>政府信息公开年报</td>${dated}</tr>
<tr><td>文&nbsp;&nbsp;&nbsp;&nbsp;号：</td><td></td><td>有&nbsp;效&nbsp;性：</td><td>有效</td></tr></tbody></table>`;
  const body = `<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; 政府信息公开年报</div>
${info}
<div class="article"><h1>${escape(report.title)}</h1>
<!--startprint--><div ${container}>${bodyHtml}</div><!--endprint-->
<div class="tools"><a href="javascript:window.print()">【打印本页】</a><a href="javascript:window.close()">【关闭窗口】</a></div></div>
<div class="related"><h3>相关文章</h3><ul><li><a href="/">关于做好政务公开工作的通知</a></li></ul></div>`;
  return frame(agency, report.title, body, head);
}

function listItems(entries: readonly ListEntry[]): string {
  return entries
    .map(
      (e) =>
        `<li><a href="${e.href}" target="_blank" title="${escape(e.title)}">${escape(truncate(e.title))}</a><span class="date">${shownDate(e)}</span><script>if(0){document.write("<em>new</em>")}</script><div style="display:none"><a href="/zwgk/">相关</a></div></li>`,
    )
    .join("\n");
}

export function pageCount(entries: readonly ListEntry[]): number {
  return Math.max(1, Math.ceil(entries.length / PAGE_SIZE));
}

/** TRS list: `index.html`, `index_1.html`…, pager by createPageHTML(count, current, "index", "html"). */
export function trsListPage(
  agency: SampleAgency,
  entries: readonly ListEntry[],
  page: number,
  prefix = "index",
): string {
  const slice = entries.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  return frame(
    agency,
    "政府信息公开年报",
    `<div class="list"><h2>政府信息公开年报</h2><ul class="list_ul">${listItems(slice)}</ul>
<div class="page"><script language="JavaScript">createPageHTML(${pageCount(entries)}, ${page}, "${prefix}", "html");</script></div></div>`,
  );
}

/** Hanweb column: the first records inside <script type="text/xml"> CDATA (twice: PC and mobile). */
export function hanwebColumnPage(
  agency: SampleAgency,
  entries: readonly ListEntry[],
  columnId: string,
): string {
  const first = entries.slice(0, PAGE_SIZE);
  const store = hanwebDatastore(first, entries.length);
  return frame(
    agency,
    "政府信息公开年报",
    `<div class="main"><h2>政府信息公开年报</h2><div id="${columnId}"><script type="text/xml">${store}</script></div>
<div class="mobile" style="display:none"><script type="text/xml">${store}</script></div>
<script type="text/javascript">$(function(){ $('#${columnId}').jpage({ dataStore: "", proxyUrl: "/module/web/jpage/dataproxy.jsp", perPage: ${PAGE_SIZE}, totalRecord: ${entries.length}, columnId: "${columnId}", unitId: "1", webId: "1" }); });</script></div>`,
  );
}

export function hanwebDatastore(entries: readonly ListEntry[], total: number): string {
  const records = entries
    .map(
      (e) =>
        `<record><![CDATA[<li><a href="${e.href}" title="${escape(e.title)}" target="_blank">${escape(truncate(e.title))}</a><span>${shownDate(e)}</span></li>]]></record>`,
    )
    .join("");
  return `<datastore><nextgroup><![CDATA[<a href="#">下一页</a>]]></nextgroup><recordset>${records}</recordset><totalrecord>${total}</totalrecord></datastore>`;
}

/** A list paged with ?page=N and 下一页 links. */
export function pagedListPage(agency: SampleAgency, entries: readonly ListEntry[], page: number): string {
  const count = pageCount(entries);
  const slice = entries.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const next = page < count ? `<a class="next" href="?page=${page + 1}">下一页</a>` : "";
  const prev = page > 1 ? `<a href="?page=${page - 1}">上一页</a>` : "";
  return frame(
    agency,
    "年度报告",
    `<div class="news-list"><ul>${listItems(slice)}</ul><div class="pager">${prev} 第${page}页 共${count}页 ${next}</div></div>`,
  );
}

/** A shell whose list comes from a JSON API (gkmlpt-style). */
export function jsonShellPage(agency: SampleAgency, apiPath: string): string {
  return frame(
    agency,
    "政府信息公开年报",
    `<div id="app"><ul id="list"></ul></div><script>var api = "${apiPath}"; fetch(api + "?page=1").then(function (r) { return r.json(); }).then(function (d) { /* render */ });</script>`,
  );
}

export function jsonApiPage(entries: readonly ListEntry[], page: number): string {
  const slice = entries.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  return JSON.stringify({
    total: entries.length,
    page,
    articles: slice.map((e) => ({
      title: e.title,
      url: e.href,
      date: shownDate(e),
      display_publish_time: e.undated ? null : Date.parse(`${e.date}T01:00:00Z`) / 1000,
    })),
  });
}

/** Epoch milliseconds of a date's midnight in Beijing (how many list APIs send publication times). */
const beijingMidnight = (date: string) => Date.parse(`${date}T00:00:00+08:00`);

/** The API a `json-api-pageno` column loads its list from. */
export const PAGENO_API = "/api/ndbg/list";
/** The search feed a `json-api-start-rows` column loads its list from. */
export const START_ROWS_API = "/search/ndbg.json";

/** A column whose script loads its list from an API paged by `pageNo` (the script names it only in an object). */
export function jsonPageNoShellPage(agency: SampleAgency): string {
  return frame(
    agency,
    "政府信息公开年报",
    `<div id="list"></div><script>var listApi = "${PAGENO_API}"; $.getJSON(listApi, { pageNo: 1, pageSize: ${PAGE_SIZE} }, function (res) { /* render res.data.list */ });</script>`,
  );
}

/** An API answer paged by `pageNo` and `pageSize` (a `page` parameter is ignored), dates as epoch ms. */
export function jsonPageNoApiPage(entries: readonly ListEntry[], pageNo: number, pageSize: number): string {
  const size = Math.max(1, pageSize);
  return JSON.stringify({
    code: 0,
    message: "ok",
    data: {
      pageNo,
      pageSize: size,
      totalCount: entries.length,
      totalPage: Math.max(1, Math.ceil(entries.length / size)),
      list: entries.slice((pageNo - 1) * size, pageNo * size).map((e, i) => ({
        id: (pageNo - 1) * size + i + 1,
        title: e.title,
        linkUrl: e.href,
        publishTime: e.undated ? null : beijingMidnight(e.date),
      })),
    },
  });
}

/** A column whose script reads a search feed paged by `start` and `rows` (Solr-style). */
export function jsonStartRowsShellPage(agency: SampleAgency): string {
  return frame(
    agency,
    "政府信息公开年报",
    `<div id="list"></div><script>var searchUrl = "${START_ROWS_API}?channelid=2542&start=0&rows=${PAGE_SIZE}"; fetch(searchUrl).then(function (r) { return r.json(); });</script>`,
  );
}

/** A search feed answer: `response.numFound`, `response.start` and the `docs`, TRS field names in capitals. */
export function jsonStartRowsApiPage(entries: readonly ListEntry[], start: number, rows: number): string {
  return JSON.stringify({
    responseHeader: { status: 0, QTime: 3, params: { start: String(start), rows: String(rows) } },
    response: {
      numFound: entries.length,
      start,
      docs: entries.slice(start, start + Math.max(0, rows)).map((e) => ({
        DOCTITLE: e.title,
        DOCPUBURL: e.href,
        DOCRELTIME: e.undated ? "" : `${e.date} 09:30:00`,
      })),
    },
  });
}

/** 博达 VSB: first page `ndbg.htm`, then `ndbg/N.htm` counting down; 下页 and 尾页 links. */
export function vsbListPage(agency: SampleAgency, entries: readonly ListEntry[], page: number): string {
  const count = pageCount(entries);
  const slice = entries.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const href = (p: number) => (p === 1 ? "/xxgk/ndbg.htm" : `/xxgk/ndbg/${count - p + 1}.htm`);
  const links =
    page < count
      ? `<a href="${href(page + 1)}" class="Next">下页</a> <a href="${href(count)}" class="Next">尾页</a>`
      : "";
  return frame(
    agency,
    "年度报告",
    `<table class="winstyle"><tr><td>${listItems(slice)}</td></tr></table><div class="pb_sys_common">共${entries.length}条 ${page}/${count} ${links}</div>`,
  );
}

/** A plain site root with a link chain to the report column (for registries that give only the site). */
export function legacyHome(agency: SampleAgency): string {
  return frame(
    agency,
    "首页",
    `<div class="nav"><a href="/xwzx/">新闻中心</a> <a href="/xxgk/">政府信息公开</a> <a href="/hdjl/">互动交流</a></div><div>欢迎访问${escape(agency.name)}网站</div>`,
  );
}

export function legacyDisclosureHome(agency: SampleAgency): string {
  return frame(
    agency,
    "政府信息公开",
    `<ul class="menu"><li><a href="/xxgk/zn/">政府信息公开指南</a></li><li><a href="/xxgk/zd/">政府信息公开制度</a></li><li><a href="/xxgk/gknb/">政府信息公开年报</a></li><li><a href="/xxgk/fdzdgknr/">法定主动公开内容</a></li></ul>`,
  );
}

export function legacyListPage(agency: SampleAgency, entries: readonly ListEntry[]): string {
  return frame(agency, "政府信息公开年报", `<ul class="gknb">${listItems(entries)}</ul>`);
}

/** The seed reports are plain text; the site shows them one paragraph per line. */
export function textAsArticleBody(text: string): { body: string; header: string[][] } {
  const lines = text.split(/\r?\n/);
  const header: string[][] = [];
  while (lines[0] && /[|｜]/.test(lines[0]) && /(索引号|发布机构|公开目录|文号)/.test(lines[0])) {
    header.push(
      lines
        .shift()!
        .split(/\s*\|\s*/)
        .filter(Boolean),
    );
  }
  const body = lines
    .filter((l) => l.trim() !== "")
    .map((l) => `<p>${escape(l.trim())}</p>`)
    .join("\n");
  return { body, header };
}

export function entriesFor(
  agency: SampleAgency,
  reports: readonly SampleReport[],
  lookAlikes: readonly LookAlike[],
): ListEntry[] {
  const entries: ListEntry[] = [
    ...reports
      .filter((r) => r.agencyId === agency.id)
      .map((r) => ({
        title: r.siteTitle ?? r.title,
        date: r.publishDate,
        href: r.path,
        ...(r.problems.includes("undated") ? { undated: true } : {}),
      })),
    ...lookAlikes
      .filter((l) => l.agencyId === agency.id)
      .map((l) => ({ title: l.title, date: l.date, href: l.path })),
  ];
  return entries.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.href.localeCompare(b.href)));
}

export function antiBotChallenge(): string {
  return `<html><head><meta content="c3Vi7Gv1bm9tLmR4" r='m'><script type="text/javascript" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=88172;$_ts.cd="qEtrrAQlxG";</script><script src="/4QbVtADbnLVIc/d.FxJzG50F.js" r='m'></script></head><body></body></html>`;
}

export function notFoundPage(agency: SampleAgency): string {
  return frame(
    agency,
    "页面不存在",
    `<div class="error"><h2>对不起，您访问的页面不存在或已被删除！</h2><a href="/">返回首页</a></div>`,
  );
}

export function escapeHtml(text: string): string {
  return escape(text);
}
