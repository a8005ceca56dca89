import { describe, expect, it } from "vitest";
import { antiBotReason, redirectShellTarget } from "./anti-bot.js";
import { type NextRequest, readListPage, toListPage } from "./list-patterns/index.js";
import { jsonApiPattern } from "./list-patterns/json-api.js";
import { findAttachments } from "./page-attachments.js";
import { type LinkCandidate, findLinks } from "./page-links.js";
import { decodePage } from "./page-text.js";
import { isAnnualReportTitle, namesOtherAgency, yearFromTitle } from "./report-title.js";
import { parseRobots } from "./robots.js";

describe("report titles", () => {
  it.each([
    ["临江市教育局2023年政府信息公开工作年度报告", true, 2023],
    ["某县2023年度政府信息公开工作报告", true, 2023],
    ["关于某区二〇二三年政府信息公开工作年度报告的公告", true, 2023],
    ["某市政府信息公开年报（2022年）（图片版）", true, 2022],
    ["某局政府信息公开工作年度报告", true, null],
    ["2024年政务公开工作要点", false, 2024],
    ["某局2023年部门决算", false, 2023],
    ["某市2023年统计年报", false, 2023],
    ["某市2023年政府网站工作年度报表", false, 2023],
    ["某市2023年法治政府建设年度报告", false, 2023],
    ["关于印发《政府信息公开工作年度报告格式》的通知", false, null],
  ])("%s → report %s, year %s", (title, report, year) => {
    expect(isAnnualReportTitle(title)).toBe(report);
    expect(yearFromTitle(title)).toBe(year);
  });

  it("recognises another agency's report republished in a department column", () => {
    expect(namesOtherAgency("临江市人民政府2023年政府信息公开工作年度报告", "临江市民政局")).toBe(true);
    expect(namesOtherAgency("临江市民政局2023年政府信息公开工作年度报告", "临江市民政局")).toBe(false);
    expect(namesOtherAgency("2023年政府信息公开工作年度报告", "临江市民政局")).toBe(false);
  });
});

/** The further pages every list pattern together finds on a page (its links given, or read from it). */
function findPagination(html: string, pageUrl: string, links?: LinkCandidate[]): NextRequest[] {
  const page = toListPage(html, pageUrl, "text/html");
  return readListPage(links ? { ...page, links } : page).next;
}

/** A JSON list API's answer as the json-api pattern reads it. */
function readJsonList(body: string, apiUrl: string) {
  const page = toListPage(body, apiUrl, "application/json");
  return { links: jsonApiPattern.findEntries!(page), next: jsonApiPattern.findNext(page)[0]?.url ?? null };
}

