// htmlparser2, not parse5: parse5 checks the stack of open elements per tag, so 40,000 unclosed
// <div>s took 14 s (200,000: minutes); htmlparser2 reads any page in linear time.
import * as cheerio from "cheerio/slim";
import type { AnyNode, Element } from "domhandler";
import { dateInText } from "./list-dates.js";
import { delimitedSections, scriptElements } from "./markup-sections.js";
import { capNesting } from "./nesting-cap.js";
import { containerOf, elementsNamed, textOf } from "./page-elements.js";

export interface LinkCandidate {
  url: string;
  /** The full title: `a[title]`, else the link text (often truncated with …). */
  title: string;
  /** A date printed next to the link (YYYY-MM-DD), if any. */
  date: string | null;
}

/** An href resolved against its page, without its fragment; null unless it is an http(s) URL. */
export function resolveLink(href: string, base: string): string | null {
  const h = href.trim();
  if (!h || /^(javascript:|mailto:|tel:|#)/i.test(h)) return null;
  try {
    const url = new URL(h, base);
    url.hash = "";
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * Links read from one page at most (its DOM and embedded records together): enough for any real
 * list page, and a bound on the work a hostile page can ask for.
 */
export const MAX_LINKS_READ = 20_000;

/** A container whose text is longer than this holds a whole list: a link's date is read after the link. */
const CONTAINER_TEXT_CAP = 2000;
/** How much text after a link (up to the next link) is read for its date. */
const TEXT_AFTER_CAP = 80;

/** Elements whose content is not text a reader sees. */
const NOT_TEXT = new Set(["script", "style", "noscript", "template", "textarea"]);

/**
 * The visible text of a node, read only as far as needed: at most `max` + 1 characters (one more
 * than `max` says "longer than max"), scripts and styles left out. Iterative, so any depth is fine.
 */
function textUpTo(node: AnyNode, max: number): string {
  let text = "";
  const stack: AnyNode[] = [node];
  while (stack.length > 0 && text.length <= max) {
    const n = stack.pop()!;
    if (n.type === "text") text += (n as unknown as { data: string }).data;
    else if (
      "children" in n &&
      !(n.type === "tag" && NOT_TEXT.has((n as Element).name)) &&
      n.type !== "script" &&
      n.type !== "style"
    ) {
      const children = (n as Element).children;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return text.slice(0, max + 1);
}

/** The text after a link up to the next link, at most TEXT_AFTER_CAP characters: a few siblings each. */
function textAfter(el: AnyNode): string {
  let text = "";
  for (let node = el.next; node && text.length < TEXT_AFTER_CAP; node = node.next) {
    if (node.type === "tag" && (node as Element).name === "a") break;
    text += textUpTo(node, TEXT_AFTER_CAP);
  }
  return text.slice(0, TEXT_AFTER_CAP);
}

/** A link's container: its list item, row, definition, paragraph or box (the nearest). */
const CONTAINERS = new Set(["li", "tr", "dd", "p", "div"]);
const ANCHORS = new Set(["a"]);

/**
 * Every link of a document with its title and the date printed beside it. The date comes from the
 * link's container (its `li`, row, paragraph…), whose text is read once however many links it holds;
 * a container too long to be one entry (a list in one `div`) gives each link the text after it.
 * A container's text is read only up to that length, scripts left out. Linear in the page: 8,000
 * links in one `div` once took over a minute.
 */
function anchorsIn(root: AnyNode, base: string, out: LinkCandidate[]) {
  const containerText = new Map<AnyNode, string>();
  for (const el of elementsNamed(root, ANCHORS)) {
    if (out.length >= MAX_LINKS_READ) return;
    const href = el.attribs.href ?? "";
    const onclick = el.attribs.onclick ?? "";
    const target =
      resolveLink(href, base) ??
      resolveLink(/(?:window\.open|go)\(\s*(?:this\s*,\s*)?["']([^"']+)["']/.exec(onclick)?.[1] ?? "", base);
    if (!target) continue;
    const title = (el.attribs.title ?? "").trim() || textOf(el).replace(/\s+/g, " ").trim();
    const container = containerOf(el, CONTAINERS);
    let context = container ? containerText.get(container) : "";
    if (context === undefined) {
      context = textUpTo(container!, CONTAINER_TEXT_CAP);
      containerText.set(container!, context);
    }
    out.push({
      url: target,
      title,
      date: dateInText(context.length <= CONTAINER_TEXT_CAP ? context : textAfter(el)),
    });
  }
}

/**
 * A page's DOM for link reading: nesting capped, and everything inside one element. cheerio wraps an
 * element at the document's top level in time that grows with the number of its siblings, so 50,000
 * top-level links took seconds each pass (the same links inside a `<body>`: milliseconds).
 */
function loadPage(html: string): AnyNode {
  return cheerio.load(`<body>${capNesting(html)}</body>`).root()[0]!;
}

/** HTML kept outside the DOM: inside CDATA sections and script templates (`<script type="text/html">`). */
function embeddedMarkup(html: string): string[] {
  const templates = scriptElements(html).filter((s) =>
    /\btype\s*=\s*["']text\/(?:html|template|x-template)["']/.test(s.attributes),
  );
  return [...delimitedSections(html, "<![CDATA[", "]]>"), ...templates.map((s) => s.body)];
}

/**
 * Links wherever the page source holds them: the DOM, HTML inside CDATA or script templates
 * (Hanweb's datastore), and onclick handlers. Deduplicated by URL, first title wins.
 */
export function findLinks(html: string, baseUrl: string): LinkCandidate[] {
  return readLinks(html, baseUrl).links;
}

/** findLinks, and whether the page had more links than MAX_LINKS_READ (the rest were not read). */
export function readLinks(html: string, baseUrl: string): { links: LinkCandidate[]; capped: boolean } {
  const out: LinkCandidate[] = [];
  anchorsIn(loadPage(html), baseUrl, out);
  for (const markup of embeddedMarkup(html)) {
    if (out.length >= MAX_LINKS_READ) break;
    if (/<a\s/i.test(markup)) anchorsIn(loadPage(markup), baseUrl, out);
  }
  return { links: mergeLinks(out), capped: out.length >= MAX_LINKS_READ };
}

/**
 * One link per URL, in first-seen order: a later copy replaces the title only when it is longer and
 * not cut short with …, keeping a date either copy had.
 */
export function mergeLinks(links: Iterable<LinkCandidate>): LinkCandidate[] {
  const seen = new Map<string, LinkCandidate>();
  for (const link of links) {
    const prev = seen.get(link.url);
    if (!prev) seen.set(link.url, link);
    else if (link.title.length > prev.title.length && !link.title.endsWith("…"))
      seen.set(link.url, { ...link, date: link.date ?? prev.date });
  }
  return [...seen.values()];
}

const ATTACHMENT_EXT = /\.(pdf|docx?|wps|xlsx?|rtf)(?:$|[?#])/i;

/** Whether a URL names a report file (PDF, DOC, DOCX, WPS, XLS, RTF) rather than a page. */
export function isAttachmentUrl(url: string): boolean {
  return ATTACHMENT_EXT.test(url);
}
