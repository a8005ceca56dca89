import { describe, expect, it } from "vitest";
import { upsertAgencies } from "./agencies.js";
import { getReport, reportsOfAgencies } from "./reports-read.js";
import { saveExtraction } from "./reports-save.js";
import { testAgency, useTempStore } from "../testing/index.js";

const tempStore = useTempStore();

async function withReport(extra: { metadata?: Record<string, unknown>; warnings?: string[] }) {
  const store = await tempStore();
  await upsertAgencies(store.db, [testAgency()]);
  // A report needs no source document to be read back.
  await saveExtraction(store.db, {
    documentId: null,
    agencyId: "huaian-city",
    year: 2024,
    text: "一、总体情况……",
    values: [],
    sections: [],
    checks: [],
    extractorVersion: "1",
    ...extra,
  });
  return store;
}

describe("report reads", () => {
  it("give a report's metadata and warnings decoded, from one report or a batch of agencies", async () => {
    const metadata = { sourceKind: "pdf", scanned: false, contact: { phone: "0517-1" } };
    const warnings = ["converted traditional script to simplified", "表三 列数不符"];
    const store = await withReport({ metadata, warnings });
    const one = await getReport(store.db, "huaian-city", 2024);
    expect([one?.report.metadata, one?.report.warnings]).toEqual([metadata, warnings]);
    const batch = await reportsOfAgencies(store.db, ["huaian-city"]);
    const report = batch.get("huaian-city")?.get(2024)?.report;
    expect([report?.metadata, report?.warnings]).toEqual([metadata, warnings]);
  });

  it("give an empty object and an empty list for a report saved without them", async () => {
    const store = await withReport({});
    const one = await getReport(store.db, "huaian-city", 2024);
    expect([one?.report.metadata, one?.report.warnings]).toEqual([{}, []]);
  });
});

describe("reportsOfAgencies", () => {
  it("gives what the source was read as and whether it was a scan, decoded from the report's metadata", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const report = (year: number, metadata?: Record<string, unknown>) =>
      saveExtraction(store.db, {
        documentId: null,
        agencyId: "huaian-city",
        year,
        text: "一、总体情况",
        values: [],
        sections: [],
        checks: [],
        extractorVersion: "1",
        ...(metadata ? { metadata } : {}),
      });
    await report(2023);
    await report(2024, { sourceKind: "pdf", scanned: true, encoding: "utf-8" });
    const years = (await reportsOfAgencies(store.db, ["huaian-city"])).get("huaian-city")!;
    expect([years.get(2023)?.sourceKind, years.get(2023)?.scanned]).toEqual([null, false]);
    expect([years.get(2024)?.sourceKind, years.get(2024)?.scanned]).toEqual(["pdf", true]);
    await report(2021, { tables: { state: "unreadable", reason: "cells run together" } });
    await report(2022, { tables: { state: "read", reason: null } });
    const again = (await reportsOfAgencies(store.db, ["huaian-city"])).get("huaian-city")!;
    expect([2021, 2022, 2023].map((y) => again.get(y)?.tablesUnreadable)).toEqual([
      "cells run together",
      null,
      null,
    ]);
  });
});
