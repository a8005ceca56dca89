import { delimitedSections } from "../markup-sections.js";
import { resolveLink } from "../page-links.js";
import { type ListPattern, getRequests } from "./list-pattern.js";

/**
 * Hanweb (大汉) datastore: records sit in `<script type="text/xml"><datastore>` as CDATA (the page's
 * links include them); `<nextgroup>` links the next group of records when the site renders one.
 */
export const hanwebDatastorePattern: ListPattern = {
  name: "hanweb-datastore",
  findNext(page) {
    const urls: (string | null)[] = [];
    for (const group of delimitedSections(page.text, "<nextgroup>", "</nextgroup>", true)) {
      for (const href of group.matchAll(/href\s*=\s*["']([^"']*)["']/gi)) {
        urls.push(resolveLink(href[1]!.replace(/&amp;/g, "&"), page.url));
      }
    }
    return getRequests(urls);
  },
};
