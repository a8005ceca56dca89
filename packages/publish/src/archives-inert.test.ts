import { readFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { inflateSync } from "node:zlib";
import { loadRubric } from "@touming/grade";
import { type Store, recordDocumentContent } from "@touming/store";
import { useTempDirs, useTempStore } from "@touming/testing";
import { type Browser, type BrowserServer, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishStage } from "./publish-stage.js";
import { DEFAULT_CHROMIUM } from "./render/chromium-path.js";
import { gradeStore, seedStore, stageContext } from "./testing/seed-store.js";

// A crawled report page that tries everything a hostile page can: script that renames the page and
// calls home, remote image, stylesheet and frame, an inline handler, a refresh. Its archived copy,
// opened from the card as a reader would (from disk, and from a plain web server), must do none of it.
// (That the card's PDF holds no file:// link is publish-stage.test.ts's "PDFs carry no local path";
// here the hostile card's PDF is searched too, its compressed streams inflated.)

/** How long a page is given to run what it would run before the beacon is read (not a timing assertion). */
const SETTLE_MS = 1500;
const TITLE = "ARCHIVED-REPORT-TITLE";

/** A loopback server that counts every request it gets. */
async function beacon(): Promise<{ server: Server; origin: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { "content-type": "text/plain" }).end("beacon");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".pdf": "application/pdf",
  ".css": "text/css",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
};

