import { readFileSync } from "node:fs";
import { getReport, openStore, recordDocumentContent, upsertAgencies, upsertDocument } from "@touming/store";
import { EXTRACT_FIXTURES, exampleAgency, useTempDirs } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { runExtract } from "../testing/run-extract.js";

const dir = useTempDirs();

/** The article page a real agency site shows for its report: the title, 发布时间 and the PDF link. */
const LANDING = Buffer.from(
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>淮安市人民政府2024年政府信息公开工作年度报告</title>
<meta name="PubDate" content="2025-01-20 09:30"></head><body><h1>淮安市人民政府2024年政府信息公开工作年度报告</h1>
<div class="article"><p>附件：<a href="/P020250120.pdf">淮安市人民政府2024年政府信息公开工作年度报告.pdf</a></p></div></body></html>`,
);

/** A store with the landing page and, linked from it, the real 淮安市 2024 report as a PDF. */
async function storeWithAttachment(agencyName: string) {
  const store = await openStore({ dataDir: dir() });
  await upsertAgencies(store.db, [exampleAgency("huaian-city", agencyName)]);
  const add = async (
    url: string,
    kind: "article" | "attachment",
    bytes: Buffer,
    type: string,
    parentId?: number,
  ) => {
    const { id } = await upsertDocument(store.db, {
      agencyId: "huaian-city",
      url,
      kind,
      ...(parentId ? { parentId } : {}),
    });
    const { sha256 } = await store.blobs.put(bytes);
    await recordDocumentContent(store.db, id, { sha256, contentType: type });
    return id;
  };
  const page = await add(
    "http://huaian-city.example/art/2025/1/20/art_1.html",
    "article",
    LANDING,
    "text/html",
  );
  const pdf = readFileSync(`${EXTRACT_FIXTURES}pdf/huaian-city-2024.pdf`);
  const attachment = await add(
    "http://huaian-city.example/P020250120.pdf",
    "attachment",
    pdf,
    "application/pdf",
    page,
  );
  return { store, page, attachment };
}

describe("an attachment report and its landing page", () => {
  it("dates the PDF's report by its page, and skips the page quietly as the attachment's page", async () => {
    const { store, page, attachment } = await storeWithAttachment("淮安市人民政府");
    try {
      const { summary, events } = await runExtract(store, { workers: 0 });
      expect(summary).toMatchObject({ documents: 2, reports: 1, skipped: 1, failed: 0 });
      const report = await getReport(store.db, "huaian-city", 2024);
      expect(report?.report).toMatchObject({
        document_id: attachment,
        publish_date: "2025-01-20",
        publish_date_source: "attachment-page",
        format: "2021",
      });
      expect(report?.report.metadata.agencyMismatch).toBeUndefined();
      const skipped = await store.db
        .selectFrom("documents")
        .select(["extraction_state", "extraction_error"])
        .where("id", "=", page)
        .executeTakeFirstOrThrow();
      expect(skipped).toEqual({
        extraction_state: "skipped",
        extraction_error: "the landing page of an attachment report: the report is its attachment",
      });
      expect(events.filter((e) => e.level === "warn")).toEqual([]);
      expect(events.find((e) => e.message === "attachment's page")).toMatchObject({ level: "info" });
    } finally {
      await store.close();
    }
  });

  it("records a report that names another body than the registry's agency, and logs it", async () => {
    const { store } = await storeWithAttachment("淮安市民政局");
    try {
      const { events } = await runExtract(store, { workers: 0 });
      const report = await getReport(store.db, "huaian-city", 2024);
      expect(report?.report.metadata.agencyMismatch).toEqual({
        found: "淮安市人民政府",
        source: "title",
        registry: "淮安市民政局",
      });
      expect(events.find((e) => e.message === "report names another agency")).toMatchObject({
        level: "warn",
        fields: { found: "淮安市人民政府", registry: "淮安市民政局" },
      });
    } finally {
      await store.close();
    }
  });
});
