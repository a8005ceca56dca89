import type { Output } from "../output.js";
import { archivesOutput } from "./archives.js";
import { cardsOutput } from "./cards.js";
import { feedsOutput } from "./feeds.js";
import { indexOutput } from "./index-page.js";
import { openDataOutput } from "./open-data.js";
import { rubricPageOutput } from "./rubric-page.js";
import { scansOutput } from "./scans.js";
import { searchOutput } from "./search.js";
import { stylesheetOutput } from "./stylesheet.js";
import { summariesOutput } from "./summaries.js";

/**
 * What publishing writes, in order. The stylesheet goes before the pages that link it; archives and
 * scanned pages' images before the cards that link them; the summaries, the
 * index and the 评分细则 page every page links are written after the walk. The pages' PDFs are
 * printed after every output finished.
 */
export const BUILT_IN_OUTPUTS: readonly Output[] = [
  stylesheetOutput,
  openDataOutput,
  archivesOutput,
  scansOutput,
  cardsOutput,
  summariesOutput,
  indexOutput,
  rubricPageOutput,
  searchOutput,
  feedsOutput,
];
