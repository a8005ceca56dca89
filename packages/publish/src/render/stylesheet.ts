import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = fileURLToPath(new URL("../../templates/assets/touming.css", import.meta.url));

/** The pages' stylesheet: its path under the output directory (named by its content) and its text. */
export interface Stylesheet {
  /** `assets/touming-<10 hex of its sha256>.css`: a changed stylesheet gets a new name (no stale cache). */
  path: string;
  css: string;
}

let loaded: Stylesheet | undefined;

/**
 * The one stylesheet every page links (`templates/assets/touming.css`): one file instead of the same
 * 7 KB `<style>` in each of tens of thousands of pages (a third of `out/` at 10,000 agencies).
 */
export function stylesheet(): Stylesheet {
  if (!loaded) {
    const css = readFileSync(source, "utf8");
    const hash = createHash("sha256").update(css).digest("hex").slice(0, 10);
    loaded = { path: `assets/touming-${hash}.css`, css };
  }
  return loaded;
}

/** Matches the layout's stylesheet link (its href relative to the page). */
const LINK = /<link rel="stylesheet" href="((?:\.\.\/)*assets\/touming-[0-9a-f]{10}\.css)">/;

/**
 * The page with its stylesheet link replaced by the stylesheet itself: a page printed from its
 * markup (no navigation, so no relative URL loads) keeps its look. Only the layout's own link to the
 * current stylesheet is replaced; a page without it is returned as it is.
 */
export function inlineStylesheet(html: string): string {
  const { path, css } = stylesheet();
  return html.replace(LINK, (link, href: string) => (href.endsWith(path) ? `<style>\n${css}</style>` : link));
}
