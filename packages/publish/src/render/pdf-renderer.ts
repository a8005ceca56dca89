import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, BrowserServer, BrowserContext, Page } from "playwright-core";
import { PdfRenderError } from "../errors.js";
import { defaultPdfChromium } from "./chromium-path.js";
import { cssString } from "./escape.js";
import { unlinkLocal } from "./local-links.js";
import { inlineStylesheet } from "./stylesheet.js";
import { PRINT_FONT_STACK } from "./print-font-faces.js";
import {
  type FontFace,
  type PrintFonts,
  codePointsOf,
  findPrintFont,
  preparePrintFonts,
} from "./print-fonts.js";

// Chromium on a closed network: no background traffic, no component updates, no sandbox as root.
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
  "--disable-default-apps",
  "--disable-extensions",
  "--disable-breakpad",
  "--disable-crash-reporter",
];

export interface PdfRendererOptions {
  /** The Chromium executable (default `defaultPdfChromium()`). */
  chromium?: string;
  /**
   * Pages printed at once: a whole number, 1 or more (default 2). Each has its own tab, reused
   * from page to page; on this 2-core machine two keep Chromium's processes busy.
   */
  concurrency?: number;
  /**
   * The directory every page printed and every file it loads must be in (the output directory);
   * default: each page's own directory. Nothing else loads: no other file, no network at all.
   */
  root?: string;
  /**
   * The CJK font printed with (see `PRINT_FACES`): default `findPrintFont()`'s; null prints with
   * the system's fonts.
   */
  printFont?: FontFace | null;
  /**
   * The text of every page the renderer will print (and of their margin lines): the print font is a
   * subset of these characters. Default: the first page's (a character only later pages have is then
   * printed with a system font).
   */
  characters?: Iterable<number>;
}

/**
 * Whether a printed page may load this URL: a `file://` URL of a file inside `root`. Every other
 * URL (http, https, data, a file elsewhere, a file URL with a host) is refused.
 */
export function mayLoad(url: string, root: string): boolean {
  if (!url.startsWith("file:")) return false;
  let file: string;
  try {
    file = fileURLToPath(url);
  } catch {
    return false;
  }
  const relative = path.relative(root, file);
  return relative !== "" && !path.isAbsolute(relative) && relative.split(path.sep)[0] !== "..";
}

/**
 * A browser context for printing the card of a hostile page's agency: no JavaScript, no service
 * workers, and every request but the files inside `root` aborted. Pages are printed from their
 * markup (`setContent`, no navigation): a relative URL in a page loads nothing at all.
 */
async function lockedContext(browser: Browser, root: string): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: "block" });
  await context.route("**/*", (route) =>
    mayLoad(route.request().url(), root) ? route.continue() : route.abort("blockedbyclient"),
  );
  return context;
}

/** Chromium stamps the current time into the PDF; replace it with the declared generation date (same length). */
export function pinPdfDates(pdf: Buffer, generatedOn: string): Buffer {
  const stamp = `D:${generatedOn.replace(/-/g, "")}000000`;
  const text = pdf.toString("latin1").replace(/D:\d{14}/g, stamp);
  return Buffer.from(text, "latin1");
}

/** The margin lines' look: small grey text in the print font. */
const MARGIN_LOOK = `font-size:8px;color:#666;font-family:${PRINT_FONT_STACK},"DejaVu Sans",sans-serif`;

/**
 * The margin lines as the page's own CSS page-margin boxes: `header` at the top left, "第 N / M 页"
 * at the bottom. Chromium lays them out with the page; its header and footer templates (a document
 * of their own printed on every page) cost a quarter of a card's print time.
 */
export function marginRules(header: string): string {
  return (
    `<style>@page{@top-left{content:${cssString(header)};${MARGIN_LOOK}}` +
    `@bottom-center{content:"第 " counter(page) " / " counter(pages) " 页";${MARGIN_LOOK}}}</style>`
  );
}

/**
 * The page's markup with `rules` put at the end of its head, or at its end when it has none (never
 * before its doctype, which would print it in quirks mode).
 */
export function withRules(html: string, rules: string): string {
  const head = html.search(/<\/head>/i);
  return head >= 0 ? html.slice(0, head) + rules + html.slice(head) : html + rules;
}

/**
 * One browser for a whole publish run, printing a bounded number of pages at once, each in a tab
 * kept from page to page (a page is set, not navigated to: a navigation costs ~50 ms, setting the
 * markup ~15 ms). Its fonts: a subset of a TrueType CJK font (see `preparePrintFonts`).
 */
export class PdfRenderer {
  private opening: Promise<Browser> | undefined;
  private server: BrowserServer | undefined;
  private context: BrowserContext | undefined;
  private fonts: PrintFonts | undefined;
  /** Tabs not printing now. */
  private readonly idle: Page[] = [];
  private tabs = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly executablePath: string;
  private readonly concurrency: number;
  private readonly root: string | undefined;
  private readonly printFont: FontFace | null | undefined;
  private characters: Iterable<number> | undefined;

