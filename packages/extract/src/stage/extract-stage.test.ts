import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getReport, openStore, storeStatus } from "@touming/store";
import { storeWithDocuments, useTempDirs } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { EXTRACTOR_VERSION } from "../extract.js";
import { runExtract } from "../testing/run-extract.js";
import { workerFileFor } from "./extract-pool.js";
import { extractStage } from "./extract-stage.js";

const dir = useTempDirs();

describe("the extract stage", () => {
  it("extracts pending documents into reports and records every failure without stopping", async () => {
    const { store, docs } = await storeWithDocuments(dir());
    try {
      const { summary, events, progress } = await runExtract(store);
      expect(summary).toEqual({
        documents: 5,
        reports: 2,
        skipped: 1,
        failed: 2,
        values: expect.any(Number),
        failedChecks: 2,
      });
      expect(summary.values).toBeGreaterThan(190);

      const county = await getReport(store.db, "county-mz", 2020);
      expect(county?.report).toMatchObject({
        format: "2019",
        publish_date: "2021-01-28",
        document_id: docs["report.html"],
      });
      expect(county?.values.find((v) => v.key === "apply.new_received.total")?.value).toBe(44);
      expect(county?.checks.filter((c) => c.status === "fail").map((c) => c.key)).toEqual([
        "T3-A:natural_person",
        "T3-A:total",
      ]);
      expect(county?.sections.map((s) => s.key)).toContain("problems");

      const changzhi = await getReport(store.db, "changzhi-mz", 2017);
      expect(changzhi?.report).toMatchObject({
        format: "legacy",
        publish_date: "2018-02-08",
        publish_date_source: "signature",
      });

      const states = await store.db
        .selectFrom("documents")
        .select(["id", "extraction_state", "extraction_error"])
        .orderBy("id")
        .execute();
      const byId = Object.fromEntries(states.map((s) => [s.id, [s.extraction_state, s.extraction_error]]));
      expect(byId[docs["annex.pdf"]!]?.[0]).toBe("failed");
      expect(byId[docs["annex.pdf"]!]?.[1]).toMatch(/^malformed: the PDF could not be read: /);
      expect(byId[docs["notice.html"]!]?.[0]).toBe("skipped");
      expect(byId[docs["damaged.html"]!]?.[0]).toBe("failed");
      expect(byId[docs["damaged.html"]!]?.[1]).toMatch(
        /^raw bytes unreadable: blob [0-9a-f]{64} is damaged on disk/,
      );

      // What it says: where it starts, each document given up, and its progress, in id order.
      expect(events[0]).toEqual({
        level: "info",
        message: "start",
        fields: { pending: 5, extractorVersion: EXTRACTOR_VERSION },
      });
      expect(events.filter((e) => e.message === "document failed").map((e) => e.fields.document)).toEqual([
        docs["annex.pdf"],
        docs["damaged.html"],
      ]);
      expect(progress.map((p) => [p.done, p.total])).toEqual([
        [1, 5],
        [2, 5],
        [3, 5],
        [4, 5],
        [5, 5],
      ]);
      expect(progress[0]?.item).toBe("http://county-mz.example/report.html");
    } finally {
      await store.close();
    }
  });

  it("gives the same rows on worker threads and on the calling thread", async () => {
    const rowsAfter = async (workers: number) => {
      const { store } = await storeWithDocuments(dir());
      try {
        const { summary } = await runExtract(store, { workers });
        const values = await store.db
          .selectFrom("report_values")
          .select(["report_id", "key", "value", "excerpt", "cell"])
          .orderBy("report_id")
          .orderBy("key")
          .execute();
        return { summary, values };
      } finally {
        await store.close();
      }
    };
    const onWorkers = await rowsAfter(2);
    expect(await rowsAfter(0)).toEqual(onWorkers);
  });

  it("a second run retries only the failures; results stay identical", async () => {
    const { store } = await storeWithDocuments(dir());
    try {
      await runExtract(store);
      const before = await store.db
        .selectFrom("report_values")
        .selectAll()
        .orderBy("report_id")
        .orderBy("key")
        .execute();
      const { summary } = await runExtract(store);
      const after = await store.db
        .selectFrom("report_values")
        .selectAll()
        .orderBy("report_id")
        .orderBy("key")
        .execute();
      expect(after).toEqual(before);
      expect(summary).toMatchObject({ documents: 2, failed: 2, reports: 0 });
      expect((await storeStatus(store.db)).reportsPerYear).toEqual([
        { year: 2017, reports: 1, failedChecks: 0 },
        { year: 2020, reports: 1, failedChecks: 2 },
      ]);
    } finally {
      await store.close();
    }
  });

  it("documents extracted by an older extractor version are extracted again", async () => {
    const { store } = await storeWithDocuments(dir());
    try {
      await runExtract(store);
      await store.db.updateTable("documents").set({ extractor_version: "0" }).execute();
      expect((await runExtract(store)).summary).toMatchObject({ documents: 5, reports: 2 });
    } finally {
      await store.close();
    }
  });

  it("limit bounds the run", async () => {
    const { store } = await storeWithDocuments(dir());
    try {
      expect((await runExtract(store, { limit: 2 })).summary.documents).toBe(2);
    } finally {
      await store.close();
    }
  });
});

