import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { sendWithEtag } from "./conditional-get.js";
import { type RegistryEntry, SAMPLE_RECIPIENTS, registryYaml } from "./registry-yaml.js";
import { renderReportBody } from "./report-html.js";
import {
  PAGE_SIZE,
  antiBotChallenge,
  articlePage,
  entriesFor,
  escapeHtml,
  hanwebColumnPage,
  hanwebDatastore,
  PAGENO_API,
  START_ROWS_API,
  jsonApiPage,
  jsonPageNoApiPage,
  jsonPageNoShellPage,
  jsonShellPage,
  jsonStartRowsApiPage,
  jsonStartRowsShellPage,
  legacyDisclosureHome,
  legacyHome,
  legacyListPage,
  notFoundPage,
  pageCount,
  pagedListPage,
  textAsArticleBody,
  trsListPage,
  vsbListPage,
} from "./site-pages.js";
import { type SampleAgency, type SampleReport, buildWorld } from "./world.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));

export interface SiteStats {
  requests: number;
  maxConcurrent: number;
  /** "GET /path 200", in arrival order. */
  log: string[];
}

export interface StartOptions {
  /** First port; site i listens on basePort + i. 0 (default) = ephemeral ports. */
  basePort?: number;
  /** Override the slow host's delay (ms). */
  slowMs?: number;
}

export interface SampleSites {
  agencies: SampleAgency[];
  reports: SampleReport[];
  /** Site origin per agency id, e.g. http://127.0.0.1:28401 */
  origins: Map<string, string>;
  /** The registry (YAML) for these sites: loopback allowed, no politeness delay. */
  registryYaml(): string;
  stats(agencyId: string): SiteStats;
  /** Forget fault state (attempt counters) and statistics. */
  resetStats(): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  type?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Destroy the connection instead of answering. */
  reset?: boolean;
}

const html = (body: string, status = 200): Reply => ({ status, type: "text/html; charset=utf-8", body });
const redirect = (location: string, status = 302): Reply => ({ status, headers: { location }, body: "" });
const json = (body: string): Reply => ({ status: 200, type: "application/json; charset=utf-8", body });
/** A whole-number query parameter, or the default when it is absent or not one. */
const number = (url: URL, name: string, fallback: number) =>
  /^\d+$/.test(url.searchParams.get(name) ?? "") ? Number(url.searchParams.get(name)) : fallback;

function indexNo(agency: SampleAgency, report: SampleReport): string {
  const h = createHash("sha1").update(`${agency.id}/${report.year}`).digest("hex");
  return `${agency.regionCode}${parseInt(h.slice(0, 6), 16) % 1000}/${report.publishDate.slice(0, 4)}-${parseInt(h.slice(6, 11), 16) % 100000}`;
}