  /** Throws RangeError when `concurrency` is not a whole number of 1 or more (below 1, no page would ever render). */
  constructor({
    chromium = defaultPdfChromium(),
    concurrency = 2,
    root,
    printFont,
    characters,
  }: PdfRendererOptions = {}) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(
        `PDF renderer: concurrency must be a whole number of 1 or more, got ${concurrency}`,
      );
    }
    this.executablePath = chromium;
    this.concurrency = concurrency;
    this.root = root === undefined ? undefined : path.resolve(root);
    this.printFont = printFont;
    this.characters = characters;
  }

  /** The print font's faces' size in bytes (0 before the browser starts or when printing with the system's fonts). */
  get printFontBytes(): number {
    return this.fonts?.bytes ?? 0;
  }

  private open(root: string): Promise<Browser> {
    this.opening ??= this.launch(root);
    return this.opening;
  }

  private async launch(root: string): Promise<Browser> {
    if (!existsSync(this.executablePath)) {
      throw new PdfRenderError(
        `Chromium not found at ${this.executablePath} (install Debian's chromium-headless-shell or chromium, or set TOUMING_CHROMIUM)`,
      );
    }
    const face =
      this.printFont === undefined ? findPrintFont() : this.printFont && findPrintFont(this.printFont);
    if (this.printFont && !face)
      throw new PdfRenderError(`PDF renderer: the print font ${this.printFont.file} does not exist`);
    if (face) {
      try {
        this.fonts = await preparePrintFonts(face, [...codePointsOf([]), ...(this.characters ?? [])]);
      } catch (error) {
        throw new PdfRenderError(
          `PDF renderer: the print font ${face.file} could not be subset: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
    try {
      // Loaded only when PDFs are wanted: playwright-core is most of the CLI's start-up memory.
      const { chromium } = await import("playwright-core");
      // launchServer + connect rather than launch: with launch, Chromium's helper processes keep the
      // debugging pipe open after close and Node never exits (seen with Debian's chromium 156).
      this.server = await chromium.launchServer({
        executablePath: this.executablePath,
        args: FLAGS,
        timeout: 60_000,
        env: { ...process.env, ...this.fonts?.env },
      });
      const browser = await chromium.connect(this.server.wsEndpoint());
      this.context = await lockedContext(browser, root);
      return browser;
    } catch (error) {
      await this.shutDown(undefined);
      throw new PdfRenderError(
        `Chromium at ${this.executablePath} did not start: ${(error as Error).message.split("\n")[0]}`,
        { cause: error },
      );
    }
  }

  /** A tab to print in: an idle one, a new one while fewer than `concurrency` exist, else the next freed. */
  private async tab(): Promise<Page> {
    for (;;) {
      const idle = this.idle.pop();
      if (idle) return idle;
      if (this.tabs < this.concurrency) {
        this.tabs++;
        try {
          return await this.context!.newPage();
        } catch (error) {
          this.tabs--;
          throw error;
        }
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(page: Page): void {
    this.idle.push(page);
    this.waiting.shift()?.();
  }

  /**
   * Renders an HTML file to an A4 PDF with "agency · year" and "page X / Y" in the margins, in a
   * locked context (see `lockedContext`), its local links as plain text (see `unlinkLocal`).
   */
  async render(htmlFile: string, header: string, generatedOn: string): Promise<Buffer> {
    const file = path.resolve(htmlFile);
    const root = this.root ?? path.dirname(file);
    if (!mayLoad(pathToFileURL(file).href, root))
      throw new PdfRenderError(`PDF renderer: ${file} is not inside ${root}`);
    if (!this.opening && !this.characters) {
      const first = await readFile(file, "utf8").catch(() => "");
      this.characters = codePointsOf([first, header]);
    }
    await this.open(root);
    const page = await this.tab();
    try {
      // Read once a tab is free: a run queues thousands of pages, never holds them all.
      const html = withRules(
        unlinkLocal(inlineStylesheet(await readFile(file, "utf8"))),
        marginRules(header),
      );
      await page.setContent(html, { waitUntil: "load", timeout: 60_000 });
      const pdf = await page.pdf({
        format: "A4",
        printBackground: true,
        margin: { top: "18mm", bottom: "16mm", left: "14mm", right: "14mm" },
      });
      this.release(page);
      return pinPdfDates(pdf, generatedOn);
    } catch (error) {
      // A tab that failed is not reused: another takes its place.
      this.tabs--;
      await page.close().catch(() => {});
      this.waiting.shift()?.();
      throw error;
    }
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    await this.shutDown(await opening?.catch(() => undefined));
  }

  /** Closes the tabs, the browser and its server (killed if it lingers), and removes the print font. */
  private async shutDown(browser: Browser | undefined): Promise<void> {
    await this.context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    const proc = this.server?.process();
    await this.server?.close().catch(() => {});
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    await this.fonts?.dispose();
    this.context = undefined;
    this.server = undefined;
    this.fonts = undefined;
    this.idle.length = 0;
    this.tabs = 0;
  }
}