describe("links", () => {
  it("prefers a[title] over truncated text and reads the date beside the link", () => {
    const links = findLinks(
      `<ul><li><a href="./202501/t20250120_1.html" title="临江市民政局2024年政府信息公开工作年度报告">临江市民政局2024年政府…</a><span>2025-01-20</span></li></ul>`,
      "http://a.gov.cn/zwgk/ndbg/index.html",
    );
    expect(links).toEqual([
      {
        url: "http://a.gov.cn/zwgk/ndbg/202501/t20250120_1.html",
        title: "临江市民政局2024年政府信息公开工作年度报告",
        date: "2025-01-20",
      },
    ]);
  });

  it("finds links inside Hanweb CDATA records (PC and mobile copies deduplicated) and onclick handlers", () => {
    const record = `<record><![CDATA[<li><a href="/art/2025/1/20/art_1_2.html" title="某局2024年政府信息公开工作年度报告">某局…</a><span>2025-01-20</span></li>]]></record>`;
    const html = `<script type="text/xml"><datastore><recordset>${record}</recordset></datastore></script><script type="text/xml"><datastore><recordset>${record}</recordset></datastore></script><a onclick="window.open('/x/2.html')" href="javascript:void(0)">某局2023年政府信息公开工作年度报告</a>`;
    const links = findLinks(html, "http://b.gov.cn/col/col1/index.html");
    expect(links.map((l) => [l.url, l.date])).toEqual([
      ["http://b.gov.cn/x/2.html", null],
      ["http://b.gov.cn/art/2025/1/20/art_1_2.html", "2025-01-20"],
    ]);
  });

  it("finds pages: createPageHTML, next links, ?page=N, Hanweb's data proxy, JSON APIs", () => {
    const trs = findPagination(
      `<script>createPageHTML(3, 0, "index", "html");</script>`,
      "http://a.gov.cn/ndbg/index.html",
      [],
    );
    expect(trs.map((p) => p.url)).toEqual([
      "http://a.gov.cn/ndbg/index_1.html",
      "http://a.gov.cn/ndbg/index_2.html",
    ]);
    // The column reached as a directory: its own index.html is not another page.
    const single = `<script>createPageHTML(1, 0, "index", "html");</script>`;
    expect(findPagination(single, "http://a.gov.cn/ndbg/", [])).toEqual([]);
    const second = `<script>createPageHTML(3, 1, "index", "html");</script>`;
    expect(findPagination(second, "http://a.gov.cn/ndbg/index_1.html", []).map((p) => p.url)).toEqual([
      "http://a.gov.cn/ndbg/index.html",
      "http://a.gov.cn/ndbg/index_2.html",
    ]);
    const next = findPagination("", "http://a.gov.cn/list/", [
      { url: "http://a.gov.cn/list/?page=2", title: "下一页", date: null },
      { url: "http://a.gov.cn/list/?page=3", title: "3", date: null },
    ]);
    expect(next.map((p) => p.url)).toEqual(["http://a.gov.cn/list/?page=2", "http://a.gov.cn/list/?page=3"]);
    const hanweb = findPagination(
      `$('#1523').jpage({ proxyUrl: "/module/web/jpage/dataproxy.jsp", perPage: 5, totalRecord: 12, columnId: "1523" })`,
      "http://b.gov.cn/col/col1523/index.html",
      [],
    );
    expect(hanweb).toEqual([
      {
        url: "http://b.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=6&endrecord=10&perpage=5&columnid=1523",
        method: "POST",
      },
      {
        url: "http://b.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=11&endrecord=15&perpage=5&columnid=1523",
        method: "POST",
      },
    ]);
    const api = findPagination(
      `<script>var api = "/gkmlpt/api/all/2542";</script>`,
      "http://c.gov.cn/zwgk/",
      [],
    );
    // Requested as the script writes it: the answer's own paging fields tell the parameter.
    expect(api.map((p) => p.url)).toEqual(["http://c.gov.cn/gkmlpt/api/all/2542"]);
  });

  it("reads a JSON list and its next page, stopping on an empty page", () => {
    const page1 = readJsonList(
      JSON.stringify({
        total: 3,
        articles: [
          { title: "甲", url: "/a.html", date: "2025-01-02" },
          { title: "乙", url: "/b.html" },
        ],
      }),
      "http://c.gov.cn/api/x?page=1",
    );
    expect(page1).toEqual({
      links: [
        // The records are the API's: their dates are its publish times.
        { url: "http://c.gov.cn/a.html", title: "甲", date: "2025-01-02", dateSource: "api" },
        { url: "http://c.gov.cn/b.html", title: "乙", date: null, dateSource: "api" },
      ],
      next: "http://c.gov.cn/api/x?page=2",
    });
    expect(
      readJsonList(JSON.stringify({ total: 3, articles: [] }), "http://c.gov.cn/api/x?page=3").next,
    ).toBeNull();
    expect(readJsonList("not json", "http://c.gov.cn/api/x")).toEqual({ links: [], next: null });
  });

  it("finds attachments: files, download scripts, embeds and pdf.js viewers", () => {
    const html = `<a href="./P020250120123456789012.pdf">附件1</a>
      <a href="/module/download/downfile.jsp?classid=0&filename=ab12.pdf&showname=%E6%8A%A5%E5%91%8A.pdf">报告.pdf</a>
      <a href="/viewer.html?file=/files/r.pdf">在线查看</a><iframe src="/files/e.pdf"></iframe><a href="/news.html">新闻</a>`;
    expect(findAttachments(html, "http://a.gov.cn/ndbg/202501/t1.html").map((a) => a.url)).toEqual([
      "http://a.gov.cn/ndbg/202501/P020250120123456789012.pdf",
      "http://a.gov.cn/module/download/downfile.jsp?classid=0&filename=ab12.pdf&showname=%E6%8A%A5%E5%91%8A.pdf",
      "http://a.gov.cn/files/r.pdf",
      "http://a.gov.cn/files/e.pdf",
    ]);
  });
});

