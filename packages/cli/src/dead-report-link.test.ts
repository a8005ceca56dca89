import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { crawl } from "@touming/crawler";
import { extractStage } from "@touming/extract/stage";
import { gradeStage, loadRubric } from "@touming/grade";
import { type Store, gradesOf, startRun } from "@touming/store";
import { testAgency, testStageContext, useCleanups, useTempStore } from "@touming/testing";
import { describe, expect, it } from "vitest";

/**
 * A report link that stays dead: the crawl logs each 404, and grading calls the year 未发现
 * ("报告链接失效") only once crawls at least 14 days apart found it dead while the site's other pages
 * answered. Before that the year cannot be verified.
 */

const AGENCY_ID = "linjiang-tjj";
const NAME = "临江市统计局";
const title = (year: number) => `${NAME}${year}年政府信息公开工作年度报告`;
const DAY_MS = 86_400_000;
/** The first crawl, after the deadlines of both reports' years (31 January). */
const T0 = Date.parse("2025-03-01T02:00:00Z");
const at = (days: number) => new Date(T0 + days * DAY_MS);

const defer = useCleanups();
const newStore = useTempStore();
const rubric = loadRubric();

const page = (heading: string, body: string) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${heading}_${NAME}</title></head><body>${body}</body></html>`;

/** The 2024 report, published on the site and read whole: the year the column page shows works. */
function report2024(): string {
  const p = (text: string) => `<p>${text}</p>`;
  return page(
    title(2024),
    [
      `<table><tr><td>发布机构：</td><td>${NAME}</td><td>发布日期：</td><td>2025-01-20</td></tr></table>`,
      `<h1>${title(2024)}</h1>`,
      p(
        `本报告根据《中华人民共和国政府信息公开条例》要求，由${NAME}编制。本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。`,
      ),
      p("一、总体情况"),
      p(
        "2024年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息320条，共收到政府信息公开申请12件。",
      ),
      p("二、主动公开政府信息情况"),
      p("全年主动公开统计公报、统计快报等政府信息320条。"),
      p("三、收到和处理政府信息公开申请情况"),
      p("全年共收到政府信息公开申请12件，均在法定期限内答复，其中予以公开9件，无法提供3件。"),
      p("四、政府信息公开行政复议、行政诉讼情况"),
      p("本年度未发生因政府信息公开引起的行政复议和行政诉讼。"),
      p("五、存在的主要问题及改进情况"),
      p(
        "一是统计数据解读的形式还不够丰富，二是部分信息更新不够及时。下一步，我们将建立统计数据发布与解读同步机制，完善信息发布审核流程，每季度开展一次业务培训。",
      ),
      p("六、其他需要报告的事项"),
      p("本年度未收取信息处理费。"),
      `<p style="text-align:right">${NAME}</p>`,
      `<p style="text-align:right">2025年1月20日</p>`,
    ].join("\n"),
  );
}

/** The agency's site: its column lists the 2024 and 2023 reports; the 2023 link answers 404. */
async function site(): Promise<{ origin: string; requests: string[] }> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const answer = (path: string): { status: number; body: string } => {
    if (path === "/zwgk/ndbg/")
      return {
        status: 200,
        body: page(
          "政府信息公开年报",
          `<ul>${[
            { href: "/zwgk/ndbg/202501/t20250120_2.html", year: 2024, date: "2025-01-20" },
            { href: "/zwgk/ndbg/202401/t20240122_1.html", year: 2023, date: "2024-01-22" },
          ]
            .map(
              (e) =>
                `<li><a href="${e.href}" title="${title(e.year)}">${title(e.year)}</a><span>${e.date}</span></li>`,
            )
            .join("")}</ul>`,
        ),
      };
    if (path === "/zwgk/ndbg/202501/t20250120_2.html") return { status: 200, body: report2024() };
    return {
      status: 404,
      body: page("页面不存在", '<h2>对不起，您访问的页面不存在或已被删除！</h2><a href="/">返回首页</a>'),
    };
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on("end", () => {
      const { status, body } = answer(req.url ?? "/");
      const bytes = Buffer.from(body, "utf8");
      res
        .writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": bytes.length })
        .end(bytes);
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  defer(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** Crawls the site on each of these days after T0, then extracts and grades the day after the last. */
async function crawlAndGrade(days: number[]): Promise<{ store: Store; requests: string[] }> {
  const { origin, requests } = await site();
  const store = await newStore([
    testAgency({
      id: AGENCY_ID,
      name: NAME,
      regionCode: "339900",
      level: "department",
      siteUrl: `${origin}/`,
      listUrls: [`${origin}/zwgk/ndbg/`],
      crawlOptions: { minHostDelayMs: 0, allowPrivateAddresses: true },
    }),
  ]);
  for (const day of days) {
    const clock = () => at(day);
    const runId = await startRun(store.db, "crawl", clock);
    await crawl({ db: store.db, blobs: store.blobs, runId, clock }, { retryBaseDelayMs: 20 });
  }
  const clock = () => at(days.at(-1)! + 1);
  await extractStage.run(testStageContext(store, { clock }).ctx, { workers: 0 });
  await gradeStage.run(testStageContext(store, { clock }).ctx, { rubric });
  return { store, requests };
}

/** The stored grade of a year: its state's reason, its points and its letter. */
async function total(store: Store, year: number) {
  const row = (await gradesOf(store.db, { agencyId: AGENCY_ID, year })).find((g) => g.dimension === "total")!;
  return { reason: row.reason, points: row.points, letter: (row.evidence as { letter: string }).letter };
}

const UNVERIFIABLE = {
  reason: "无法核实：已发现年度报告链接，但暂时无法打开",
  points: 0,
  letter: "—",
};

describe("a report link dead across crawls (报告链接失效)", () => {
  it("dead in two crawls 15 days apart while the column answers: 未发现, F, with the dates", async () => {
    const { store, requests } = await crawlAndGrade([0, 15]);
    expect(requests.filter((r) => r === "GET /zwgk/ndbg/202401/t20240122_1.html")).toHaveLength(2);
    expect(await total(store, 2023)).toEqual({
      reason: "报告链接失效：2025-03-01至2025-03-16多次检查均无法打开（网站其他页面正常）",
      points: 0,
      letter: "F",
    });
    // The report that answers is graded (a letter, not a state).
    expect((await total(store, 2024)).reason).toMatch(/^[A-F] /);
  });

  it("dead in one crawl only: 无法核实, no grade", async () => {
    const { store, requests } = await crawlAndGrade([0]);
    expect(requests.filter((r) => r === "GET /zwgk/ndbg/202401/t20240122_1.html")).toHaveLength(1);
    expect(await total(store, 2023)).toEqual(UNVERIFIABLE);
  });

  it("dead in two crawls only 5 days apart: still 无法核实", async () => {
    const { store, requests } = await crawlAndGrade([0, 5]);
    expect(requests.filter((r) => r === "GET /zwgk/ndbg/202401/t20240122_1.html")).toHaveLength(2);
    expect(await total(store, 2023)).toEqual(UNVERIFIABLE);
  });
});