/** A plain static server over a directory: the content type by the file's extension, nothing else. */
async function staticServer(
  root: string,
  types: Record<string, string> = CONTENT_TYPES,
): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const file = path.join(root, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    if (!file.startsWith(root + path.sep)) return void res.writeHead(403).end();
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      return void res.writeHead(404).end();
    }
    const type = types[path.extname(file)] ?? "application/octet-stream";
    res.writeHead(200, { "content-type": type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const hostileSource = (origin: string) => `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${TITLE}</title>
<meta http-equiv="refresh" content="0;url=${origin}/refresh">
<link rel="stylesheet" href="${origin}/style.css">
<script>document.title = "SCRIPT-RAN"; window.__ran = 1; fetch("${origin}/fetch");</script>
</head>
<body onload="window.__onload = 1; document.title = 'ONLOAD-RAN'; new Image().src = '${origin}/onload'">
<p>2024年政府信息公开工作年度报告</p>
<img src="${origin}/img.png">
<iframe src="${origin}/frame"></iframe>
</body></html>`;

const rubric = loadRubric();
const newStore = useTempStore({ lifetime: "suite" });
const tempDir = useTempDirs({ lifetime: "suite" });
let out: string;
let store: Store;
let calls: Awaited<ReturnType<typeof beacon>>;
let chromiumServer: BrowserServer;
let browser: Browser;

beforeAll(async () => {
  calls = await beacon();
  store = await newStore();
  await seedStore(store);
  // The city's 2024 report page, as crawled: the hostile source.
  const doc = await store.db
    .selectFrom("documents")
    .select("id")
    .where("agency_id", "=", "city")
    .executeTakeFirstOrThrow();
  const { sha256 } = await store.blobs.put(Buffer.from(hostileSource(calls.origin)));
  await recordDocumentContent(store.db, doc.id, { sha256, contentType: "text/html; charset=utf-8" });
  await gradeStore(store, rubric);
  out = path.join(tempDir(), "out");
  await publishStage.run(stageContext(store), { outDir: out, rubric, generatedOn: "2025-06-01" });
  chromiumServer = await chromium.launchServer({
    executablePath: DEFAULT_CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  browser = await chromium.connect(chromiumServer.wsEndpoint());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await chromiumServer?.close();
  calls?.server.close();
});

/** Follows the card's archive link (the one in its 存档 row) and waits for what the archive would run. */
async function openArchiveFromCard(page: Page, cardUrl: string): Promise<string> {
  await page.goto(cardUrl);
  const link = page.locator("tr", { hasText: "存档" }).locator("a");
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\.\.\/\.\.\/archive\/[0-9a-f]{64}\.html\.txt$/);
  await Promise.all([page.waitForURL(/archive\/[0-9a-f]{64}\.html\.txt$/), link.click()]);
  await page.waitForTimeout(SETTLE_MS);
  return href!;
}

/** What the archive page ran, as the page's own world sees it. */
const ranInPage = (page: Page) =>
  page.evaluate(() => {
    const w = globalThis as unknown as { __ran?: number; __onload?: number; document: { title: string } };
    return { ran: w.__ran ?? null, onload: w.__onload ?? null, title: w.document.title };
  });

describe("an archived copy of a hostile page is inert", () => {
  it("opened from disk (file://) through the card's link: shown as text, nothing runs or loads", async () => {
    const page = await browser.newPage();
    try {
      await openArchiveFromCard(page, pathToFileURL(path.join(out, "cards/city/2024.html")).href);
      expect(page.url()).toMatch(/^file:\/\/.*\/archive\/[0-9a-f]{64}\.html\.txt$/);
      // The source is on screen as text: the script and the handler are characters, not code.
      const shown = await page.locator("body").innerText();
      expect(shown).toContain(`document.title = "SCRIPT-RAN"`);
      expect(shown).toContain("<body onload=");
      expect(await ranInPage(page)).toEqual({ ran: null, onload: null, title: "" });
      expect(await page.locator("img, iframe, link, script").count()).toBe(0);
      expect(calls.requests).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it("served by a plain web server (content type by extension) through the card's link: the same", async () => {
    const site = await staticServer(out);
    const page = await browser.newPage();
    const types: string[] = [];
    page.on("response", (r) => types.push(`${new URL(r.url()).pathname} ${r.headers()["content-type"]}`));
    try {
      const href = await openArchiveFromCard(page, `${site.origin}/cards/city/2024.html`);
      const archive = `/${href.replace(/^(\.\.\/)+/, "")}`;
      expect(page.url()).toBe(`${site.origin}${archive}`);
      expect(types).toContain(`${archive} text/plain; charset=utf-8`);
      expect(await page.locator("body").innerText()).toContain(`fetch("${calls.origin}/fetch")`);
      expect(await ranInPage(page)).toEqual({ ran: null, onload: null, title: "" });
      expect(await page.locator("img, iframe, link, script").count()).toBe(0);
      expect(calls.requests).toEqual([]);
    } finally {
      await page.close();
      site.server.close();
    }
  }, 60_000);

  it("control: the same archive served as text/html does run and call the beacon (the checks above can fail)", async () => {
    const site = await staticServer(out, { ...CONTENT_TYPES, ".txt": "text/html; charset=utf-8" });
    const page = await browser.newPage();
    try {
      const card = readFileSync(path.join(out, "cards/city/2024.html"), "utf8");
      const archive = /href="\.\.\/\.\.\/(archive\/[0-9a-f]{64}\.html\.txt)"/.exec(card)![1]!;
      await page.goto(`${site.origin}/${archive}`, { waitUntil: "commit" });
      await page.waitForTimeout(SETTLE_MS);
      expect(calls.requests.length).toBeGreaterThan(0);
      expect(calls.requests).toContain("GET /fetch");
    } finally {
      await page.close();
      site.server.close();
      calls.requests.length = 0;
    }
  }, 60_000);

  it("the hostile card's PDF names no file:// URL, its compressed streams inflated", () => {
    const pdf = readFileSync(path.join(out, "cards/city/2024.pdf"));
    const raw = pdf.toString("latin1");
    const streams: string[] = [];
    for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
      try {
        streams.push(inflateSync(Buffer.from(m[1]!, "latin1")).toString("latin1"));
      } catch {
        // Not a Flate stream (an image, a font in another filter): its raw bytes are searched below.
      }
    }
    expect(streams.length).toBeGreaterThan(0);
    for (const text of [raw, ...streams]) expect(text).not.toContain("file:");
    expect(calls.requests).toEqual([]);
  });
});
