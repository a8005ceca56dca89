import { Parser } from "htmlparser2";
import { capNesting } from "./nesting-cap.js";

/**
 * What a reader of a page is told as htmlparser2 reads it, in document order: an element opens, its
 * text, it closes. Every `open` is matched by one `close` (an element the page leaves open is closed
 * where its parent ends, a void element at once), so a reader that keeps its own stack of what is
 * open knows each element's ancestors as a DOM built from the same page would have them.
 */
export interface PageVisitor {
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  /** Text, entities decoded; the inside of a `<script>` or `<style>` too (as in a DOM, their text). */
  text(data: string): void;
}

/**
 * Walks a page with one or more visitors, without building its DOM: the readers that only collect
 * (an article's attachments and page images) took most of the page reader's time, and most of its
 * garbage, in building a DOM they read once. The page is read as `loadPage` reads it for a DOM
 * (nesting capped, everything inside one `<body>`), so both see the same elements.
 */
export function walkPage(html: string, visitors: readonly PageVisitor[]): void {
  walkCappedPage(capNesting(html), visitors);
}

/** walkPage of a page already through capNesting. */
export function walkCappedPage(page: string, visitors: readonly PageVisitor[]): void {
  const parser = new Parser({
    onopentag: (name, attributes) => {
      for (const v of visitors) v.open(name, attributes);
    },
    onclosetag: (name) => {
      for (const v of visitors) v.close(name);
    },
    ontext: (data) => {
      for (const v of visitors) v.text(data);
    },
  });
  // Written in three parts, not as one string: that string was a copy of the whole page (V8 flattens
  // a concatenation when it is read character by character).
  parser.write("<body>");
  parser.write(page);
  parser.write("</body>");
  parser.end();
}
