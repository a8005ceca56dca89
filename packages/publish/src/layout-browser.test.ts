import { execFileSync } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadRubric } from "@touming/grade";
import {
  type Store,
  recordDocumentContent,
  saveExtraction,
  upsertAgencies,
  upsertDocument,
} from "@touming/store";
import { testAgency, useTempDirs, useTempStore } from "@touming/testing";
import { type Browser, type BrowserServer, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishStage } from "./publish-stage.js";
import { DEFAULT_CHROMIUM } from "./render/chromium-path.js";
import { PdfRenderer } from "./render/pdf-renderer.js";
import { gradeStore, seedStore, stageContext } from "./testing/seed-store.js";

// The layout of every page kind, measured in Chromium: no page wider than a phone, dimension names
// readable, badge text readable on its colour, charts described in text, and headings that stay with
// what follows them when a card is printed.

const rubric = loadRubric();
const newStore = useTempStore({ lifetime: "suite" });
const tempDir = useTempDirs({ lifetime: "suite" });
const WIDTHS = [390, 1280] as const;
/** Every letter of the rubric, plus one it does not have (a rubric of other letters, or a state). */
const LETTERS = [...rubric.grades.map((g) => g.letter), "E", "N"];

let dir: string;
let store: Store;
let server: BrowserServer;
let browser: Browser;
const out = () => path.join(dir, "out");

/** The years the long agency reported: 2021 is missing, so its charts have a gap. */
const LONG_YEARS = [2019, 2020, 2022, 2023, 2024];

/**
 * An agency with five reports (one year missing), many warnings and failed checks: a card of four
 * printed pages. With 21 warnings, the card as printed before headings were kept with what follows
 * them ended its third page on the heading 来源.
 */
async function seedLongAgency(s: Store): Promise<void> {
  await upsertAgencies(s.db, [
    testAgency({
      id: "long",
      name: "示例市住房和城乡建设局（示例市人民防空办公室）",
      regionCode: "990100",
      level: "department",
      parentId: "city",
      siteUrl: "http://long.example.gov.cn/",
      listUrls: [],
    }),
  ]);
  for (const year of LONG_YEARS) {
    const { id } = await upsertDocument(s.db, {
      agencyId: "long",
      url: `http://long.example.gov.cn/zwgk/zfxxgkndbg/${year}/t${year}0131_0000${year}_very_long_path_segment.html`,
      kind: "article",
    });
    const { sha256 } = await s.blobs.put(Buffer.from(`<html>long ${year}</html>`));
    await recordDocumentContent(s.db, id, { sha256, contentType: "text/html" });
    const n = 30 + (year - 2019) * 7;
    await saveExtraction(s.db, {
      documentId: id,
      agencyId: "long",
      year,
      title: `示例市住房和城乡建设局${year}年政府信息公开工作年度报告`,
      publishDate: `${year + 1}-01-25`,
      publishDateSource: "metadata",
      format: "2021",
      text: `一、总体情况\n${year}年，本局推进政府信息公开工作。`,
      metadata: { sourceKind: "html" },
      warnings: Array.from(
        { length: 21 },
        (_, i) =>
          `第${i + 1}条提示：表格第${i + 2}行的数字与正文所述不一致，已按表格数字计算（${year}年度）。`,
      ),
      values: [
        { key: "apply.new_received.total", value: n, raw: String(n), excerpt: "x" },
        { key: "apply.carried_over.total", value: 2, raw: "2", excerpt: "x" },
        { key: "apply.granted.total", value: n - 5, raw: String(n - 5), excerpt: "x" },
        { key: "apply.handled_total.total", value: n, raw: String(n), excerpt: "x" },
      ],
      sections: [{ key: "overview", title: "一、总体情况", text: "本局推进政府信息公开工作。" }],
      checks: Array.from({ length: 12 }, (_, i) => ({
        key: `T3-${String.fromCharCode(65 + i)}:legal_person_and_other_organizations`,
        severity: "hard" as const,
        status: "fail" as const,
        left: `new_received + carried_over = ${n} + 2 = ${n + 2}`,
        right: `handled_total + carried_forward = ${n} + ${i} = ${n + i}`,
        message: `T3-${String.fromCharCode(65 + i)} fails for legal_person_and_other_organizations: ${n + 2} ≠ ${n + i}`,
      })),
      extractorVersion: "1",
    });
  }
}

/** The page kinds, as published: the index, a summary, and every card of 2024. */
const PAGES = [
  "index.html",
  "jurisdictions/city/2024.html",
  "cards/city/2024.html",
  "cards/bad/2024.html",
  "cards/quiet/2024.html",
  "cards/long/2024.html",
];

