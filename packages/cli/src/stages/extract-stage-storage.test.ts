import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import {
  getDocument,
  openStore,
  recordDocumentContent,
  startRun,
  storageFailure,
  upsertAgencies,
  upsertDocument,
} from "@touming/store";
import { describe, expect, it } from "vitest";
import type { CommandIO } from "../io.js";
import { createLogger } from "../log.js";
import { useCli } from "../test-support.js";
import { runExtractStage } from "./extract-stage.js";

const { dir } = useCli();
// The store's Kysely (the CLI does not depend on it): raw SQL against the store's own connection.
const require = createRequire(import.meta.url);
const { sql } = createRequire(require.resolve("@touming/store"))("kysely") as {
  sql: { raw(query: string): { execute(db: unknown): Promise<{ rows: Record<string, number>[] }> } };
};
const report = fileURLToPath(
  new URL("../../../extract/fixtures/html/county-2020-2019-format.gbk.html", import.meta.url),
);

describe("the extract stage on a full disk", () => {
  it("stops at the first document it cannot save instead of recording it as the document's failure", async () => {
    const store = await openStore({ dataDir: dir() });
    try {
      await upsertAgencies(store.db, [
        {
          id: "county-mz",
          name: "某县民政局",
          regionCode: "320800",
          level: "county",
          parentId: null,
          siteUrl: "http://county-mz.example/",
          listUrls: [],
          deadlineOverride: null,
          crawlOptions: {},
        },
      ]);
      const { id } = await upsertDocument(store.db, {
        agencyId: "county-mz",
        url: "http://county-mz.example/report.html",
        kind: "article",
      });
      const { sha256 } = await store.blobs.put(readFileSync(report));
      await recordDocumentContent(store.db, id, { sha256, contentType: "text/html" });
      const runId = await startRun(store.db, "extract");

      // The report's rows need new pages, which SQLite refuses exactly as on a full disk; a small
      // update of the document row in place would still fit.
      const pages = await sql.raw("PRAGMA page_count").execute(store.db);
      await sql.raw(`PRAGMA max_page_count = ${pages.rows[0]!.page_count! + 2}`).execute(store.db);

      let stderr = "";
      const io: CommandIO = {
        stdout: { write: () => true },
        stderr: { write: (t: string) => (stderr += t) },
        isTTY: false,
        now: () => new Date("2026-02-01T00:00:00Z"),
      };
      const error = await runExtractStage({
        store,
        runId,
        log: createLogger(io, "extract"),
        io,
        counters: {},
        signal: new AbortController().signal,
      }).catch((e: unknown) => e);

      expect(storageFailure(error)).toMatchObject({ kind: "full", code: "SQLITE_FULL" });
      // Not the document's fault: it stays pending for the run after space is freed.
      expect(await getDocument(store.db, id)).toMatchObject({
        extraction_state: "pending",
        extraction_error: null,
      });
      expect(stderr).not.toContain("document failed");
    } finally {
      await store.close();
    }
  });
});
