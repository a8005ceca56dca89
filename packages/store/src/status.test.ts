import { describe, expect, it } from "vitest";
import { upsertAgencies } from "./queries/agencies.js";
import { recordDocumentContent, upsertDocument } from "./queries/documents.js";
import { saveExtraction } from "./queries/reports-save.js";
import { storeStatus } from "./status.js";
import { testAgency, useTempStore } from "./testing/index.js";

const tempStore = useTempStore();

describe("storeStatus", () => {
  it("counts agencies, documents by state and reports per year with failed checks", async () => {
    const store = await tempStore();
    expect(await storeStatus(store.db)).toEqual({
      agencies: 0,
      documents: { total: 0, byFetchState: {}, byExtractionState: {} },
      reportsPerYear: [],
      outbox: {},
      failedMessages: [],
    });
    await upsertAgencies(store.db, [testAgency({ id: "a" }), testAgency({ id: "b" })]);
    const d1 = await upsertDocument(store.db, { agencyId: "a", url: "http://a/1", kind: "article" });
    await upsertDocument(store.db, { agencyId: "a", url: "http://a/2", kind: "attachment" });
    await recordDocumentContent(store.db, d1.id, { sha256: "e".repeat(64) });
    const base = { documentId: null, text: "", sections: [], values: [], extractorVersion: "1" } as const;
    await saveExtraction(store.db, {
      ...base,
      documentId: d1.id,
      agencyId: "a",
      year: 2024,
      checks: [
        { key: "T3-A.total", severity: "hard", status: "fail" },
        { key: "T3-A.natural_person", severity: "hard", status: "fail" },
        { key: "T4-A.review", severity: "hard", status: "pass" },
      ],
    });
    await saveExtraction(store.db, { ...base, agencyId: "b", year: 2024, checks: [] });
    await saveExtraction(store.db, { ...base, agencyId: "b", year: 2023, checks: [] });
    expect(await storeStatus(store.db)).toEqual({
      agencies: 2,
      documents: {
        total: 2,
        byFetchState: { fetched: 1, pending: 1 },
        byExtractionState: { done: 1, pending: 1 },
      },
      reportsPerYear: [
        { year: 2023, reports: 1, failedChecks: 0 },
        { year: 2024, reports: 2, failedChecks: 2 },
      ],
      outbox: {},
      failedMessages: [],
    });
  });
});
