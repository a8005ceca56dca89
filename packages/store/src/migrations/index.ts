import type { Migration, MigrationProvider } from "kysely/migration";
import * as initialSchema from "./0001-initial-schema.js";
import * as crawlFrontier from "./0002-crawl-frontier.js";
import * as publicationInputs from "./0003-publication-inputs.js";
import * as dropValueKeyIndex from "./0004-drop-value-key-index.js";
import * as checkSides from "./0005-check-sides.js";
import * as crawlCoverage from "./0006-crawl-coverage.js";
import * as listedDateSource from "./0007-listed-date-source.js";
import * as monitoringWindow from "./0008-monitoring-window.js";
import * as outbox from "./0009-outbox.js";
import * as reviews from "./0010-reviews.js";
import * as feedEntries from "./0011-feed-entries.js";
import * as fetchesByUrlNewest from "./0012-fetches-by-url-newest.js";
import * as ocrReadings from "./0013-ocr-readings.js";
import * as documentPages from "./0014-document-pages.js";
import * as blobs from "./0015-blobs.js";
import * as hostLeases from "./0016-host-leases.js";
import * as frontierRounds from "./0017-frontier-rounds.js";
import * as fetchesStoredByUrl from "./0018-fetches-stored-by-url.js";

// Listed explicitly (not read from a folder) so the built package needs no file lookups
// and a migration cannot be skipped by a packaging mistake. Names sort in apply order.
const migrations: Record<string, Migration> = {
  "0001-initial-schema": initialSchema,
  "0002-crawl-frontier": crawlFrontier,
  "0003-publication-inputs": publicationInputs,
  "0004-drop-value-key-index": dropValueKeyIndex,
  "0005-check-sides": checkSides,
  "0006-crawl-coverage": crawlCoverage,
  "0007-listed-date-source": listedDateSource,
  "0008-monitoring-window": monitoringWindow,
  "0009-outbox": outbox,
  "0010-reviews": reviews,
  "0011-feed-entries": feedEntries,
  "0012-fetches-by-url-newest": fetchesByUrlNewest,
  "0013-ocr-readings": ocrReadings,
  "0014-document-pages": documentPages,
  "0015-blobs": blobs,
  "0016-host-leases": hostLeases,
  "0017-frontier-rounds": frontierRounds,
  "0018-fetches-stored-by-url": fetchesStoredByUrl,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
