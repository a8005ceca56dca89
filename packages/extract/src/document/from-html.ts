import type * as cheerio from "cheerio/slim";
import type { AnyNode, Element } from "domhandler";
import type { Block, NormalizedDocument, SiteMetadata } from "../types.js";
import { attachmentLinks } from "./attachment-links.js";
import { readInfoBar } from "./info-bar.js";
import { metaTagPublishDate } from "./meta-tag-dates.js";
import { loadHtml } from "./parse-html.js";
import { elementsBySelector } from "./simple-selectors.js";
import { countMetadataLabels, readSiteMetadata } from "./site-metadata.js";
import { type RawCell, buildGrid } from "./table-grid.js";
import { EMPTY_STATS, type TextStats, textStats } from "./text-stats.js";

const SKIP = new Set([
  "script",
  "style",
  "noscript",
  "iframe",
  "object",
  "embed",
  "head",
  "select",
  "button",
  "input",
  "textarea",
  "svg",
  "template",
  "nav",
  "form",
  "map",
]);
const BLOCK = new Set([
  "p",
  "div",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "li",
  "ul",
  "ol",
  "section",
  "article",
  "main",
  "tr",
  "td",
  "th",
  "table",
  "tbody",
  "thead",
  "tfoot",
  "blockquote",
  "pre",
  "dd",
  "dt",
  "dl",
  "center",
  "header",
  "footer",
  "aside",
  "caption",
  "figure",
  "figcaption",
  "hr",
  "address",
]);
// Article containers of the CMSs agencies use (TRS, Hanweb, VSB, Ucap, …).
const CONTENT_SELECTORS = [
  ".TRS_Editor",
  ".trs_editor_view",
  "#zoom",
  ".bt-content",
  "#UCAP-CONTENT",
  ".pages_content",
  ".article-content",
  "#vsb_content",
  ".v_news_content",
  ".wp_articlecontent",
  "#Zoom",
  ".zoom",
  ".article_con",
  ".content_text",
  ".news_content",
  "#content",
  ".TRS_UEDITOR",
];

const collapse = (text: string) => text.replace(/[ \t\r\n\f\v]+/g, " ");

function isHidden(el: Element): boolean {
  // Tested in place: a copy of the style per call costs much on a page with megabyte-long styles.
  const style = el.attribs.style ?? "";
  return (
    /display\s*:\s*none/i.test(style) ||
    /visibility\s*:\s*hidden/i.test(style) ||
    el.attribs.hidden !== undefined
  );
}

function childElements(el: Element, names: ReadonlySet<string>): Element[] {
  const out: Element[] = [];
  for (const child of el.children) {
    if (child.type !== "tag") continue;
    if (names.has(child.name)) out.push(child);
    else if (["thead", "tbody", "tfoot"].includes(child.name)) out.push(...childElements(child, names));
  }
  return out;
}

function tableRows(table: Element): Element[] {
  return childElements(table, new Set(["tr"]));
}