describe("an unexpected failure saving one report", () => {
  it("is recorded on that document and the run goes on", async () => {
    const d = dir();
    const seeded = await storeWithDocuments(d);
    const docs = seeded.docs;
    await seeded.store.close();
    // Test-only: make the store refuse one agency's report, as a failing write would. (A second
    // SQLite library in the process must not hold the file while the store has it open.)
    const { DatabaseSync } = await import("node:sqlite");
    const raw = new DatabaseSync(seeded.store.dbFile!);
    raw.exec(
      `CREATE TRIGGER refuse BEFORE INSERT ON reports WHEN NEW.agency_id = 'county-mz' BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END`,
    );
    raw.close();
    const store = await openStore({ dataDir: d });
    try {
      await runExtract(store);
      const doc = await store.db
        .selectFrom("documents")
        .selectAll()
        .where("id", "=", docs["report.html"]!)
        .executeTakeFirstOrThrow();
      expect([doc.extraction_state, doc.extraction_error]).toEqual([
        "failed",
        "unexpected: simulated write failure",
      ]);
      expect((await storeStatus(store.db)).reportsPerYear).toEqual([
        { year: 2017, reports: 1, failedChecks: 0 },
      ]);
    } finally {
      await store.close();
    }
  });
});

describe("stopped mid-run", () => {
  it("finishes the current document, leaves no half-written report, and the next run does the rest", async () => {
    const { store } = await storeWithDocuments(dir());
    try {
      const { summary } = await runExtract(store, {}, (p, abort) => {
        if (p.done === 1) abort.abort();
      });
      expect(summary).toMatchObject({ documents: 1, reports: 1 });
      const reports = await store.db.selectFrom("reports").selectAll().execute();
      expect(reports).toHaveLength(1);
      const values = await store.db
        .selectFrom("report_values")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("report_id", "=", reports[0]!.id)
        .executeTakeFirstOrThrow();
      expect(Number(values.n)).toBeGreaterThan(190);
      const pending = await store.db
        .selectFrom("documents")
        .select("id")
        .where("extraction_state", "=", "pending")
        .execute();
      expect(pending).toHaveLength(4);
      await runExtract(store);
      expect((await storeStatus(store.db)).reportsPerYear.map((r) => r.year)).toEqual([2017, 2020]);
    } finally {
      await store.close();
    }
  });
});

describe("the stage object", () => {
  it("is named for the run log and finds its worker script from the build and from source", () => {
    expect(extractStage.name).toBe("extract");
    const built = new URL("../../dist/stage/extract-pool.js", import.meta.url).href;
    expect(workerFileFor(built).href).toBe(new URL("../../dist/worker.js", import.meta.url).href);
    expect(fileURLToPath(workerFileFor(import.meta.url))).toBe(
      fileURLToPath(new URL("../../dist/worker.js", import.meta.url)),
    );
    expect(existsSync(workerFileFor(import.meta.url))).toBe(true);
  });
});