describe("obstacles", () => {
  it("classifies anti-bot challenge pages and leaves real pages alone", () => {
    expect(
      antiBotReason(412, `<html><head><script>$_ts=window['$_ts'];</script></head><body></body></html>`),
    ).toMatch(/^瑞数/);
    expect(
      antiBotReason(521, `<script>document.cookie=('__jsl_clearance=1');location.reload()</script>`),
    ).toMatch(/^加速乐/);
    expect(antiBotReason(200, `<html><title>访问异常页面</title></html>`)).toMatch(/^WAF/);
    expect(
      antiBotReason(
        200,
        `<script>document.cookie="a=b";setTimeout(function(){location.reload()},100)</script>`,
      ),
    ).toMatch(/cookie challenge/);
    expect(
      antiBotReason(200, `<html><body><p>${"正文".repeat(200)}</p><script>var a=1;</script></body></html>`),
    ).toBeNull();
  });

  it("follows a JavaScript redirect shell on the same host only", () => {
    expect(
      redirectShellTarget(`<script>location.href="./list.html";</script>`, "http://a.gov.cn/ndbg/"),
    ).toBe("http://a.gov.cn/ndbg/list.html");
    expect(
      redirectShellTarget(`<script>window.location.replace('/new/');</script>`, "http://a.gov.cn/old/"),
    ).toBe("http://a.gov.cn/new/");
    expect(
      redirectShellTarget(`<script>location.href="http://evil.example/";</script>`, "http://a.gov.cn/"),
    ).toBeNull();
    expect(
      redirectShellTarget(
        `<p>${"正文".repeat(50)}</p><script>location.href="/x"</script>`,
        "http://a.gov.cn/",
      ),
    ).toBeNull();
  });

  it("reads robots.txt, treating absent files and HTML answers as no rules and 5xx as disallow", () => {
    const rules = parseRobots(
      "http://a.gov.cn/robots.txt",
      200,
      "text/plain",
      "User-agent: *\nDisallow: /internal/\n",
      "Touming",
    );
    expect([
      rules.isAllowed("http://a.gov.cn/internal/x.html"),
      rules.isAllowed("http://a.gov.cn/zwgk/"),
    ]).toEqual([false, true]);
    expect(
      parseRobots("http://a.gov.cn/robots.txt", 404, "text/html", "", "T").isAllowed("http://a.gov.cn/x"),
    ).toBe(true);
    expect(
      parseRobots("http://a.gov.cn/robots.txt", 200, "text/html", "<html>home</html>", "T").isAllowed(
        "http://a.gov.cn/x",
      ),
    ).toBe(true);
    expect(parseRobots("http://a.gov.cn/robots.txt", 503, null, "", "T").isAllowed("http://a.gov.cn/x")).toBe(
      false,
    );
  });

  it("decodes GBK list pages without a charset header", () => {
    const gbk = Buffer.from([0xc4, 0xea, 0xb1, 0xa8]); // 年报
    expect(decodePage(gbk, "text/html")).toBe("年报");
    expect(decodePage(Buffer.from("年报"), null)).toBe("年报");
  });
});
