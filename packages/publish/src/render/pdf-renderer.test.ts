import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { useTempDirs } from "@touming/testing";
import { describe, expect, it, vi } from "vitest";
import { PdfRenderError } from "../errors.js";
import { DEFAULT_CHROMIUM, HEADLESS_SHELL, defaultPdfChromium } from "./chromium-path.js";
import { PdfRenderer, mayLoad, withRules } from "./pdf-renderer.js";
import { PRINT_FONT_STACK } from "./print-font-faces.js";
import { type PdfJob, printPdfsHere } from "../outputs/pdfs.js";

const tempDir = useTempDirs();

/** A loopback HTTP server that answers every request with an image-like body, counting what it got. */
async function loopback(): Promise<{ server: Server; port: number; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? "");
    res.writeHead(200, { "content-type": "text/html" }).end("LOOPBACK-BODY");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, requests };
}

/** The PDF's text as pdftotext reads it. */
const pdfText = (pdf: Buffer, dir: string) => {
  const file = path.join(dir, "page.pdf");
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
};

describe("PdfRenderer options", () => {
  it("prints two pages at once by default", () => {
    expect((new PdfRenderer() as unknown as { concurrency: number }).concurrency).toBe(2);
  });

  it("refuses a concurrency below 1 or not whole (no page would ever render)", () => {
    for (const concurrency of [0, -1, 1.5, Number.NaN])
      expect(() => new PdfRenderer({ concurrency })).toThrow(
        new RangeError(`PDF renderer: concurrency must be a whole number of 1 or more, got ${concurrency}`),
      );
    expect(() => new PdfRenderer({ concurrency: 4 })).not.toThrow();
  });

  it("puts the margin rules at the end of the head, or at the end of a page without one", () => {
    expect(
      withRules(
        "<!DOCTYPE html><html><head><title>t</title></head><body>b</body></html>",
        "<style>r</style>",
      ),
    ).toBe("<!DOCTYPE html><html><head><title>t</title><style>r</style></head><body>b</body></html>");
    // Never before the doctype: the page would print in quirks mode.
    expect(withRules("<!DOCTYPE html><p>x</p>", "<style>r</style>")).toBe(
      "<!DOCTYPE html><p>x</p><style>r</style>",
    );
  });

  it("prints with Debian's headless shell when it is there, else with the full chromium", () => {
    expect(HEADLESS_SHELL).toBe("/usr/bin/chromium-headless-shell");
    expect(defaultPdfChromium((file) => file === HEADLESS_SHELL)).toBe("/usr/bin/chromium-headless-shell");
    expect(defaultPdfChromium(() => false)).toBe("/usr/bin/chromium");
    expect((new PdfRenderer({}) as unknown as { executablePath: string }).executablePath).toBe(
      defaultPdfChromium(),
    );
  });

  it("reads no environment: the Chromium path and the pages at once are options (or plain defaults)", async () => {
    // Variables that would change both if the module still read them (0 pages used to hang publish).
    const before = { chromium: process.env.TOUMING_CHROMIUM, pages: process.env.TOUMING_PDF_PAGES };
    process.env.TOUMING_CHROMIUM = "/elsewhere/chromium";
    process.env.TOUMING_PDF_PAGES = "0";
    vi.resetModules();
    try {
      const fresh = await import("./pdf-renderer.js");
      const paths = await import("./chromium-path.js");
      expect(paths.DEFAULT_CHROMIUM).toBe("/usr/bin/chromium");
      expect(() => new fresh.PdfRenderer()).not.toThrow();
    } finally {
      for (const [name, value] of [
        ["TOUMING_CHROMIUM", before.chromium],
        ["TOUMING_PDF_PAGES", before.pages],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(DEFAULT_CHROMIUM).toBe("/usr/bin/chromium");
    const missing = "/nonexistent/chromium";
    const renderer = new PdfRenderer({ chromium: missing });
    const error = await renderer.render("/nonexistent/card.html", "header", "2025-06-01").catch((e) => e);
    expect(error).toBeInstanceOf(PdfRenderError);
    expect((error as Error).message).toBe(
      `Chromium not found at ${missing} (install Debian's chromium-headless-shell or chromium, or set TOUMING_CHROMIUM)`,
    );
    await renderer.close();
  });
});

describe("PdfRenderer on a hostile page (real Chromium)", () => {
  it("loads only files inside the root: no other file, no network, no data outside", () => {
    const root = "/srv/out";
    const url = (p: string) => pathToFileURL(p).href;
    expect(mayLoad(url("/srv/out/cards/a/2024.html"), root)).toBe(true);
    expect(mayLoad(url("/srv/out/archive/x.pdf"), root)).toBe(true);
    for (const refused of [
      url("/srv/out"),
      url("/srv/outside.html"),
      url("/etc/passwd"),
      "file:///srv/out/../secret.html",
      "file:///srv/out/a%2F..%2F..%2Fsecret",
      "file://host/srv/out/a.html",
      "http://127.0.0.1/x",
      "https://example.gov.cn/",
      "data:text/html,x",
    ])
      expect(mayLoad(refused, root), refused).toBe(false);
  });

  it("runs no script, loads nothing from the network or outside the out dir, prints no local link", async () => {
    const dir = tempDir();
    const out = path.join(dir, "out");
    mkdirSync(path.join(out, "cards/bad"), { recursive: true });
    writeFileSync(path.join(dir, "secret.html"), "SECRET-OUTSIDE-OUT");
    writeFileSync(path.join(out, "cards/inside.html"), "INSIDE-OUT-FRAME");
    const { server, port, requests } = await loopback();
    const page = path.join(out, "cards/bad/2024.html");
    writeFileSync(
      page,
      `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<p>CARD-TEXT</p>
<script>document.write("SCRIPT-WROTE-THIS")</script>
<img src="http://127.0.0.1:${port}/x"><link rel="stylesheet" href="http://127.0.0.1:${port}/s.css">
<iframe src="file:///etc/passwd"></iframe>
<iframe src="${pathToFileURL(path.join(dir, "secret.html")).href}"></iframe>
<iframe src="http://127.0.0.1:${port}/frame"></iframe>
<iframe src="../inside.html"></iframe>
<p><a href="../../archive/abc.html">archive/abc.html</a> <a href="https://example.gov.cn/ndbg">SOURCE-LINK</a></p>
</body></html>`,
    );
    const renderer = new PdfRenderer({ root: out });
    try {
      const pdf = await renderer.render(page, "HEADER-LINE", "2025-06-01");
      const text = pdfText(pdf, dir);
      expect(text).toContain("CARD-TEXT");
      // Pages are printed from their markup, not navigated to: even a relative URL into the out
      // dir loads nothing (cards load nothing; everything they show is in the page).
      expect(text).not.toContain("INSIDE-OUT-FRAME");
      expect(text).not.toContain("SCRIPT-WROTE-THIS");
      expect(text).not.toMatch(/root:.*:0:0:/);
      expect(text).not.toContain("SECRET-OUTSIDE-OUT");
      expect(text).not.toContain("LOOPBACK-BODY");
      expect(requests).toEqual([]);
      // The archive link is its path as text; the PDF holds no local URL at all.
      expect(text).toContain("archive/abc.html");
      expect(text).not.toContain("file://");
      const raw = pdf.toString("latin1");
      expect(raw).not.toContain("file:");
      expect(raw).toContain("/URI (https://example.gov.cn/ndbg)");
    } finally {
      await renderer.close();
      server.close();
    }
  });

  it("prints a header of any text as text in the top margin, and the page numbers at the bottom", async () => {
    const dir = tempDir();
    const page = path.join(dir, "card.html");
    writeFileSync(
      page,
      `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>正文</p></body></html>`,
    );
    const renderer = new PdfRenderer({ root: dir });
    try {
      const header = '某局 "}</style><p>INJECTED</p>\\ · 2024';
      const pdf = await renderer.render(page, header, "2025-06-01");
      const lines = pdfText(pdf, dir)
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean);
      // (pdftotext sets the page line's words apart as it measures them.)
      expect([lines[0], lines[1], lines[2]?.replace(/\s+/g, "")]).toEqual([header, "正文", "第1/1页"]);
      expect(lines).toHaveLength(3);
    } finally {
      await renderer.close();
    }
  });

  it("refuses to print a page outside its root", async () => {
    const renderer = new PdfRenderer({ root: "/srv/out" });
    const error = await renderer.render("/srv/elsewhere/card.html", "h", "2025-06-01").catch((e) => e);
    expect(error).toBeInstanceOf(PdfRenderError);
    expect((error as Error).message).toBe("PDF renderer: /srv/elsewhere/card.html is not inside /srv/out");
    await renderer.close();
  });
});

/** The fonts `pdffonts` lists in a PDF: type, embedded, subset. */
function fontsOf(pdf: Buffer, dir: string): { name: string; type: string; embedded: boolean }[] {
  const file = path.join(dir, "fonts.pdf");
  writeFileSync(file, pdf);
  return execFileSync("pdffonts", [file], { encoding: "utf8" })
    .split("\n")
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => ({
      name: l.split(/\s+/)[0]!,
      type: /\s(Type 3|CID TrueType|TrueType|Type 1C?|CID Type 0C?)\s/.exec(l)?.[1] ?? l,
      embedded: / yes +(yes|no) +(yes|no) +\d+/.test(l),
    }));
}

describe("PdfRenderer's fonts (real Chromium)", () => {
  it("embeds CID TrueType subsets of the print font, never Type 3: bold, signs, monospace and SVG text", async () => {
    const dir = tempDir();
    const page = path.join(dir, "card.html");
    // The layout's print styles ask for the print font, as every card does.
    writeFileSync(
      page,
      `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@media print { body { font-family: ${PRINT_FONT_STACK}, "DejaVu Sans", sans-serif; } code { font-family: "DejaVu Sans Mono", ${PRINT_FONT_STACK}, monospace; } }
</style></head><body>
<h1>临江市人力资源和社会保障局 2024年政府信息公开工作年度报告</h1>
<p>盱眙县 亳州市 㐀</p>
<p><b class="fail">−2.5</b> 报告缺少「其他需要报告的事项」部分。✓ ✗ 《条例》第五十条</p>
<p><code>sha256:9f86d081884c7d65</code></p>
<svg width="200" height="40"><text x="10" y="20" font-weight="bold">公开率（%）</text></svg>
</body></html>`,
    );
    const renderer = new PdfRenderer({ root: dir });
    try {
      const pdf = await renderer.render(
        page,
        "临江市人力资源和社会保障局 · 2024年度报告评估 · A 95分",
        "2025-06-01",
      );
      const fonts = fontsOf(pdf, dir);
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.filter((f) => f.type !== "CID TrueType")).toEqual([]);
      expect(fonts.every((f) => f.embedded && /^[A-Z]{6}\+/.test(f.name))).toBe(true);
      // The print font's faces: the common characters, GB 2312's level 2 (盱眙亳) and the page's
      // others (㐀), each embedded as a subset of its own. Together far smaller than the 16 MB
      // collection (about 2.3 MB, almost all of it the fixed faces). A face drawn in bold (synthetic:
      // the font has no bold) is embedded once more.
      expect(fonts.filter((f) => /\+WenQuanYiZenHei$/.test(f.name)).length).toBeGreaterThanOrEqual(3);
      expect(renderer.printFontBytes).toBeGreaterThan(1_000_000);
      expect(renderer.printFontBytes).toBeLessThan(4_000_000);
      // The text is extractable (spaces aside): page, margin lines, signs, monospace and SVG text.
      const text = pdfText(pdf, dir).replace(/\s+/g, "");
      for (const words of [
        "临江市人力资源和社会保障局2024年政府信息",
        "盱眙县亳州市㐀",
        "−2.5报告缺少「其他需要报告的事项」部分。✓✗《条例》第五十条",
        "sha256:9f86d081884c7d65",
        "公开率（%）",
        "2024年度报告评估·A95分",
        "第1/1页",
      ])
        expect(text).toContain(words);
      expect(pdf.length).toBeLessThan(60_000);
    } finally {
      await renderer.close();
    }
  });

  it("prints a page to the same bytes whichever other pages its run prints beside it", async () => {
    // A run prints its queued pages with one print font, its last face a subset of the characters
    // of all of them that the fixed faces lack: a PDF printed again alone (after a stopped run, or on
    // a render worker) must come out as the run that printed it with every other page did.
    const dir = tempDir();
    const page = (name: string, body: string) => {
      const file = path.join(dir, `${name}.html`);
      writeFileSync(
        file,
        `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@media print { body { font-family: ${PRINT_FONT_STACK}, sans-serif; } }
</style></head><body>${body}</body></html>`,
      );
      return { file, header: `${name} · 2024年度报告评估`, kind: "card", agencyId: name, year: 2024 };
    };
    const card = page(
      "qinghe-wjj",
      "<h1>清河县卫生健康局 2024年政府信息公开工作年度报告</h1><p>主动公开 112 条。盱眙 㐀</p>",
    );
    const other = page(
      "linjiang",
      "<h1>临江市人民政府办公室 淮安市财政局 凌源市民政局</h1><p>（一）《条例》第二十条 亳 㐁㐂 ⼈⺠</p>",
    );
    const print = async (jobs: PdfJob[]) => {
      const context = {
        outDir: dir,
        generatedOn: "2025-06-01",
        renderer: {},
        signal: new AbortController().signal,
      };
      await printPdfsHere(jobs, context, async () => {});
      return readFileSync(path.join(dir, "qinghe-wjj.pdf"));
    };
    const withOther = await print([card, other]);
    rmSync(path.join(dir, "qinghe-wjj.pdf"));
    const alone = await print([card]);
    // Its three faces at least (the rare 㐀 in the last, which the other page's rare characters share).
    expect(
      fontsOf(alone, dir).filter((f) => /\+WenQuanYiZenHei$/.test(f.name)).length,
    ).toBeGreaterThanOrEqual(3);
    expect(alone.equals(withOther)).toBe(true);
  });

  it("refuses a print font that does not exist, naming it", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "a.html"), "<p>x</p>");
    const renderer = new PdfRenderer({ root: dir, printFont: { file: "/nonexistent/font.ttc", index: 0 } });
    const error = await renderer.render(path.join(dir, "a.html"), "h", "2025-06-01").catch((e) => e);
    expect(error).toBeInstanceOf(PdfRenderError);
    expect((error as Error).message).toBe(
      "PDF renderer: the print font /nonexistent/font.ttc does not exist",
    );
    await renderer.close();
  });

  it("prints several pages at once, and the process exits once it is closed (no helper holds it)", () => {
    const dir = tempDir();
    for (let i = 0; i < 6; i++) writeFileSync(path.join(dir, `p${i}.html`), `<p>第${i}页 政府信息公开</p>`);
    const renderer = new URL("../../dist/render/pdf-renderer.js", import.meta.url).href;
    // A process of its own: a helper left holding Chromium's pipes would keep it from exiting.
    const script = `
      import { PdfRenderer } from ${JSON.stringify(renderer)};
      const r = new PdfRenderer({ root: ${JSON.stringify(dir)}, concurrency: 3 });
      const pdfs = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => r.render(${JSON.stringify(dir)} + "/p" + i + ".html", "h", "2025-06-01")));
      await r.close();
      console.log(pdfs.map((p) => p.subarray(0, 5).toString()).join(","));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(out.trim()).toBe(Array(6).fill("%PDF-").join(","));
  });
});
