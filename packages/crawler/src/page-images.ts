import type { AnyNode, Element } from "domhandler";
import { LANDING_PAGE_CHARS } from "@touming/vocabulary";
import { elementsNamed } from "./page-elements.js";
import { type LinkCandidate, resolveLink } from "./page-links.js";
import { isSpace } from "./visible-text.js";

/** Image files a scanned page is published as. */
const PAGE_IMAGE_EXT = /\.(jpe?g|png|tiff?|gif|bmp|webp)$/i;

/** Site chrome, by the image's URL, alt, title, class or id: never a page of a report. */
const CHROME_WORDS =
  /logo|icon|banner|qr-?code|二维码|share|分享|button|btn|(?:^|[^a-z0-9])bg(?:[^a-z0-9]|$)|background|arrow|loading|blank|spacer|placeholder/i;

/** Containers of site chrome: an image inside one is not part of the article. */
const CHROME_TAGS = new Set(["header", "nav", "footer", "aside"]);
const CHROME_NAMES = /^(?:header|footer|nav|navbar|menu|sidebar|head|foot)(?:$|[-_])/i;

const IMAGES = new Set(["img"]);

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

function isChrome(el: Element): boolean {
  if (CHROME_TAGS.has(el.name)) return true;
  const { id, class: classes } = el.attribs;
  if (id === undefined && classes === undefined) return false;
  const names = `${id ?? ""} ${classes ?? ""}`.trim().split(/\s+/);
  return names.some((n) => CHROME_NAMES.test(n));
}

/** Whether the element sits inside site chrome (a header, nav, footer, or a box so named). */
function inChrome(el: Element): boolean {
  for (let node = el.parent; node && node.type === "tag"; node = node.parent) {
    if (isChrome(node as Element)) return true;
  }
  return false;
}

/**
 * How many characters of the article's own text a page has, at most `max` + 1: not tags, scripts,
 * white space, link texts (menus, related articles) or site chrome. Iterative, so any depth is fine.
 */
export function articleTextLength(root: AnyNode, max: number): number {
  let count = 0;
  const stack: AnyNode[] = [root];
  while (stack.length > 0 && count <= max) {
    const n = stack.pop()!;
    if (n.type === "text") {
      const data = (n as unknown as { data: string }).data;
      for (let i = 0; i < data.length; i++) if (!isSpace(data.charCodeAt(i))) count++;
    } else if ("children" in n && n.type !== "script" && n.type !== "style") {
      if (n.type === "tag" && (NOT_ARTICLE_TEXT.has((n as Element).name) || isChrome(n as Element))) continue;
      const children = (n as Element).children;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return Math.min(count, max + 1);
}

/** A `width`/`height` attribute below MIN_PAGE_PIXELS (a percentage or nothing says nothing). */
function tiny(value: string | undefined): boolean {
  const px = /^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$/i.exec(value ?? "");
  return px !== null && Number(px[1]) < MIN_PAGE_PIXELS;
}

/**
 * The scanned pages of an article whose body is a sequence of page images (often titled "…（图片版）"):
 * its `<img>` files (JPG, PNG, TIFF, GIF, BMP, WebP; a lazy-loading `data-original` or `data-src`
 * before `src`), in document order, without site chrome (inside a header, nav or footer; a logo, icon,
 * banner, QR code, share button or background by its URL, alt or class; under 200 pixels by its
 * `width` or `height`). None when the page has text of its own beyond a landing page's
 * (LANDING_PAGE_CHARS): an HTML report's photos are not its pages. Titled by their `alt`.
 */
export function readPageImages(root: AnyNode, pageUrl: string): LinkCandidate[] {
  if (articleTextLength(root, LANDING_PAGE_CHARS) > LANDING_PAGE_CHARS) return [];
  const out: LinkCandidate[] = [];
  const seen = new Set<string>();
  for (const el of elementsNamed(root, IMAGES)) {
    const a = el.attribs;
    const candidates = [a["data-original"], a["data-src"], a.src].map((s) =>
      s ? resolveLink(s, pageUrl) : null,
    );
    const url = candidates.find((u) => u !== null && PAGE_IMAGE_EXT.test(new URL(u).pathname)) ?? null;
    if (!url || seen.has(url)) continue;
    const alt = (a.alt ?? a.title ?? "").replace(/\s+/g, " ").trim();
    const words = `${new URL(url).pathname} ${alt} ${a.title ?? ""} ${a.class ?? ""} ${a.id ?? ""}`;
    if (CHROME_WORDS.test(words) || tiny(a.width) || tiny(a.height) || inChrome(el)) continue;
    seen.add(url);
    out.push({ url, title: alt, date: null });
  }
  return out;
}
