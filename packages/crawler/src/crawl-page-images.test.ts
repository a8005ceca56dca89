import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { extractStage } from "@touming/extract/stage";
import { crawlFindings, reportsOfAgencies } from "@touming/store";
import { EXTRACT_FIXTURES, testStageContext } from "@touming/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { crawl } from "./crawl.js";
import { type Page, type Routes, article, listPage, useLoopback } from "./testing/loopback-sites.js";

const loopback = useLoopback();
const fast = { retryBaseDelayMs: 20 };

const SCANNED = "淮安市人民政府2024年政府信息公开工作年度报告（图片版）";
const HTML_REPORT = "淮安市人民政府2023年政府信息公开工作年度报告";

/** A county site's chrome around every article: its logo and banner, a QR code and a share bar. */
const chrome = (body: string) => `<div class="header"><img src="/images/logo.png" width="320"></div>
  <img src="/images/top_banner.jpg"><div id="zoom">${body}</div>
  <div class="share"><img src="/images/wx.png" alt="分享到微信"></div>
  <footer><img src="/images/qrcode.jpg" alt="二维码">主办：淮安市人民政府办公室</footer>`;

/** The article whose body is the scanned report: pages 1, 4 and 5 of the paper copy, one lazy-loaded. */
const scannedArticle: Page = {
  type: "text/html; charset=utf-8",
  body: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${SCANNED}</title>
<meta name="PubDate" content="2025-01-21 10:00"></head><body><h1>${SCANNED}</h1>${chrome(
    `<p><img src="/upload/2025/01/ndbg-1.jpg" alt="第1页"></p>
     <p><img class="lazy" src="/images/loading.gif" data-original="/upload/2025/01/ndbg-4.jpg"></p>
     <p><img src="/upload/2025/01/ndbg-5.jpg"></p>`,
  )}</body></html>`,
};

/** An HTML report: its own text, with a photo of the office in it. */
const htmlReport = article(
  HTML_REPORT,
  chrome(
    `<p>${"2023年，淮安市人民政府坚持以公开为常态、不公开为例外，全面推进政务公开。".repeat(60)}</p>
     <p><img src="/upload/2024/01/office.jpg" width="640" height="480" alt="政务服务大厅"></p>`,
  ),
);

/** Pages of the real 淮安市 2024 report as a scanner's JPEGs (200 dpi: see extract's page-image-report test). */
let pages: Map<string, Buffer>;
beforeAll(() => {
  const jpeg = (page: number) =>
    execFileSync("pdftoppm", ["-r", "200", "-jpeg", "-f", String(page), "-l", String(page), "-"], {
      input: readFileSync(`${EXTRACT_FIXTURES}pdf/huaian-city-2024.pdf`),
      maxBuffer: 1 << 28,
    });
  pages = new Map([1, 4, 5].map((n) => [`/upload/2025/01/ndbg-${n}.jpg`, jpeg(n)]));
});

const site: Routes = (path) => {
  if (path === "/list/")
    return listPage([
      { href: "/art/2025/1/21/art_2.html", title: SCANNED, date: "2025-01-21" },
      { href: "/art/2024/1/20/art_1.html", title: HTML_REPORT, date: "2024-01-20" },
    ]);
  if (path === "/art/2025/1/21/art_2.html") return scannedArticle;
  if (path === "/art/2024/1/20/art_1.html") return htmlReport;
  const image = pages.get(path);
  if (image) return { type: "image/jpeg", body: image };
  if (/\.(png|jpg|gif)$/.test(path)) return { type: "image/png", body: Buffer.from("\x89PNG\r\n\x1a\n") };
  return undefined;
};

describe("an article whose body is its report's page images", () => {
  it("is crawled with its pages in order and extracted as one scanned report under the article's title and date", async () => {
    const served = await loopback.site(site);
    const store = await loopback.store([
      { id: "huaian-city", name: "淮安市人民政府", listUrls: [`${served.origin}/list/`] },
    ]);
    await crawl({ db: store.db, blobs: store.blobs }, fast);

    // Only the scanned pages are fetched: no chrome, no photo of an HTML report.
    const images = served.requests.filter((r) => /\.(jpg|png|gif)$/.test(r)).sort();
    expect(images).toEqual([
      "GET /upload/2025/01/ndbg-1.jpg",
      "GET /upload/2025/01/ndbg-4.jpg",
      "GET /upload/2025/01/ndbg-5.jpg",
    ]);
    const docs = await store.db.selectFrom("documents").selectAll().orderBy("id").execute();
    const scanned = docs.find((d) => d.url.endsWith("/art_2.html"))!;
    const html = docs.find((d) => d.url.endsWith("/art_1.html"))!;
    expect(
      docs
        .filter((d) => d.parent_id === scanned.id)
        .map((d) => [d.page, d.url.replace(served.origin, ""), d.kind, d.fetch_state, d.content_type]),
    ).toEqual([
      [1, "/upload/2025/01/ndbg-1.jpg", "attachment", "fetched", "image/jpeg"],
      [2, "/upload/2025/01/ndbg-4.jpg", "attachment", "fetched", "image/jpeg"],
      [3, "/upload/2025/01/ndbg-5.jpg", "attachment", "fetched", "image/jpeg"],
    ]);
    expect(docs.filter((d) => d.parent_id === html.id)).toEqual([]);
    expect(await crawlFindings(store.db, { agencyId: "huaian-city" })).toEqual([]);

    const { ctx, events } = testStageContext(store);
    const { summary } = await extractStage.run(ctx, { workers: 1 });
    expect(summary).toMatchObject({ failed: 0 });
    const report = (await reportsOfAgencies(store.db, ["huaian-city"])).get("huaian-city")?.get(2024);
    expect(report?.document?.id).toBe(scanned.id);
    expect(report?.report).toMatchObject({ title: SCANNED, publish_date: "2025-01-21", year: 2024 });
    expect(report?.sourceKind).toBe("image");
    expect(report?.scanned).toBe(true);
    const natural = report?.values.find((v) => v.key === "apply.new_received.natural_person");
    expect(natural).toMatchObject({
      value: 3001,
      page: 2,
      ocr: { level: expect.stringMatching(/^(high|low)$/) },
    });
    expect(report?.values.find((v) => v.key === "apply.new_received.total")?.value).toBe(3119);
    // The three pages read, each kept as a cleaned JPEG blob.
    expect(report?.ocr?.pages.map((p) => p.page)).toEqual([1, 2, 3]);
    for (const p of report!.ocr!.pages) {
      expect((await store.blobs.get(p.imageSha256)).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    }
    // The images are pages of the article's report, not reports (nor faults) of their own.
    const after = await store.db
      .selectFrom("documents")
      .selectAll()
      .where("parent_id", "=", scanned.id)
      .execute();
    expect(after.map((d) => d.extraction_state)).toEqual(["skipped", "skipped", "skipped"]);
    expect(events.filter((e) => e.level === "warn" && e.fields.url === scanned.url)).toEqual([]);
    await store.close();
  }, 240_000);

  it("does not queue the images of a page-image article that attaches its report as a file", async () => {
    const served = await loopback.site((path) =>
      path === "/list/"
        ? listPage([{ href: "/art/3.html", title: SCANNED, date: "2025-01-21" }])
        : path === "/art/3.html"
          ? article(
              SCANNED,
              `<p><img src="/upload/preview-1.jpg"></p><p><a href="/files/report.pdf">附件</a></p>`,
            )
          : path === "/files/report.pdf"
            ? { type: "application/pdf", body: "%PDF-1.4\n%%EOF\n" }
            : undefined,
    );
    const store = await loopback.store([
      { id: "huaian-city", name: "淮安市人民政府", listUrls: [`${served.origin}/list/`] },
    ]);
    await crawl({ db: store.db, blobs: store.blobs }, fast);
    expect(served.requests).toContain("GET /files/report.pdf");
    expect(served.requests).not.toContain("GET /upload/preview-1.jpg");
    await store.close();
  });

  it("clears the page numbers of images an article no longer shows when it is crawled again", async () => {
    let scanned = true;
    const served = await loopback.site((path) =>
      path === "/list/"
        ? listPage([{ href: "/art/4.html", title: SCANNED, date: "2025-01-21" }])
        : path === "/art/4.html"
          ? article(
              SCANNED,
              scanned
                ? `<p><img src="/upload/p-1.jpg"></p><p><img src="/upload/p-2.jpg"></p>`
                : "<p>已撤回</p>",
            )
          : path.startsWith("/upload/")
            ? { type: "image/jpeg", body: Buffer.from(`\xff\xd8\xff\xe0${path}`) }
            : undefined,
    );
    const store = await loopback.store([
      { id: "huaian-city", name: "淮安市人民政府", listUrls: [`${served.origin}/list/`] },
    ]);
    const pageNumbers = async () =>
      (
        await store.db
          .selectFrom("documents")
          .select(["url", "page"])
          .where("kind", "=", "attachment")
          .orderBy("url")
          .execute()
      ).map((d) => [d.url.replace(served.origin, ""), d.page]);
    await crawl({ db: store.db, blobs: store.blobs }, fast);
    expect(await pageNumbers()).toEqual([
      ["/upload/p-1.jpg", 1],
      ["/upload/p-2.jpg", 2],
    ]);
    // The article is read again (not within a recheck period) and shows no page images now.
    scanned = false;
    await crawl({ db: store.db, blobs: store.blobs }, { ...fast, recheckAfterDays: 0 });
    expect(await pageNumbers()).toEqual([
      ["/upload/p-1.jpg", null],
      ["/upload/p-2.jpg", null],
    ]);
    await store.close();
  });

  it("a page image that answers no image is a dead link", async () => {
    const served = await loopback.site((path) =>
      path === "/list/"
        ? listPage([{ href: "/art/4.html", title: SCANNED, date: "2025-01-21" }])
        : path === "/art/4.html"
          ? article(SCANNED, `<p><img src="/upload/gone.jpg"></p>`)
          : path === "/upload/gone.jpg"
            ? { type: "text/plain", body: "file not found" }
            : undefined,
    );
    const store = await loopback.store([
      { id: "huaian-city", name: "淮安市人民政府", listUrls: [`${served.origin}/list/`] },
    ]);
    await crawl({ db: store.db, blobs: store.blobs }, fast);
    const findings = await crawlFindings(store.db, { agencyId: "huaian-city" });
    expect(findings.map((f) => [f.kind, f.detail])).toEqual([
      [
        "dead_attachment",
        `${served.origin}/upload/gone.jpg: the attachment link returns no image (dead link)`,
      ],
    ]);
    await store.close();
  });
});
