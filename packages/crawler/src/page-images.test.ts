import { describe, expect, it } from "vitest";
import { LANDING_PAGE_CHARS } from "@touming/vocabulary";
import { readAttachments } from "./page-attachments.js";

const PAGE_URL = "http://a.gov.cn/ndbg/202501/t1.html";
const pageImages = (body: string) =>
  readAttachments(`<html><body>${body}</body></html>`, PAGE_URL).pageImages.map((i) => [i.url, i.title]);

/** A county site's chrome: a header with its logo, a nav, a footer with a QR code and a share bar. */
const CHROME = {
  header: `<div class="header"><img src="/images/site.jpg"><a href="/"><img src="/img/home.png" width="800"></a></div>
    <nav><img src="/images/menu.jpg"></nav><img src="/images/logo.png" width="300"><img src="/images/top_banner.jpg">`,
  footer: `<div class="share-bar"><img src="/img/wx.png" alt="分享到微信"></div><img src="/img/ewm.jpg" alt="二维码">
    <img src="/img/weibo.gif" width="24" height="24"><img src="/img/bg.jpg"><img src="/img/qrcode.png">
    <footer><img src="/images/police.png">京ICP备12345678号 主办单位：某县人民政府办公室</footer>`,
};

describe("an article's page images", () => {
  it("finds the scanned pages of an article whose body is images, in document order, without site chrome", () => {
    const body = `${CHROME.header}<h1>某县人民政府2024年政府信息公开工作年度报告（图片版）</h1>
      <div class="info">发布时间：2025-01-20</div>
      <div id="zoom"><p><img src="../../upload/2025/p1.JPG" alt="第一页"></p>
        <p><img class="lazy" src="/images/loading.gif" data-original="/upload/2025/p2.jpeg" width="1240"></p>
        <p><img data-src="/upload/2025/p3.png" width="100%"></p><p><img src="/upload/2025/p1.JPG"></p>
        <p><img src="/upload/2025/p4.tif"><img src="/upload/2025/p5.webp"><img src="/upload/2025/p6.bmp"></p>
        <p><img src="/upload/2025/chart.svg"><img src="/getimage?id=7"></p></div>${CHROME.footer}`;
    expect(pageImages(body)).toEqual([
      ["http://a.gov.cn/upload/2025/p1.JPG", "第一页"],
      ["http://a.gov.cn/upload/2025/p2.jpeg", ""],
      ["http://a.gov.cn/upload/2025/p3.png", ""],
      ["http://a.gov.cn/upload/2025/p4.tif", ""],
      ["http://a.gov.cn/upload/2025/p5.webp", ""],
      ["http://a.gov.cn/upload/2025/p6.bmp", ""],
    ]);
  });

  it("keeps a report's pages whose path says 报告 (bg) in pinyin, and leaves a background out", () => {
    expect(
      pageImages(
        `<img src="/ndbg/bg2024-1.jpg"><img src="/xxgk/ndbg_01.png"><img src="/bg/site.jpg"><img src="/a/bg.png">`,
      ),
    ).toEqual([
      ["http://a.gov.cn/ndbg/bg2024-1.jpg", ""],
      ["http://a.gov.cn/xxgk/ndbg_01.png", ""],
    ]);
  });

  it("finds none on an HTML report: its photo and the site's logo are not pages", () => {
    const text = "2024年，本县坚持以公开为常态、不公开为例外，全面推进政务公开工作。".repeat(60);
    expect(text.length).toBeGreaterThan(LANDING_PAGE_CHARS);
    expect(
      pageImages(
        `${CHROME.header}<div id="zoom"><p>${text}</p><p><img src="/upload/2025/meeting.jpg" width="600"></p></div>`,
      ),
    ).toEqual([]);
    // Long menus and lists of links are not the article's own text: the pages are still found.
    const menu = `<ul>${'<li><a href="/x.html">某县人民政府关于印发工作要点的通知</a></li>'.repeat(200)}</ul>`;
    expect(pageImages(`${menu}<img src="/upload/2025/p1.jpg">`)).toEqual([
      ["http://a.gov.cn/upload/2025/p1.jpg", ""],
    ]);
  });

  it("reads attachments and page images in the same pass", () => {
    const read = readAttachments(
      `<html><body><a href="/files/r.pdf">附件</a><img src="/upload/p1.jpg"></body></html>`,
      PAGE_URL,
    );
    expect(read.attachments.map((a) => a.url)).toEqual(["http://a.gov.cn/files/r.pdf"]);
    expect(read.pageImages.map((a) => a.url)).toEqual(["http://a.gov.cn/upload/p1.jpg"]);
  });
});

describe("an article's page images, read as the page is walked", () => {
  it("judges an image by its own class by its words, and by its boxes only when they hold it", () => {
    // A class named like a header box on the image itself is not a box the image sits in.
    expect(
      pageImages(
        `<img class="header-pic" src="/upload/p1.jpg"><div class="menu"><img src="/upload/p2.jpg"></div>`,
      ),
    ).toEqual([["http://a.gov.cn/upload/p1.jpg", ""]]);
    // A script is never a box, whatever its id; a link so named is.
    expect(
      pageImages(`<script id="menu"/><img src="/upload/p1.jpg"><a id="nav"><img src="/upload/p2.jpg"></a>`),
    ).toEqual([["http://a.gov.cn/upload/p1.jpg", ""]]);
  });

  it("stops looking once the page has text of its own, and then finds none", () => {
    const text = "本县全面推进政务公开工作。".repeat(200);
    expect(pageImages(`<img src="/upload/p1.jpg"><p>${text}</p><img src="/upload/p2.jpg">`)).toEqual([]);
    // Text inside chrome, links and scripts is not the article's own.
    const chrome = `<footer>${text}</footer><a href="/x.html">${text}</a><script>${text}</script>`;
    expect(pageImages(`${chrome}<img src="/upload/p1.jpg">`)).toEqual([
      ["http://a.gov.cn/upload/p1.jpg", ""],
    ]);
  });
});
