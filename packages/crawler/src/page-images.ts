import { LANDING_PAGE_CHARS } from "@touming/vocabulary";
import { type LinkCandidate, resolveLink } from "./page-links.js";
import type { PageVisitor } from "./page-walk.js";
import { isSpace } from "./visible-text.js";

/** Image files a scanned page is published as. */
const PAGE_IMAGE_EXT = /\.(jpe?g|png|tiff?|gif|bmp|webp)$/i;

/** Site chrome, by the image's URL, alt, title, class or id: never a page of a report. */
const CHROME_WORDS =
  /logo|icon|banner|qr-?code|二维码|share|分享|button|btn|(?:^|[^a-z0-9])bg(?:[^a-z0-9]|$)|background|arrow|loading|blank|spacer|placeholder/i;

/** Containers of site chrome: an image inside one is not part of the article. */
const CHROME_TAGS = new Set(["header", "nav", "footer", "aside"]);
const CHROME_NAMES = /^(?:header|footer|nav|navbar|menu|sidebar|head|foot)(?:$|[-_])/i;

/** Images smaller than this (a `width` or `height` attribute in pixels) are icons, not pages. */
const MIN_PAGE_PIXELS = 200;

/** Elements whose content is not text a reader sees, or not the article's own. */
const NOT_ARTICLE_TEXT = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "textarea",
  "a",
  "select",
  "option",
]);

function isChrome(name: string, attributes: Readonly<Record<string, string>>): boolean {
  if (CHROME_TAGS.has(name)) return true;
  const { id, class: classes } = attributes;
  if (id === undefined && classes === undefined) return false;
  const names = `${id ?? ""} ${classes ?? ""}`.trim().split(/\s+/);
  return names.some((n) => CHROME_NAMES.test(n));
}

/** A `width`/`height` attribute below MIN_PAGE_PIXELS (a percentage or nothing says nothing). */
function tiny(value: string | undefined): boolean {
  const px = /^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$/i.exec(value ?? "");
  return px !== null && Number(px[1]) < MIN_PAGE_PIXELS;
}

/** The page an `<img>` shows, unless it is site chrome by its own file, alt, title, class, id or size. */
function pageImageOf(a: Readonly<Record<string, string>>, pageUrl: string): LinkCandidate | null {
  const candidates = [a["data-original"], a["data-src"], a.src].map((s) =>
    s ? resolveLink(s, pageUrl) : null,
  );
  const url = candidates.find((u) => u !== null && PAGE_IMAGE_EXT.test(new URL(u).pathname)) ?? null;
  if (!url) return null;
  const alt = (a.alt ?? a.title ?? "").replace(/\s+/g, " ").trim();
  const words = `${new URL(url).pathname} ${alt} ${a.title ?? ""} ${a.class ?? ""} ${a.id ?? ""}`;
  if (CHROME_WORDS.test(words) || tiny(a.width) || tiny(a.height)) return null;
  return { url, title: alt, date: null };
}

/**
 * Reads the scanned pages of an article whose body is a sequence of page images (often titled
 * "…（图片版）") as the page is walked (see walkPage): its `<img>` files (JPG, PNG, TIFF, GIF, BMP,
 * WebP; a lazy-loading `data-original` or `data-src` before `src`), in document order, without site
 * chrome (inside a header, nav or footer, or a box so named; a logo, icon, banner, QR code, share
 * button or background by its URL, alt or class; under 200 pixels by its `width` or `height`). None
 * when the page has text of its own beyond a landing page's (LANDING_PAGE_CHARS): an HTML report's
 * photos are not its pages. Titled by their `alt`.
 *
 * The article's own text is counted as it is walked: not scripts, white space, link texts (menus,
 * related articles) or site chrome. Once it passes LANDING_PAGE_CHARS, nothing more is looked at.
 */
export class PageImageReader implements PageVisitor {
  /** Per open element: whether its text is not the article's own (1) or it is chrome as well (3). */
  private readonly open_: number[] = [];
  /** Open elements whose text is not the article's own, and those of them that are site chrome. */
  private notText = 0;
  private chrome = 0;
  private textChars = 0;
  private readonly images: LinkCandidate[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly pageUrl: string) {}

  private get hasText(): boolean {
    return this.textChars > LANDING_PAGE_CHARS;
  }

  open(name: string, attributes: Readonly<Record<string, string>>): void {
    // An image inside chrome is chrome; its own class or id is judged by its words (pageImageOf).
    if (name === "img" && !this.hasText && this.chrome === 0) this.image(attributes);
    // A script or style is not a box of the page: never chrome, whatever its id.
    const chrome = name !== "script" && name !== "style" && isChrome(name, attributes);
    const flags = chrome ? CHROME : NOT_ARTICLE_TEXT.has(name) ? NOT_TEXT : 0;
    this.open_.push(flags);
    if (flags & NOT_TEXT) this.notText++;
    if (flags & CHROME_ONLY) this.chrome++;
  }

  private image(attributes: Readonly<Record<string, string>>): void {
    const image = pageImageOf(attributes, this.pageUrl);
    if (!image || this.seen.has(image.url)) return;
    this.seen.add(image.url);
    this.images.push(image);
  }

  close(): void {
    const flags = this.open_.pop() ?? 0;
    if (flags & NOT_TEXT) this.notText--;
    if (flags & CHROME_ONLY) this.chrome--;
  }

  text(data: string): void {
    if (this.notText > 0 || this.hasText) return;
    for (let i = 0; i < data.length; i++) if (!isSpace(data.charCodeAt(i))) this.textChars++;
  }

  /** The page images read, or none when the page has text of its own. */
  pageImages(): LinkCandidate[] {
    return this.hasText ? [] : this.images;
  }
}

const NOT_TEXT = 1;
const CHROME_ONLY = 2;
const CHROME = NOT_TEXT | CHROME_ONLY;
