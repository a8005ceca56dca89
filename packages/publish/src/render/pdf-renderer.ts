import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, BrowserServer, BrowserContext, Page } from "playwright-core";
import { PdfRenderError } from "../errors.js";
import { escapeHtml } from "./escape.js";

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

/** Where Debian's chromium is; callers pass another path as the `chromium` option. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

export interface PdfRendererOptions {
  /** The Chromium executable (default DEFAULT_CHROMIUM). */
  chromium?: string;
  /**
   * Pages rendered at once: a whole number, 1 or more (default 1). One page at a time because with
   * two pages open at once, Debian's chromium 156 leaves a helper holding the browser's pipes after
   * close and Node cannot exit; raise it where that does not happen.
   */
  concurrency?: number;
  /**
   * The directory every page printed and every file it loads must be in (the output directory);
   * default: each page's own directory. Nothing else loads: no other file, no network at all.
   */
  root?: string;
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
 * workers, and every request but the files inside `root` aborted.
 */
async function lockedContext(browser: Browser, root: string): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: "block" });
  await context.route("**/*", (route) =>
    mayLoad(route.request().url(), root) ? route.continue() : route.abort("blockedbyclient"),
  );
  return context;
}

/**
 * Takes the href off every link a PDF reader could not follow: Chromium prints a relative link as
 * the absolute `file://` URL it resolved to on this machine (a local path, dead for the reader).
 * Only http(s) and mailto links stay links; the others keep their text (cards show the archive's
 * path as the link's text). Runs in Playwright's own world: the page's JavaScript stays off.
 */
async function unlinkLocal(page: Page): Promise<void> {
  await page
    .locator("a[href]")
    .evaluateAll((links: { href: string; removeAttribute(name: string): void }[]) => {
      for (const link of links) if (!/^(https?|mailto):/i.test(link.href)) link.removeAttribute("href");
    });
}

/** Chromium stamps the current time into the PDF; replace it with the declared generation date (same length). */
export function pinPdfDates(pdf: Buffer, generatedOn: string): Buffer {
  const stamp = `D:${generatedOn.replace(/-/g, "")}000000`;
  const text = pdf.toString("latin1").replace(/D:\d{14}/g, stamp);
  return Buffer.from(text, "latin1");
}

/** One browser for a whole publish run, pages rendered a bounded number at a time. */
export class PdfRenderer {
  private browser: Browser | undefined;
  private server: BrowserServer | undefined;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly executablePath: string;
  private readonly concurrency: number;
  private readonly root: string | undefined;

  /** Throws RangeError when `concurrency` is not a whole number of 1 or more (below 1, no page would ever render). */
  constructor({ chromium = DEFAULT_CHROMIUM, concurrency = 1, root }: PdfRendererOptions = {}) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(
        `PDF renderer: concurrency must be a whole number of 1 or more, got ${concurrency}`,
      );
    }
    this.executablePath = chromium;
    this.concurrency = concurrency;
    this.root = root === undefined ? undefined : path.resolve(root);
  }

  private async open(): Promise<Browser> {
    if (this.browser) return this.browser;
    if (!existsSync(this.executablePath)) {
      throw new PdfRenderError(
        `Chromium not found at ${this.executablePath} (install Debian's chromium, or set TOUMING_CHROMIUM)`,
      );
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
      });
      this.browser = await chromium.connect(this.server.wsEndpoint());
    } catch (error) {
      await this.server?.close().catch(() => {});
      throw new PdfRenderError(
        `Chromium at ${this.executablePath} did not start: ${(error as Error).message.split("\n")[0]}`,
        { cause: error },
      );
    }
    return this.browser;
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
    while (this.active >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      const browser = await this.open();
      const context = await lockedContext(browser, root);
      const page = await context.newPage();
      try {
        await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 60_000 });
        await unlinkLocal(page);
        const pdf = await page.pdf({
          format: "A4",
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: `<div style="font-size:8px;width:100%;padding:0 14mm;color:#666;font-family:'Noto Sans CJK SC',sans-serif">${escapeHtml(header)}</div>`,
          footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;color:#666;font-family:'Noto Sans CJK SC',sans-serif">第 <span class="pageNumber"></span> / <span class="totalPages"></span> 页</div>`,
          margin: { top: "18mm", bottom: "16mm", left: "14mm", right: "14mm" },
        });
        return pinPdfDates(pdf, generatedOn);
      } finally {
        await context.close();
      }
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    await this.browser?.close().catch(() => {});
    const proc = this.server?.process();
    await this.server?.close().catch(() => {});
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    this.browser = undefined;
    this.server = undefined;
  }
}