/** Starts one loopback HTTP server per sample agency site. */
export async function startSampleSites(options: StartOptions = {}): Promise<SampleSites> {
  const world = buildWorld();
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const origins = new Map<string, string>();
  const stats = new Map<string, SiteStats & { inFlight: number }>();
  const attempts = new Map<string, number>();
  const seedTexts = new Map<string, string>();
  /** The attachments (of hanweb sites) by agency and the name their download script is given. */
  const attachments = new Map<string, Buffer>();
  for (const r of world.reports)
    if (r.kind === "pdf-attachment")
      attachments.set(`${r.agencyId}/${r.attachmentName}`, readFileSync(`${fixtures}${r.file}`));

  const route = (agency: SampleAgency, req: IncomingMessage): Reply => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    const faults = agency.faults;
    if (path === "/robots.txt") {
      if (faults.robotsDisallow) {
        return {
          status: 200,
          type: "text/plain",
          body: `User-agent: *\n${faults.robotsDisallow.map((p) => `Disallow: ${p}`).join("\n")}\n`,
        };
      }
      return html(notFoundPage(agency), 404);
    }
    if (faults.antiBot)
      return {
        status: 412,
        type: "text/html",
        body: antiBotChallenge(),
        headers: { "set-cookie": "FSSBBIl1UgzbN7N80S=abc; path=/" },
      };
    if (faults.flaky) {
      const n = (attempts.get(path) ?? 0) + 1;
      attempts.set(path, n);
      if (n === 1)
        return { status: 503, type: "text/html", body: "<h1>503 Service Temporarily Unavailable</h1>" };
      if (n === 2) return { status: 0, reset: true };
    }
    const entries = entriesFor(agency, world.reports, world.lookAlikes);
    const column = agency.columnPath;
    const columnDir = column.replace(/[^/]*$/, "");

    // Column moved: the registry's old URL redirects twice before reaching the list.
    if (path === "/old/ndbg/") return redirect("/zwgk/ndbg2/", 301);
    if (path === "/zwgk/ndbg2/") return redirect(columnDir, 302);
    if (path === "/loop/a") return redirect("/loop/b");
    if (path === "/loop/b") return redirect("/loop/a");

    switch (agency.style) {
      case "trs": {
        const prefix = agency.jsRedirectShell ? "list" : "index";
        if (agency.jsRedirectShell && (path === columnDir || path === `${columnDir}index.html`)) {
          return html(`<html><head><script>location.href="./list.html";</script></head><body></body></html>`);
        }
        const m = new RegExp(`^${columnDir}(?:${prefix}(?:_(\\d+))?\\.html)?$`).exec(path);
        if (m) {
          const page = Number(m[1] ?? 0);
          if (page >= pageCount(entries))
            return html(`<html><head><meta http-equiv="refresh" content="0;URL=./"></head></html>`);
          return html(trsListPage(agency, entries, page, prefix));
        }
        break;
      }
      case "hanweb": {
        const columnId = /col(\d+)/.exec(column)?.[1] ?? "1";
        if (path === column || path === columnDir) return html(hanwebColumnPage(agency, entries, columnId));
        if (path === "/module/web/jpage/dataproxy.jsp") {
          const start = Number(url.searchParams.get("startrecord") ?? 1);
          const end = Number(url.searchParams.get("endrecord") ?? start + PAGE_SIZE - 1);
          return {
            status: 200,
            type: "text/xml; charset=utf-8",
            body: hanwebDatastore(entries.slice(start - 1, end), entries.length),
          };
        }
        const download = /^\/module\/download\/downfile\.jsp$/.test(path)
          ? url.searchParams.get("filename")
          : null;
        if (download) return redirect(`/attach/0/${download}`);
        const attachment = path.startsWith("/attach/0/")
          ? attachments.get(`${agency.id}/${path.slice("/attach/0/".length)}`)
          : undefined;
        if (attachment) {
          // Servers lie about types: the PDF comes as octet-stream.
          return { status: 200, type: "application/octet-stream", body: attachment };
        }
        break;
      }
      case "paged":
        if (path === columnDir) {
          const page = Number(url.searchParams.get("page") ?? 1);
          if (page >= 1 && page <= pageCount(entries)) return html(pagedListPage(agency, entries, page));
          return html(notFoundPage(agency), 404);
        }
        break;
      case "json-api":
        if (path === columnDir) return html(jsonShellPage(agency, "/gkmlpt/api/all/2542"));
        if (path === "/gkmlpt/api/all/2542") {
          const page = Number(url.searchParams.get("page") ?? 1);
          return json(jsonApiPage(entries, page));
        }
        break;
      case "json-api-pageno":
        if (path === columnDir) return html(jsonPageNoShellPage(agency));
        if (path === PAGENO_API) {
          const page = jsonPageNoApiPage(
            entries,
            number(url, "pageNo", 1),
            number(url, "pageSize", PAGE_SIZE),
          );
          return json(page);
        }
        break;
      case "json-api-start-rows":
        if (path === columnDir) return html(jsonStartRowsShellPage(agency));
        if (path === START_ROWS_API)
          return json(jsonStartRowsApiPage(entries, number(url, "start", 0), number(url, "rows", 10)));
        break;
      case "vsb": {
        const count = pageCount(entries);
        if (path === "/xxgk/ndbg.htm") return html(vsbListPage(agency, entries, 1));
        const m = /^\/xxgk\/ndbg\/(\d+)\.htm$/.exec(path);
        if (m) {
          const page = count - Number(m[1]) + 1;
          if (page >= 2 && page <= count) return html(vsbListPage(agency, entries, page));
        }
        break;
      }
      case "legacy":
        if (path === "/") return html(legacyHome(agency));
        if (path === "/xxgk/") return html(legacyDisclosureHome(agency));
        if (path === "/xxgk/gknb/") return html(legacyListPage(agency, entries));
        break;
    }

    const report = world.reports.find((r) => r.agencyId === agency.id && r.path === path);
    if (report) return html(renderArticle(agency, report));
    if (/\d{4}tjb\.pdf$/.test(path)) return html(notFoundPage(agency)); // a dead attachment: error page with 200
    const lookAlike = world.lookAlikes.find((l) => l.agencyId === agency.id && l.path === path);
    if (lookAlike) {
      return html(
        articlePage(
          agency,
          { title: lookAlike.title, publishDate: lookAlike.date, indexNo: `${agency.regionCode}/x` },
          `<p>${escapeHtml(lookAlike.title)}全文如下。各单位要认真贯彻落实，确保各项任务按时完成。</p>`,
        ),
      );
    }
    return html(notFoundPage(agency), 404);
  };

  const renderArticle = (agency: SampleAgency, report: SampleReport): string => {
    const meta = {
      title: report.siteTitle ?? report.title,
      publishDate: report.problems.includes("undated") ? null : report.publishDate,
      indexNo: indexNo(agency, report),
    };
    if (report.kind === "seed-text") {
      let text = seedTexts.get(report.file!);
      if (text === undefined) {
        text = readFileSync(`${fixtures}${report.file}`, "utf8");
        seedTexts.set(report.file!, text);
      }
      const { body, header } = textAsArticleBody(text);
      const seedIndex = header.flat()[1];
      return articlePage(agency, { ...meta, indexNo: seedIndex ?? meta.indexNo }, body);
    }
    if (report.kind === "pdf-attachment") {
      const name = `${meta.title}.pdf`;
      const body = `<p>现将《${escapeHtml(report.title)}》予以公布。</p><p>附件：<a href="/module/download/downfile.jsp?classid=0&amp;filename=${report.attachmentName}&amp;showname=${encodeURIComponent(name)}">${escapeHtml(name)}</a></p>`;
      return articlePage(agency, meta, body);
    }
    const source = report.copiedFrom
      ? world.reports.find((r) => r.agencyId === agency.id && r.year === report.copiedFrom)!
      : report;
    let body = renderReportBody(agency, report, source);
    if (report.problems.includes("dead-attachment")) {
      body += `<p>附件：<a href="./${report.year}tjb.pdf">${report.year}年政府信息公开统计表.pdf</a></p>`;
    }
    return articlePage(agency, meta, body);
  };

  const handler = (agency: SampleAgency) => (req: IncomingMessage, res: ServerResponse) => {
    const s = stats.get(agency.id)!;
    s.requests++;
    s.inFlight++;
    s.maxConcurrent = Math.max(s.maxConcurrent, s.inFlight);
    let done = false;
    const finish = (status: number) => {
      if (done) return;
      done = true;
      s.inFlight--;
      s.log.push(`${req.method} ${req.url} ${status}`);
    };
    res.on("close", () => finish(res.statusCode));
    const send = () => {
      let reply: Reply;
      try {
        reply = route(agency, req);
      } catch (error) {
        reply = { status: 500, type: "text/plain", body: String(error) };
      }
      if (reply.reset) {
        finish(0);
        req.socket.destroy();
        return;
      }
      let body: Buffer = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body ?? "", "utf8");
      let type = reply.type;
      if (agency.encoding === "gbk-no-header" && type?.startsWith("text/html")) {
        body = iconv.encode(body.toString("utf8"), "gbk");
        type = "text/html"; // no charset in the header: only the page's <meta> says gb2312
      }
      const headers: Record<string, string> = { ...reply.headers, server: "sample-sites" };
      if (type) headers["content-type"] = type;
      sendWithEtag(req, res, reply.status, headers, body);
    };
    const delay = agency.faults.slowMs !== undefined ? (options.slowMs ?? agency.faults.slowMs) : 0;
    // Drain the request body (POSTs to dataproxy.jsp) before answering.
    req.resume();
    req.on("end", () => (delay > 0 ? setTimeout(send, delay) : send()));
  };

  for (const [i, agency] of world.agencies.entries()) {
    stats.set(agency.id, { requests: 0, maxConcurrent: 0, inFlight: 0, log: [] });
    const server = createServer(handler(agency));
    server.keepAliveTimeout = 2000;
    server.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.basePort ? options.basePort + i : 0, "127.0.0.1", () => resolve());
      });
    } catch (error) {
      // A port in use: close the sites already started so nothing is left listening.
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      throw error;
    }
    servers.push(server);
    origins.set(agency.id, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  return {
    agencies: world.agencies,
    reports: world.reports,
    origins,
    registryYaml: () =>
      registryYaml({
        comment:
          "The sample agency sites on loopback (packages/sample-sites). Generated: ports change per start.",
        agencies: world.agencies.map((a) => registryEntry(a, origins.get(a.id)!)),
      }),
    stats: (id) => {
      const s = stats.get(id)!;
      return { requests: s.requests, maxConcurrent: s.maxConcurrent, log: [...s.log] };
    },
    resetStats: () => {
      attempts.clear();
      for (const s of stats.values()) Object.assign(s, { requests: 0, maxConcurrent: 0, log: [] });
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}

function registryEntry(a: SampleAgency, origin: string): RegistryEntry {
  const start = {
    column: [`${origin}${a.columnPath}`],
    "old-column": [`${origin}/old/ndbg/`],
    "site-only": [],
  };
  const recipients = SAMPLE_RECIPIENTS[a.id];
  return {
    ...a,
    siteUrl: `${origin}/`,
    listUrls: start[a.registryStart],
    ...(recipients ? { recipients } : {}),
  };
}