/** What one page measures at one viewport width (computed in the page, from its layout). */
interface Measured {
  scrollWidth: number;
  viewport: number;
  dimensionNames: { text: string; width: number; fontSize: number; lines: number }[];
  badges: { text: string; className: string; color: string; background: string; contrast: number }[];
  charts: { desc: string; title: string; overlaps: string[] }[];
}

// Runs in the page (as a string: this package's TypeScript has no DOM types). Badges of every
// letter are added to the page as probes, so the colours of letters this world has no grade of are
// measured too.
const MEASURE = `(() => {
  const rgb = (s) => { const m = s.match(/[\\d.]+/g) || []; return m.map(Number); };
  const lum = ([r, g, b]) => { const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor; const v = rgb(c);
      if (v.length === 3 || (v.length === 4 && v[3] > 0)) return c;
    }
    return "rgb(255, 255, 255)";
  };
  const probes = document.createElement("div");
  for (const l of ${JSON.stringify(LETTERS)}) {
    for (const kind of ["grade", "letter"]) {
      const s = document.createElement("span"); s.className = kind + " grade-" + l; s.textContent = l; s.dataset.probe = "1"; probes.appendChild(s);
    }
  }
  document.querySelector("main").appendChild(probes);
  const badges = [...document.querySelectorAll(".grade, .letter")].map((el) => {
    const color = getComputedStyle(el).color; const bg = background(el);
    const [a, b] = [lum(rgb(color)), lum(rgb(bg))];
    return { text: el.textContent, className: el.className + (el.dataset.probe ? " (probe)" : ""), color, background: bg,
      contrast: Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 100) / 100 };
  });
  probes.remove();
  const lines = (el) => { const r = document.createRange(); r.selectNodeContents(el); return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size; };
  const dims = [...document.querySelectorAll(".dim-name")].map((el) => ({ text: el.textContent, width: el.getBoundingClientRect().width,
    fontSize: parseFloat(getComputedStyle(el).fontSize), lines: lines(el) }));
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const charts = [...document.querySelectorAll(".charts svg")].map((svg) => {
    const title = svg.querySelector("text.chart-title") || svg.querySelector("text");
    const box = title.getBoundingClientRect();
    const overlaps = [...svg.querySelectorAll("text")].filter((t) => t !== title && hit(box, t.getBoundingClientRect())).map((t) => t.textContent);
    return { desc: (svg.querySelector("desc") || {}).textContent || "", title: title.textContent, overlaps };
  });
  return { scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth, dimensionNames: dims, badges, charts };
})()`;

const measured = new Map<string, Measured>();

beforeAll(async () => {
  dir = tempDir();
  store = await newStore();
  await seedStore(store);
  await seedLongAgency(store);
  await gradeStore(store, rubric);
  await publishStage.run(stageContext(store), {
    outDir: out(),
    rubric,
    generatedOn: "2025-06-01",
    pdf: false,
  });
  server = await chromium.launchServer({
    executablePath: DEFAULT_CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  browser = await chromium.connect(server.wsEndpoint());
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    for (const file of PAGES) {
      await page.goto(pathToFileURL(path.join(out(), file)).href, { waitUntil: "load" });
      measured.set(`${file}@${width}`, (await page.evaluate(MEASURE)) as Measured);
    }
    await context.close();
  }
}, 120_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.close().catch(() => {});
});

const each = () => [...measured].map(([key, m]) => ({ key, m }));