function spanOf(el: Element, attr: string): number {
  const n = Number.parseInt(el.attribs[attr] ?? "1", 10);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/**
 * Walks `root` in document order and hands each non-empty line to `onLine`, trimmed: a line ends at
 * <br> and around block elements, white space is collapsed within it, and skipped or hidden elements
 * give nothing. A block element that `takeBlock` returns true for was taken whole by the caller.
 */
function walkLines(
  root: AnyNode,
  onLine: (line: string) => void,
  takeBlock?: (el: Element) => boolean,
): void {
  let line = "";
  const flush = () => {
    const t = line.trim();
    if (t) onLine(t);
    line = "";
  };
  const walk = (n: AnyNode) => {
    if (n.type === "text") line += collapse(n.data);
    else if (n.type === "root") for (const c of n.children) walk(c);
    else if (n.type === "tag" || n.type === "script" || n.type === "style") {
      const el = n as Element;
      if (SKIP.has(el.name) || isHidden(el)) return;
      if (el.name === "br") return flush();
      if (!BLOCK.has(el.name)) {
        for (const c of el.children) walk(c);
        return;
      }
      flush();
      if (!takeBlock?.(el)) for (const c of el.children) walk(c);
      flush();
    }
  };
  walk(root);
  flush();
}

/**
 * Texts already read, by node, for one page: the header-table search reads every cell of every
 * table, and the article's tables are read again as blocks. A text depends on the node's subtree
 * alone, which nothing changes once parsed (taking the header out removes whole tables). A Map
 * made per page, not one WeakMap for every page: adding to the WeakMap (an ephemeron table) took
 * more of this function's own time than all the rest of it.
 */
type TextCache = Map<AnyNode, string>;

/** Text of an element with line breaks for <br> and block children, white space collapsed within lines. */
function elementText(node: AnyNode, texts: TextCache): string {
  const known = texts.get(node);
  if (known !== undefined) return known;
  const lines: string[] = [];
  walkLines(node, (line) => lines.push(line));
  const text = lines.join("\n");
  texts.set(node, text);
  return text;
}

function tableToBlock(table: Element, texts: TextCache): Extract<Block, { kind: "table" }> {
  const rows: RawCell[][] = tableRows(table).map((tr) =>
    childElements(tr, new Set(["td", "th"])).map((cell) => ({
      // Labels broken over lines inside a cell ("商业\n企业") are one label.
      text: elementText(cell, texts).replace(/\n/g, " "),
      rowspan: spanOf(cell, "rowspan"),
      colspan: spanOf(cell, "colspan"),
    })),
  );
  return { kind: "table", table: buildGrid(rows) };
}

/** Walks the content root into ordered text lines and data tables. */
function toBlocks(root: AnyNode, stats: Map<AnyNode, TextStats>, texts: TextCache): Block[] {
  const blocks: Block[] = [];
  const addLine = (text: string) => blocks.push({ kind: "text", text });
  walkLines(root, addLine, (el) => {
    if (el.name !== "table" || stats.get(el)?.hasTable || tableRows(el).length === 0) return false;
    const block = tableToBlock(el, texts);
    if (block.table.rows.length >= 2 && (block.table.rows[0]?.length ?? 0) >= 2) blocks.push(block);
    // A one-row or one-column "table" is layout: keep its text.
    else walkLines(el, addLine);
    return true;
  });
  return blocks;
}

/** The element holding the article: a known CMS container, else the densest block of non-link text. */
function findContentRoot($: cheerio.CheerioAPI, stats: Map<AnyNode, TextStats>): Element {
  const nonLinkTextLength = (el: Element) => {
    const s = stats.get(el) ?? EMPTY_STATS;
    return s.solid - s.solidInLinks;
  };
  // The <body> found in the same walk as the containers.
  const found = elementsBySelector($.root().get(0)!, [...CONTENT_SELECTORS, "body"]);
  const bodies = found.pop()!;
  for (const candidates of found) {
    const best = candidates.sort((a, b) => nonLinkTextLength(b) - nonLinkTextLength(a))[0];
    if (best && nonLinkTextLength(best) >= 30) return best;
  }
  const body = (bodies[0] ?? $.root().children().get(0)) as Element | undefined;
  if (!body) return $.root().get(0) as unknown as Element;
  let current: Element = body;
  // Descend while one child holds nearly all of the parent's non-link text.
  for (;;) {
    const total = nonLinkTextLength(current);
    const children = current.children.filter((c): c is Element => c.type === "tag" && !SKIP.has(c.name));
    const best = children
      .map((child) => ({ child, n: nonLinkTextLength(child) }))
      .sort((a, b) => b.n - a.n)[0];
    if (!best || total === 0 || best.n < total * 0.85 || best.n < 200) return current;
    current = best.child;
  }
}

/**
 * The lines of the page outside the article (its container, or the startprint…endprint region),
 * where an info bar sits: links and list items holding links (related articles, navigation) left out.
 */
function linesOutsideArticle(root: AnyNode, article: Element | null): string[] {
  const lines: string[] = [];
  /** The list items open around the walk: where their lines start, and whether they hold a link. */
  const items: { from: number; linked: boolean }[] = [];
  let line = "";
  let inPrint = false;
  const flush = () => {
    const t = line.trim();
    if (t && !inPrint) lines.push(t);
    line = "";
  };
  const walk = (n: AnyNode) => {
    if (n.type === "text") {
      if (!inPrint) line += collapse(n.data);
    } else if (n.type === "comment") {
      const marker = /^\s*(start|end)print\s*$/i.exec(n.data)?.[1]?.toLowerCase();
      if (marker) {
        flush();
        inPrint = marker === "start";
      }
    } else if (n.type === "root") for (const c of n.children) walk(c);
    else if (n.type === "tag") {
      const el = n as Element;
      if (el === article || SKIP.has(el.name) || isHidden(el)) return;
      if (el.name === "a") {
        for (const item of items) item.linked = true;
        return;
      }
      if (el.name === "br") return flush();
      if (!BLOCK.has(el.name)) {
        for (const c of el.children) walk(c);
        return;
      }
      flush();
      if (el.name === "li") items.push({ from: lines.length, linked: false });
      for (const c of el.children) walk(c);
      flush();
      if (el.name === "li") {
        const item = items.pop()!;
        if (item.linked) lines.length = item.from;
      }
    }
  };
  walk(root);
  flush();
  return lines;
}

/**
 * What `$('meta[name="…"]').attr("content")` gives for `name`, else for it in lower case: the content
 * of the first meta tag so named (case-sensitive), from the page's meta tags listed once
 * (`$("meta")`), where a selector per name walked the whole page each time.
 */
function metaContent(metas: readonly Element[], name: string): string | undefined {
  const first = (n: string) => metas.find((el) => el.attribs.name === n);
  const v = first(name)?.attribs.content ?? first(name.toLowerCase())?.attribs.content;
  return v?.trim() || undefined;
}

const metaTags = ($: cheerio.CheerioAPI): Element[] => elementsBySelector($.root().get(0)!, ["meta"])[0]!;

/**
 * Finds, reads and removes the site's 信息公开 header table, given the text lengths of the tree
 * (`stats`); says whether it took one out of the tree (the lengths of its ancestors then changed).
 */
function takeSiteMetadata(
  $: cheerio.CheerioAPI,
  stats: Map<AnyNode, TextStats>,
  texts: TextCache,
): { site: SiteMetadata; changed: boolean } {
  // Both lists in one walk, taken before anything is removed (as `$("table")` and `$("div, ul")`).
  const [tables, boxes] = elementsBySelector($.root().get(0)!, ["table", "div, ul"]);
  for (const table of tables!) {
    if (stats.get(table)?.hasTable) continue;
    const rows = tableRows(table).map((tr) =>
      childElements(tr, new Set(["td", "th"])).map((c) => elementText(c, texts)),
    );
    const labels = rows.reduce((n, cells) => n + countMetadataLabels(cells), 0);
    if (labels >= 3) {
      const site = readSiteMetadata(rows);
      $(table).remove();
      return { site, changed: true };
    }
  }
  // Some sites lay the header out in <div>/<li> pairs instead of a table.
  for (const box of boxes!) {
    if ((stats.get(box)?.chars ?? 0) > 600) continue;
    const text = $(box).text();
    if (!/索\s*引\s*号/.test(text) || !/发布(机构|日期)/.test(text)) continue;
    const cells = $(box)
      .find("li, span, em, b, strong, td, p, div")
      .toArray()
      .filter((el) => el.type === "tag" && $(el).children("li, span, em, b, strong, p, div").length === 0)
      .map((el) => $(el).text());
    if (countMetadataLabels(cells) >= 3) {
      const site = readSiteMetadata([cells]);
      $(box).remove();
      return { site, changed: true };
    }
  }
  return { site: {}, changed: false };
}

/** Text lengths of the tree, the header taken out of it: its lengths read again only if it had one. */
function withoutHeader(
  $: cheerio.CheerioAPI,
  texts: TextCache,
): {
  site: SiteMetadata;
  stats: Map<AnyNode, TextStats>;
  changed: boolean;
} {
  const root = $.root().get(0)!;
  const before = textStats(root);
  const { site, changed } = takeSiteMetadata($, before, texts);
  return { site, stats: changed ? textStats(root) : before, changed };
}

/**
 * <!--startprint-->…<!--endprint--> marks the printable article on many CMS pages. Searched with
 * indexOf, not one regular expression: a lazy match retried from each of many unmatched
 * startprint comments is quadratic.
 */
function printableArticle(html: string): string | null {
  const start = /<!--\s*startprint\s*-->/i.exec(html);
  if (!start) return null;
  const from = start.index + start[0].length;
  const end = /<!--\s*endprint\s*-->/gi;
  end.lastIndex = from;
  const match = end.exec(html);
  return match ? html.slice(from, match.index) : null;
}

/** HTML page → normalized document (article body blocks, tables as grids, header as metadata). */
export function htmlToDocument(html: string, encoding: string): NormalizedDocument {
  const warnings: string[] = [];
  const print = printableArticle(html);
  const $ = loadHtml(html);
  const [firstMetas, h1s, titles] = elementsBySelector($.root().get(0)!, ["meta", "h1", "title"]);
  const textOf = (el: Element | undefined) => (el ? $(el).text().trim() : "");
  const title = metaContent(firstMetas!, "ArticleTitle") ?? (textOf(h1s![0]) || textOf(titles![0]) || null);
  const texts: TextCache = new Map();
  const { site, stats, changed } = withoutHeader($, texts);
  // Listed again when the header was taken out: meta tags inside it went with it.
  const metas = changed ? metaTags($) : firstMetas!;
  const metaDate = metaTagPublishDate(metas);
  if (metaDate) site.metaPublishDate = metaDate;
  const source = metaContent(metas, "ContentSource");
  if (source && !site.publisher) site.publisher = source;
  const column = metaContent(metas, "ColumnName");
  if (column) site.columnName = column;

  let blocks: Block[];
  /** The article's container; null when the startprint region is the article. */
  let article: Element | null = null;
  if (print && print.replace(/<[^>]+>/g, "").trim().length >= 100) {
    const $print = loadHtml(print);
    blocks = toBlocks($print.root().get(0)!, withoutHeader($print, texts).stats, texts);
  } else {
    article = findContentRoot($, stats);
    blocks = toBlocks(article, stats, texts);
  }
  // A page without a header table still dates itself, in an info bar outside the article.
  if (!site.publishDate) {
    const bar = readInfoBar(linesOutsideArticle($.root().get(0)!, article));
    if (bar.publishDate) site.publishDate = bar.publishDate;
    if (bar.writtenDate && !site.writtenDate) site.writtenDate = bar.writtenDate;
  }
  if (blocks.length === 0) warnings.push("no article text found on the page");
  return {
    sourceKind: "html",
    encoding,
    title: title ? title.replace(/\s+/g, " ") : null,
    site,
    blocks,
    warnings,
    attachments: attachmentLinks($),
  };
}
