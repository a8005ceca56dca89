import { createRequire } from "node:module";
import { getDocument, recordDocumentContent, storageFailure, upsertDocument } from "@touming/store";
import { exampleAgency, testStageContext, useTempStore } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { fixture } from "../testing/fixtures.js";
import { clock } from "../testing/run-extract.js";
import { extractStage } from "./extract-stage.js";

const newStore = useTempStore();
// The store's Kysely (extract does not depend on it): raw SQL against the store's own connection.
const require = createRequire(import.meta.url);
const { sql } = createRequire(require.resolve("@touming/store"))("kysely") as {
  sql: { raw(query: string): { execute(db: unknown): Promise<{ rows: Record<string, number>[] }> } };
};

describe("the extract stage on a full disk", () => {
  it("stops at the first document it cannot save instead of recording it as the document's failure", async () => {
    const store = await newStore([exampleAgency("county-mz", "某县民政局")]);
    const { id } = await upsertDocument(store.db, {
      agencyId: "county-mz",
      url: "http://county-mz.example/report.html",
      kind: "article",
    });
    const { sha256 } = await store.blobs.put(fixture("html/county-2020-2019-format.gbk.html"));
    await recordDocumentContent(store.db, id, { sha256, contentType: "text/html" });

    // The report's rows need new pages, which SQLite refuses exactly as on a full disk; a small
    // update of the document row in place would still fit.
    const pages = await sql.raw("PRAGMA page_count").execute(store.db);
    await sql.raw(`PRAGMA max_page_count = ${pages.rows[0]!.page_count! + 2}`).execute(store.db);

    const { ctx, events } = testStageContext(store, { clock });
    const error = await extractStage.run(ctx, {}).catch((e: unknown) => e);

    expect(storageFailure(error)).toMatchObject({ kind: "full", code: "SQLITE_FULL" });
    // Not the document's fault: it stays pending for the run after space is freed.
    expect(await getDocument(store.db, id)).toMatchObject({
      extraction_state: "pending",
      extraction_error: null,
    });
    expect(events.map((e) => e.message)).not.toContain("document failed");
  });
});