describe.each(WIDTHS)("every page kind at %i px", (width) => {
  const at = () => each().filter(({ key }) => key.endsWith(`@${width}`));

  it("is no wider than the viewport (tables scroll inside their own wrapper)", () => {
    expect(at()).toHaveLength(PAGES.length);
    for (const { key, m } of at()) {
      expect(m.viewport, key).toBe(width);
      expect(m.scrollWidth, key).toBeLessThanOrEqual(width);
    }
  });

  it("shows each dimension name at least two characters wide, on at most two lines", () => {
    const cards = at().filter(({ key }) => key.startsWith("cards/"));
    for (const { key, m } of cards) {
      expect(m.dimensionNames.length, key).toBeGreaterThan(0);
      for (const d of m.dimensionNames) {
        expect(d.width, `${key} ${d.text}`).toBeGreaterThanOrEqual(2 * d.fontSize);
        expect(d.lines, `${key} ${d.text}`).toBeLessThanOrEqual(2);
      }
    }
  });

  it("writes every grade badge at a contrast of 4.5:1 or more on its colour (WCAG AA)", () => {
    for (const { key, m } of at()) {
      // The probes: both badge kinds of every letter, on every page.
      expect(
        m.badges.filter((b) => b.className.endsWith("(probe)")),
        key,
      ).toHaveLength(LETTERS.length * 2);
      for (const b of m.badges)
        expect(b.contrast, `${key} ${b.className} ${b.color} on ${b.background}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("describes every chart in its <desc>, and no label overlaps a chart's title", () => {
    const charted = at().filter(({ m }) => m.charts.length > 0);
    expect(charted.map(({ key }) => key.split("@")[0]).sort()).toEqual([
      "cards/bad/2024.html",
      "cards/long/2024.html",
      "jurisdictions/city/2024.html",
    ]);
    for (const { key, m } of charted)
      for (const c of m.charts) {
        expect(c.desc.trim(), `${key} ${c.title}`).not.toBe("");
        expect(c.overlaps, `${key} ${c.title}`).toEqual([]);
      }
  });
});

describe("charts on a card", () => {
  it("list every year's value in the description, a missing year as 无数据, and mark the card's year", () => {
    const charts = measured.get("cards/long/2024.html@1280")!.charts;
    expect(charts.map((c) => c.title)).toEqual(["收到申请（本年新收，件）", "公开率（%）"]);
    // The card's year is marked (本年度) once the card passes it to the chart as `highlight`.
    expect(charts[0]!.desc).toMatch(
      /^收到申请（本年新收，件）：2019年 \d+；2020年 \d+；2021年 无数据；2022年 \d+；2023年 \d+；2024年 \d+（本年度）$/,
    );
    expect(charts[1]!.desc).toMatch(/^公开率（%）：2019年 .*；2021年 无数据；.*2024年 [\d.]+%(（本年度）)?$/);
  });
});

describe("a card printed as a PDF", () => {
  it("never ends a page on a heading", async () => {
    const file = path.join(out(), "cards/long/2024.html");
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    const headings = (await page.locator("h1, h2, h3").allTextContents()).map((h) => h.trim());
    await page.close();
    expect(headings.length).toBeGreaterThan(4);
    const renderer = new PdfRenderer({ root: out() });
    const pdfFile = path.join(dir, "long-2024.pdf");
    try {
      writeFileSync(pdfFile, await renderer.render(file, "示例 · 2024年度报告评估", "2025-06-01"));
    } finally {
      await renderer.close();
    }
    // The layout's print styles ask for the print font: every font is an embedded CID TrueType
    // subset (a CFF font such as Noto Sans CJK would print as Type 3), and the card stays small.
    const fonts = execFileSync("pdffonts", [pdfFile], { encoding: "utf8" })
      .split("\n")
      .slice(2)
      .filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((line) => !/ CID TrueType +Identity-H +yes +yes /.test(line))).toEqual([]);
    expect(statSync(pdfFile).size).toBeLessThan(150 * 1024);
    const pages = Number(
      /Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdfFile], { encoding: "utf8" }))?.[1],
    );
    // Several pages, or the check below would check nothing.
    expect(pages).toBeGreaterThanOrEqual(3);
    const endings: string[] = [];
    for (let n = 1; n <= pages; n++) {
      const text = execFileSync("pdftotext", ["-layout", "-f", String(n), "-l", String(n), pdfFile, "-"], {
        encoding: "utf8",
      });
      // The last line of the page's content: the footer "第 N / M 页" sits in the margin, below it.
      const lines = text
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "" && !/^第\s*\d+\s*\/\s*\d+\s*页$/.test(l));
      endings.push(lines.at(-1) ?? "");
    }
    if (process.env.LAYOUT_REPORT) console.log({ pages, endings });
    for (const [i, last] of endings.entries())
      expect(headings, `page ${i + 1} ends "${last}"`).not.toContain(last);
  });
});

afterAll(() => {
  if (!process.env.LAYOUT_REPORT) return;
  for (const [key, m] of measured)
    console.log(
      key,
      JSON.stringify({
        scrollWidth: m.scrollWidth,
        dims: m.dimensionNames.map((d) => `${d.text}:${Math.round(d.width)}px/${d.lines}l`),
        lowContrast: [
          ...new Set(m.badges.filter((b) => b.contrast < 4.5).map((b) => `${b.className} ${b.contrast}`)),
        ],
        charts: m.charts.map((c) => ({ desc: c.desc, overlaps: c.overlaps })),
      }),
    );
});
