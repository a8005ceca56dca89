import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import type { Output } from "../output.js";
import { randomUUID } from "node:crypto";
import { SearchIndex } from "../render/search-index.js";
import {
  SEARCH_INDEX,
  SEARCH_PAGE,
  SEARCH_SCRIPT,
  searchCards,
  searchPage,
  searchView,
} from "../render/search-view.js";
import { stylesheet } from "../render/stylesheet.js";
import { ALL_FEED, feedPath } from "./feeds.js";

const templates = fileURLToPath(new URL("../../templates/", import.meta.url));

/**
 * The search page (`search.html`), its filtering script (`search/search.js`: pages allow no inline
 * script) and the static JSON index of every card it works from (`search/index.json`, also embedded
 * in the page as data, so the page works from disk or behind any web server, with no server code).
 * Made from the light reads alone; every agency-year the index links is listed. Each card is encoded
 * into the index as the agencies are walked (see `SearchIndex`).
 */
export const searchOutput: Output = {
  name: "search",
  async open(run) {
    const index = new SearchIndex();
    return {
      async batch(batch) {
        for (const agency of batch.agencies) {
          const headlines = batch.headlines.get(agency.id);
          const jurisdiction = run.jurisdictionOf.get(agency.id);
          if (!headlines || !jurisdiction) continue;
          for (const card of searchCards(agency, jurisdiction, headlines)) index.add(card);
        }
      },
      async finish() {
        const dataMarker = `search-index-${randomUUID()}`;
        const view = searchView({
          common: run.common,
          index,
          letters: run.letters,
          jurisdictions: run.jurisdictions,
          feedOf: feedPath,
          allFeed: ALL_FEED,
          dataMarker,
        });
        const data = index.bytes();
        const shared = (file: string) => ({ kind: "search", recorded: run.shared.get(file) });
        await run.write(SEARCH_INDEX.split("/"), data, shared(SEARCH_INDEX));
        await run.write(
          SEARCH_SCRIPT.split("/"),
          readFileSync(`${templates}assets/search.js`),
          shared(SEARCH_SCRIPT),
        );
        await run.write(
          [SEARCH_PAGE],
          searchPage(searchTemplate()(view), dataMarker, data),
          shared(SEARCH_PAGE),
        );
      },
    };
  },
};

let compiled: ((view: object) => string) | undefined;

/** The search page's template, on the pages' layout (compiled once). */
function searchTemplate(): (view: object) => string {
  if (compiled) return compiled;
  const hbs = Handlebars.create();
  hbs.registerPartial("layout", readFileSync(`${templates}partials/layout.hbs`, "utf8"));
  hbs.registerHelper("stylesheet", () => stylesheet().path);
  compiled = hbs.compile(readFileSync(`${templates}search.hbs`, "utf8"), { strict: false });
  return compiled;
}
