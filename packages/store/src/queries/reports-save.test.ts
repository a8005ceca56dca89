import { describe, expect, it } from "vitest";
import { upsertAgencies } from "./agencies.js";
import { upsertDocument } from "./documents.js";
import { type ExtractionToSave, saveExtraction } from "./reports-save.js";
import { getReport, reportsForYear } from "./reports-read.js";
import { testAgency, useTempStore } from "../testing/index.js";

const tempStore = useTempStore();

function extraction(documentId: number, overrides: Partial<ExtractionToSave> = {}): ExtractionToSave {
  return {
    documentId,
    agencyId: "huaian-city",
    year: 2024,
    title: "淮安市2024年政府信息公开工作年度报告",
    publishDate: "2025-01-20",
    publishDateSource: "metadata",
    format: "2021",
    text: "一、总体情况……",
    values: [
      { key: "apply.new_received.total", value: 120, raw: "120", excerpt: "本年新收…120", cell: "r1c7" },
      { key: "apply.carried_over.total", value: null, raw: "", cell: "r2c7" },
      { key: "text.proactive_items", value: 4500, approximate: true, excerpt: "主动公开政府信息4500余条" },
    ],
    sections: [
      { key: "overview", title: "一、总体情况", text: "……" },
      { key: "proactive", title: "二、主动公开政府信息情况", text: "……" },
    ],
    checks: [{ key: "T3-A.total", severity: "hard", status: "pass", left: "120", right: "120" }],
    extractorVersion: "1",
    ...overrides,
  };
}

async function seeded() {
  const store = await tempStore();
  await upsertAgencies(store.db, [testAgency()]);
  const doc = await upsertDocument(store.db, {
    agencyId: "huaian-city",
    url: "https://www.huaian.gov.cn/art/2025/1/20/art_1_2.html",
    kind: "article",
  });
  return { store, documentId: doc.id };
}

describe("saveExtraction", () => {
  it("stores the report with its values, keeping blank distinct from 0 and approximate flags", async () => {
    const { store, documentId } = await seeded();
    const { reportId, created } = await saveExtraction(store.db, extraction(documentId));
    expect(created).toBe(true);
    const full = await getReport(store.db, "huaian-city", 2024);
    expect(full?.report.id).toBe(reportId);
    expect(full?.values.map((v) => [v.key, v.value, v.approximate])).toEqual([
      ["apply.carried_over.total", null, 0],
      ["apply.new_received.total", 120, 0],
      ["text.proactive_items", 4500, 1],
    ]);
    expect(full?.sections.map((s) => s.key)).toEqual(["overview", "proactive"]);
    const doc = await store.db.selectFrom("documents").selectAll().executeTakeFirstOrThrow();
    expect([doc.extraction_state, doc.extractor_version]).toEqual(["done", "1"]);
  });

  it("re-saving the same agency-year replaces rows instead of duplicating them", async () => {
    const { store, documentId } = await seeded();
    const first = await saveExtraction(store.db, extraction(documentId));
    const second = await saveExtraction(
      store.db,
      extraction(documentId, { values: [{ key: "apply.new_received.total", value: 121 }] }),
    );
    expect(second).toEqual({ reportId: first.reportId, created: false });
    const reports = await store.db.selectFrom("reports").select("id").execute();
    expect(reports).toHaveLength(1);
    const values = await store.db.selectFrom("report_values").select(["key", "value"]).execute();
    expect(values).toEqual([{ key: "apply.new_received.total", value: 121 }]);
    const checks = await store.db.selectFrom("checks").select("key").execute();
    expect(checks).toEqual([{ key: "T3-A.total" }]);
  });

  it("a save that fails part-way leaves nothing of itself behind", async () => {
    const { store, documentId } = await seeded();
    const duplicateKey = extraction(documentId, {
      values: [
        { key: "apply.granted.total", value: 1 },
        { key: "apply.granted.total", value: 2 },
      ],
    });
    await expect(saveExtraction(store.db, duplicateKey)).rejects.toThrow(
      /UNIQUE constraint failed|duplicate key value/,
    );
    expect(await store.db.selectFrom("reports").selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom("report_sections").selectAll().execute()).toEqual([]);
    const doc = await store.db.selectFrom("documents").select("extraction_state").executeTakeFirstOrThrow();
    expect(doc.extraction_state).toBe("pending");
  });

  it("a failing re-save keeps the previous extraction intact", async () => {
    const { store, documentId } = await seeded();
    await saveExtraction(store.db, extraction(documentId));
    const broken = extraction(documentId, {
      text: "changed",
      values: [
        { key: "k", value: 1 },
        { key: "k", value: 1 },
      ],
    });
    await expect(saveExtraction(store.db, broken)).rejects.toThrow();
    const full = await getReport(store.db, "huaian-city", 2024);
    expect(full?.report.text).toBe("一、总体情况……");
    expect(full?.values).toHaveLength(3);
  });

  it("reportsForYear lists one row per agency with its failed-check count", async () => {
    const { store, documentId } = await seeded();
    await upsertAgencies(store.db, [testAgency({ id: "a-dept", name: "某局", level: "department" })]);
    await saveExtraction(
      store.db,
      extraction(documentId, {
        checks: [
          { key: "T3-A.total", severity: "hard", status: "fail", left: "9", right: "10" },
          { key: "T3-B.granted", severity: "hard", status: "fail" },
          { key: "T4-A.review", severity: "hard", status: "pass" },
        ],
      }),
    );
    await saveExtraction(
      store.db,
      extraction(null as unknown as number, { documentId: null, agencyId: "a-dept" }),
    );
    await saveExtraction(store.db, extraction(documentId, { year: 2023 }));
    const rows = await reportsForYear(store.db, 2024);
    expect(rows.map((r) => [r.agencyId, r.agencyName, r.failedChecks])).toEqual([
      ["a-dept", "某局", 0],
      ["huaian-city", "淮安市人民政府", 2],
    ]);
  });
});
