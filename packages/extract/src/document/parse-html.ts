import * as cheerio from "cheerio/slim";
import { Element } from "domhandler";
import { type TreeAdapter, type Token, type html, parse } from "parse5";
import { type Htmlparser2TreeAdapterMap, adapter } from "parse5-htmlparser2-tree-adapter";
import { DocumentTooLargeError } from "../errors.js";
import { MAX_HTML_DEPTH, MAX_HTML_ELEMENTS, MAX_HTML_TAGS } from "../limits.js";

function countTags(html: string): number {
  let tags = 0;
  for (let at = html.indexOf("<"); at >= 0; at = html.indexOf("<", at + 1)) {
    const next = html.charCodeAt(at + 1);
    // A letter (start tag) or "/" (end tag); "<" in text and "<!--" are not tags.
    if (next === 0x2f || (next >= 0x41 && next <= 0x5a) || (next >= 0x61 && next <= 0x7a)) tags++;
  }
  return tags;
}

/** Elements whose attributes the parser may add to later (a second `<html>` or `<body>` tag). */
const ADOPTING = new Set(["html", "body"]);

/**
 * The adapter's element, without the two maps of attribute namespaces and prefixes where there is
 * nothing to keep in them: an HTML attribute has neither, and every map is an object of its own (a
 * dictionary; without them, extracting 200 sample reports allocated 539 MB instead of 604, less
 * for the garbage collector, a fifth of extraction's time). Kept where an attribute has one (SVG's `xlink:href`) and on the elements the parser
 * adopts attributes into (`adoptAttributes` writes to both). `element.attributes` reads them as
 * optional: a missing map gives what an empty entry gave.
 */
function createElement(tagName: string, namespace: html.NS, attrs: Token.Attribute[]): Element {
  if (ADOPTING.has(tagName)) return adapter.createElement(tagName, namespace, attrs);
  const attribs: Record<string, string> = Object.create(null);
  for (const attr of attrs) {
    if (attr.namespace !== undefined || attr.prefix !== undefined) {
      return adapter.createElement(tagName, namespace, attrs);
    }
    attribs[attr.name] = attr.value;
  }
  const element = new Element(tagName, attribs, []);
  element.namespace = namespace;
  return element;
}

/**
 * Parses a page as browsers do (parse5, the WHATWG algorithm) into cheerio — its `slim` entry, which
 * only wraps the DOM parse5 built (the full entry also loads undici, which extraction never uses,
 * and costs every `touming extract` about 150 ms to load) — within limits that
 * keep time and memory proportional to the input: the parser's work grows with the number of open
 * elements and re-opened formatting elements, which a broken or hostile page can make quadratic.
 * Throws DocumentTooLargeError past MAX_HTML_TAGS, MAX_HTML_ELEMENTS or MAX_HTML_DEPTH.
 *
 * @example
 *   const $ = loadHtml("<p>一、总体情况</p>");
 *   $("p").text(); // "一、总体情况"
 */
export function loadHtml(html: string): cheerio.CheerioAPI {
  const tags = countTags(html);
  if (tags > MAX_HTML_TAGS) {
    throw new DocumentTooLargeError(`the page has ${tags} tags; the limit is ${MAX_HTML_TAGS}`);
  }
  let elements = 0;
  let depth = 0;
  const guarded: TreeAdapter<Htmlparser2TreeAdapterMap> = {
    ...adapter,
    createElement(tagName, namespace, attrs) {
      if (++elements > MAX_HTML_ELEMENTS) {
        throw new DocumentTooLargeError(`the page builds more than ${MAX_HTML_ELEMENTS} elements`);
      }
      return createElement(tagName, namespace, attrs);
    },
    onItemPush(item) {
      if (++depth > MAX_HTML_DEPTH) {
        throw new DocumentTooLargeError(`the page nests elements more than ${MAX_HTML_DEPTH} deep`);
      }
      adapter.onItemPush?.(item);
    },
    onItemPop(item, newTop) {
      depth--;
      adapter.onItemPop?.(item, newTop);
    },
  };
  return cheerio.load(parse(html, { treeAdapter: guarded, scriptingEnabled: true }));
}
