import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { identityCheckKeys, identityTerms } from "@touming/vocabulary";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SampleSites, startSampleSites } from "./sites-server.js";
import { renderReportBody } from "./report-html.js";
import { type SampleReport, buildWorld } from "./world.js";

const world = buildWorld();
const reportOf = (agencyId: string, year: number) =>
  world.reports.find((r) => r.agencyId === agencyId && r.year === year)!;

/** The hard identities a 2021-format report's figures break, by check key. */
function failedIdentities(report: SampleReport): string[] {
  expect(report.format).toBe("2021");
  const value = (key: string) => report.figures[key] ?? 0;
  return identityCheckKeys("2021").filter((key) => {
    const terms = identityTerms(key, "2021")!;
    const sum = (keys: string[]) => keys.reduce((total, k) => total + value(k), 0);
    return sum(terms.left) !== sum(terms.right);
  });
}

describe("the sample world's deliberate problems", () => {
  it("breaks exactly the identities each identity-error report is meant to break, and no others", () => {
    expect(failedIdentities(reportOf("linjiang-mzj", 2023))).toEqual(["T3-A:natural_person", "T3-A:total"]);
    expect(failedIdentities(reportOf("linjiang-rsj", 2022))).toEqual(["T4-A:review"]);
    expect(failedIdentities(reportOf("linjiang-zrj", 2023))).toEqual([
      "T3-A:natural_person",
      "T3-B:handled_total",
      "T3-C:natural_person",
    ]);
    // Every other generated report holds every identity.
    const wrong = world.reports.filter((r) => r.problems.includes("identity-error"));
    expect(wrong.map((r) => `${r.agencyId}/${r.year}`).sort()).toEqual([
      "linjiang-mzj/2023",
      "linjiang-rsj/2022",
      "linjiang-zrj/2023",
    ]);
    for (const r of world.reports.filter((r) => r.format === "2021" && !wrong.includes(r)))
      expect(failedIdentities(r), `${r.agencyId}/${r.year}`).toEqual([]);
  });

  it("prints one report's table 三 with zeros and most 总计 cells blank, as real reports do", () => {
    const report = reportOf("linjiang-fgw", 2024);
    expect(report.problems).toEqual(["blank-totals"]);
    const agency = world.agencies.find((a) => a.id === report.agencyId)!;
    const html = renderReportBody(agency, report);
    const row = (label: string) =>
      new RegExp(`<td[^>]*>${label}</td>((?:<td>[^<]*</td>){7})</tr>`).exec(html)?.[1];
    const cells = (label: string) => [...row(label)!.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
    // 一、本年新收 keeps its 总计; （一）予以公开 leaves it blank; zeros are blank everywhere.
    expect(cells("一、本年新收政府信息公开申请数量").at(-1)).toBe(
      String(report.figures["apply.new_received.total"]),
    );
    expect(cells("（一）予以公开").at(-1)).toBe("&nbsp;");
    const table = html.slice(html.indexOf("三、收到和处理"), html.indexOf("四、政府信息公开行政复议"));
    expect(table).not.toMatch(/<td>0<\/td>/);
  });

  it("changes only the broken report's figures: the years before and after are as generated", () => {
    const fresh = buildWorld();
    expect(reportOf("linjiang-zrj", 2024).figures).toEqual(
      fresh.reports.find((r) => r.agencyId === "linjiang-zrj" && r.year === 2024)!.figures,
    );
    // Next year's carried-over requests still equal this year's carried-forward ones.
    const [now, next] = [reportOf("linjiang-zrj", 2023), reportOf("linjiang-zrj", 2024)];
    expect(next.figures["apply.carried_over.natural_person"]).toBe(
      now.figures["apply.carried_forward.natural_person"],
    );
  });

  it("is the same world every time", () => {
    expect(buildWorld()).toEqual(world);
  });
});

describe("the undated report on its site", () => {
  let sites: SampleSites;
  beforeAll(async () => {
    sites = await startSampleSites();
  });
  afterAll(async () => {
    await sites.close();
  });
  const page = async (agencyId: string, path: string) => {
    const res = await fetch(`${sites.origins.get(agencyId)}${path}`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it("shows no publish date on its page: no meta tag, no 发布日期, no signature date", async () => {
    const undated = sites.reports.filter((r) => r.problems.includes("undated"));
    expect(undated.map((r) => `${r.agencyId}/${r.year}`)).toEqual(["linjiang-scj/2021"]);
    const html = await page("linjiang-scj", undated[0]!.path);
    expect(html).toContain(undated[0]!.title);
    expect(html).not.toMatch(/PubDate|发布日期|发布时间/);
    // No full date anywhere on the page (the statistics period 2021年1月1日… aside).
    const dates = [...html.matchAll(/20\d{2}(?:-\d{1,2}-\d{1,2}|年\d{1,2}月\d{1,2}日)/g)].map((m) => m[0]);
    expect(dates).toEqual(["2021年1月1日", "2021年12月31日"]);

    // A dated report of the same site has all three.
    const dated = await page("linjiang-scj", reportOf("linjiang-scj", 2022).path);
    expect(dated).toMatch(/<meta name="PubDate" content="2023-01-\d\d 09:00">/);
    expect(dated).toMatch(/<td>发布日期：<\/td><td>2023-01-\d\d<\/td>/);
    expect(dated).toMatch(/<p style="text-align:right">2023年1月\d+日<\/p>/);
  });

  it("is listed on the column without a date beside its link", async () => {
    const report = reportOf("linjiang-scj", 2021);
    let list = "";
    for (let n = 0; n < 5 && !list.includes(report.path); n++)
      list = await page("linjiang-scj", n === 0 ? "/zwgk/ndbg/" : `/zwgk/ndbg/index_${n}.html`);
    const entry = new RegExp(`<li><a href="${report.path}"[^]*?</li>`).exec(list)?.[0];
    expect(entry).toContain('<span class="date"></span>');
    expect(entry).not.toMatch(/20\d{2}-\d{2}-\d{2}/);
  });
});

describe("the scanned report", () => {
  let sites: SampleSites;
  let scratch: string;
  beforeAll(async () => {
    sites = await startSampleSites();
    scratch = mkdtempSync(join(tmpdir(), "sample-scan-"));
  });
  afterAll(async () => {
    await sites.close();
    rmSync(scratch, { recursive: true, force: true });
  });
  /** pdftotext's text of a PDF, all white space dropped. */
  const pdfText = (bytes: Buffer) => {
    const file = join(scratch, "served.pdf");
    writeFileSync(file, bytes);
    const run = spawnSync("pdftotext", [file, "-"], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    return run.stdout.replace(/\s/g, "");
  };
  /** The attachment the report's article links, as its site serves it (download script followed). */
  const served = async (report: SampleReport) => {
    const origin = sites.origins.get(report.agencyId)!;
    const article = await (await fetch(`${origin}${report.path}`)).text();
    const href = /附件：<a href="([^"]+)">([^<]+)<\/a>/.exec(article);
    const res = await fetch(new URL(href![1]!.replaceAll("&amp;", "&"), origin));
    expect(res.status).toBe(200);
    return { article, linkText: href![2]!, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  it("is exactly one: 临江市财政局's 2023 report, with the figures the world registers", () => {
    const scanned = world.reports.filter((r) => r.scanned);
    expect(scanned.map((r) => [r.agencyId, r.year, r.kind, r.file])).toEqual([
      ["linjiang-czj", 2023, "pdf-attachment", "linjiang-czj-2023-scan.pdf"],
    ]);
    // Its figures are the generated ones (the fixture prints them) and hold every identity.
    expect(Object.keys(scanned[0]!.figures).length).toBeGreaterThan(100);
    expect(failedIdentities(scanned[0]!)).toEqual([]);
    expect(scanned[0]!.problems).toEqual([]);
  });

  it("is served as a PDF of page images without a text layer, titled 扫描件 on the site", async () => {
    const report = reportOf("linjiang-czj", 2023);
    const { article, linkText, bytes } = await served(report);
    expect(linkText).toBe("临江市财政局2023年政府信息公开工作年度报告（扫描件）.pdf");
    expect(article).toContain("<h1>临江市财政局2023年政府信息公开工作年度报告（扫描件）</h1>");
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.length).toBeGreaterThan(500_000);
    expect(bytes.length).toBeLessThan(1_500_000);
    expect(pdfText(bytes)).toBe("");
    // Three page images (JPEG), one a page.
    expect(bytes.toString("latin1").match(/\/Subtype\s*\/Image/g)).toHaveLength(3);
    expect(bytes.toString("latin1").match(/\/Filter\s*\/DCTDecode/g)).toHaveLength(3);

    // The column lists it under the site's title; the text PDF of 淮安 has its text layer.
    const column = await (await fetch(`${sites.origins.get("linjiang-czj")}/col/col1523/index.html`)).text();
    expect(column).toContain("临江市财政局2023年政府信息公开工作年度报告（扫描件）");
    const huaian = await served(reportOf("huaian-city", 2024));
    expect(pdfText(huaian.bytes)).toContain("淮安市人民政府");
  });
});
