import { seededRandom } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { mayHoldAttachments } from "./attachment-precheck.js";
import { capNesting } from "./nesting-cap.js";
import { readAttachments, walkArticle } from "./page-attachments.js";
import { MAX_LINKS_READ } from "./page-links.js";

const PAGE = "http://www.example.gov.cn/art/2024/1/15/art_1_1.html";
const article = (inside: string) =>
  `<html><body><div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>` +
  `<div class="content"><h1>2023年政府信息公开工作年度报告</h1><p>一、总体情况&nbsp;&#12288;本机关……</p>${inside}</div></body></html>`;

describe("mayHoldAttachments", () => {
  it("passes over an article that links only to pages", () => {
    const page = article(`<p><a href="/art/2.html">上一篇</a> <a href="../3.htm">下一篇</a></p>`);
    expect(mayHoldAttachments(page, PAGE)).toBe(false);
    expect(readAttachments(page, PAGE)).toEqual({ attachments: [], pageImages: [], capped: false });
  });

  // Each page names a file in a way its source does not spell plainly: the walk finds it, so the
  // precheck must not pass over it.
  const hidden: [string, string, string][] = [
    ["upper case", `<A HREF="/f/REPORT.PDF">附件</A>`, "http://www.example.gov.cn/f/REPORT.PDF"],
    [
      "a character reference for the dot",
      `<a href="/f/a&#46;pdf">附件</a>`,
      "http://www.example.gov.cn/f/a.pdf",
    ],
    [
      "hexadecimal references for letters",
      `<a href="/f/a.&#x70;&#X64;f">附件</a>`,
      "http://www.example.gov.cn/f/a.pdf",
    ],
    [
      "a named reference for the dot",
      `<a href="/f/a&period;docx">附件</a>`,
      "http://www.example.gov.cn/f/a.docx",
    ],
    ["a line break inside the href", `<a href="/f/a.p\ndf">附件</a>`, "http://www.example.gov.cn/f/a.pdf"],
    [
      "a named line break inside the href",
      `<a href="/f/a.x&NewLine;ls">附件</a>`,
      "http://www.example.gov.cn/f/a.xls",
    ],
    [
      "a download script named by a percent-encoded parameter",
      `<a href="/download.jsp?showname=%E6%8A%A5%E5%91%8A%2Ewps">报告</a>`,
      "http://www.example.gov.cn/download.jsp?showname=%E6%8A%A5%E5%91%8A%2Ewps",
    ],
    [
      "a download script named by its link text split by tags",
      `<a href="/download/77">报告.<b></b>rtf</a>`,
      "http://www.example.gov.cn/download/77",
    ],
    ["a viewer", `<a href="/js/pdfjs/viewer.html?file=/f/77">在线阅读</a>`, "http://www.example.gov.cn/f/77"],
    ["an embed", `<iframe src="/f/77.pdf"></iframe>`, "http://www.example.gov.cn/f/77.pdf"],
  ];
  for (const [what, inside, url] of hidden) {
    it(`looks at a page whose file is written with ${what}`, () => {
      const page = article(inside);
      expect(mayHoldAttachments(page, PAGE)).toBe(true);
      expect(readAttachments(page, PAGE).attachments.map((a) => a.url)).toEqual([url]);
    });
  }

  it("looks at a page served from a file's URL: a link to the page itself is that file", () => {
    const page = article(`<a href="?print=1">打印</a>`);
    const url = "http://www.example.gov.cn/f/report.pdf";
    expect(mayHoldAttachments(page, url)).toBe(true);
    expect(readAttachments(page, url).attachments.map((a) => a.url)).toEqual([`${url}?print=1`]);
  });

  it("looks at a page of scanned pages, and at one with more links than are read", () => {
    const scans = article(
      `<IMG src="/upload/p1.jpg" width="800"><img src="/upload/p2.jpg" width="800">`,
    ).replace(/<p>.*?<\/p>/, "");
    expect(mayHoldAttachments(scans, PAGE)).toBe(true);
    expect(readAttachments(scans, PAGE).pageImages.map((p) => p.url)).toEqual([
      "http://www.example.gov.cn/upload/p1.jpg",
      "http://www.example.gov.cn/upload/p2.jpg",
    ]);
    const many = article(
      Array.from({ length: MAX_LINKS_READ + 1 }, (_, i) => `<a href="/p/${i}.html">${i}</a>`).join(""),
    );
    expect(mayHoldAttachments(many, PAGE)).toBe(true);
    expect(readAttachments(many, PAGE).capped).toBe(true);
  });

  it("reads 2,000 seeded articles as the walk of each reads them", () => {
    const random = seededRandom(20_261_203);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const pieces = [
      `<a href="/art/${1}.html">相关文章</a>`,
      `<a href="/f/a.pdf">附件</a>`,
      `<a href="/f/a&#46;doc">附件</a>`,
      `<a href="/f/a.p`,
      `df">附件</a>`,
      `&#x2e;`,
      `&period;`,
      `&NewLine;`,
      "\n",
      "\t",
      `<a href="/download/9">`,
      `报告.xls`,
      `</a>`,
      `<img src="/upload/p.png" width="900">`,
      `<b>`,
      `</b>`,
      `<!-- .pdf -->`,
      `<script>var u = "a.pdf";</script>`,
      `viewer.html?file=`,
      `<a href="`,
      `">`,
      `年度报告`,
      `&nbsp;`,
      `.`,
      `pdf`,
      `rtf`,
      `<div>`,
    ];
    let skipped = 0;
    for (let i = 0; i < 2000; i++) {
      const inside = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pick(pieces)).join("");
      const page = article(inside);
      const read = readAttachments(page, PAGE);
      expect(read, inside).toEqual(walkArticle(capNesting(page), PAGE));
      if (!mayHoldAttachments(capNesting(page), PAGE)) skipped++;
    }
    // Both kinds were read: pages passed over, and pages walked.
    expect(skipped).toBeGreaterThan(100);
    expect(skipped).toBeLessThan(1900);
  });
});
