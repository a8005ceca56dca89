/** Link targets a PDF reader can follow from any machine: the web and mail. */
const FOLLOWABLE = /^\s*(?:https?|mailto):/i;
/** An `a` start tag (HTML or SVG), its quoted attribute values read whole (a `>` in one ends nothing). */
const LINK_TAG = /<a(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
/** An `href` attribute in a start tag, its value quoted either way or bare. */
const HREF = /\shref\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)/gi;

/**
 * The page's markup with the href taken off every link a PDF reader could not follow: Chromium
 * prints a relative link as the absolute `file://` URL it resolved to on this machine (a local
 * path, dead for the reader). Only http(s) and mailto links stay links; the others keep their text
 * (cards show the archive's path as the link's text). Done on the markup before it is set, not in
 * the page afterwards (a round trip to the browser for every card). The markup is the layout's own,
 * crawled text escaped, so no attribute value holds a raw quote that could hide an href.
 */
export function unlinkLocal(html: string): string {
  return html.replace(LINK_TAG, (tag) =>
    tag.replace(HREF, (attribute, value: string) =>
      FOLLOWABLE.test(value.replace(/^["']|["']$/g, "")) ? attribute : "",
    ),
  );
}
