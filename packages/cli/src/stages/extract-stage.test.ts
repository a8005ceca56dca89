import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  getReport,
  lastRunPerStage,
  openStore,
  recordDocumentContent,
  storeStatus,
  upsertAgencies,
  upsertDocument,
} from "@touming/store";
import { describe, expect, it } from "vitest";
import { useCli } from "../test-support.js";

const { dir, run } = useCli();
const extractFixtures = fileURLToPath(new URL("../../../extract/fixtures/", import.meta.url));

const agency = (id: string, name: string) => ({
  id,
  name,
  regionCode: "320800",
  level: "county" as const,
  parentId: null,
  siteUrl: `http://${id}.example/`,
  listUrls: [],
  deadlineOverride: null,
  crawlOptions: {},
});

/** A store holding fetched documents as the crawler leaves them: rows plus blobs. */
async function storeWithDocuments(dataDir: string) {
  const store = await openStore({ dataDir });
  await upsertAgencies(store.db, [agency("county-mz", "某县民政局"), agency("changzhi-mz", "长治市民政局")]);
  const docs: Record<string, number> = {};
  const add = async (
    name: string,
    agencyId: string,
    bytes: Buffer,
    contentType: string,
    listedDate?: string,
  ) => {
    const { id } = await upsertDocument(store.db, {
      agencyId,
      url: `http://${agencyId}.example/${name}`,
      kind: "article",
      ...(listedDate ? { listedDate } : {}),
    });
    const { sha256 } = await store.blobs.put(bytes);
    await recordDocumentContent(store.db, id, { sha256, contentType });
    docs[name] = id;
  };
  await add(
    "report.html",
    "county-mz",
    readFileSync(`${extractFixtures}html/county-2020-2019-format.gbk.html`),
    "text/html",
  );
  await add(
    "seed.txt",
    "changzhi-mz",
    readFileSync(`${extractFixtures}seeds/002_4f5ee346c1dc28ae.txt`),
    "text/plain",
    "2018-02-09",
  );
  await add("annex.pdf", "county-mz", Buffer.from("%PDF-1.7\n%%EOF"), "application/pdf");
  await add(
    "notice.html",
    "county-mz",
    Buffer.from(
      "<div class='TRS_Editor'><p>关于召开全县安全生产工作会议的通知，请各单位准时参加。</p></div>",
    ),
    "text/html",
  );
  await add("damaged.html", "county-mz", Buffer.from("<p>will be damaged</p>"), "text/html");
  const damaged = await store.db
    .selectFrom("documents")
    .select("blob_sha256")
    .where("id", "=", docs["damaged.html"]!)
    .executeTakeFirstOrThrow();
  writeFileSync(store.blobs.pathOf(damaged.blob_sha256!), "tampered");
  return { store, docs };
}

describe("touming extract (stage)", () => {
  it("extracts pending documents into reports and records every failure without stopping", async () => {
    const d = dir();
    const { store, docs } = await storeWithDocuments(d);
    const result = await run(d, ["extract"]);
    expect(result.code).toBe(0);

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

    const [last] = (await lastRunPerStage(store.db)).filter((r) => r.stage === "extract");
    expect(last).toMatchObject({
      status: "ok",
      counters: { documents: 5, reports: 2, skipped: 1, failed: 2, failedChecks: 2 },
    });
    const lines = result.stderr
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.event === "document failed").map((l) => l.document)).toEqual([
      docs["annex.pdf"],
      docs["damaged.html"],
    ]);
    await store.close();
  });

  it("a second run retries only the failure; results stay identical", async () => {
    const d = dir();
    const { store } = await storeWithDocuments(d);
    await run(d, ["extract"]);
    const before = await store.db
      .selectFrom("report_values")
      .selectAll()
      .orderBy("report_id")
      .orderBy("key")
      .execute();
    await run(d, ["extract"]);
    const after = await store.db
      .selectFrom("report_values")
      .selectAll()
      .orderBy("report_id")
      .orderBy("key")
      .execute();
    expect(after).toEqual(before);
    const [last] = (await lastRunPerStage(store.db)).filter((r) => r.stage === "extract");
    expect(last?.counters).toMatchObject({ documents: 2, failed: 2, reports: 0 });
    expect((await storeStatus(store.db)).reportsPerYear).toEqual([
      { year: 2017, reports: 1, failedChecks: 0 },
      { year: 2020, reports: 1, failedChecks: 2 },
    ]);
    await store.close();
  });

  it("documents extracted by an older extractor version are extracted again", async () => {
    const d = dir();
    const { store } = await storeWithDocuments(d);
    await run(d, ["extract"]);
    await store.db.updateTable("documents").set({ extractor_version: "0" }).execute();
    await run(d, ["extract"]);
    const [last] = (await lastRunPerStage(store.db)).filter((r) => r.stage === "extract");
    expect(last?.counters).toMatchObject({ documents: 5, reports: 2 });
    await store.close();
  });

  it("--limit bounds the run", async () => {
    const d = dir();
    const { store } = await storeWithDocuments(d);
    await run(d, ["extract", "--limit", "2"]);
    const [last] = (await lastRunPerStage(store.db)).filter((r) => r.stage === "extract");
    expect(last?.counters.documents).toBe(2);
    await store.close();
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
    const raw = new DatabaseSync(seeded.store.dbFile);
    raw.exec(
      `CREATE TRIGGER refuse BEFORE INSERT ON reports WHEN NEW.agency_id = 'county-mz' BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END`,
    );
    raw.close();
    const store = await openStore({ dataDir: d });
    const result = await run(d, ["extract"]);
    expect(result.code).toBe(0);
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
    await store.close();
  });
});

describe("shutdown mid-run", () => {
  it("SIGTERM finishes the current document, leaves no half-written report, and the next run does the rest", async () => {
    const d = dir();
    const { store } = await storeWithDocuments(d);
    let signalled = false;
    const io = {
      stdout: { write: () => true },
      stderr: {
        write: (text: string) => {
          // The first progress line means one document is done: stop now.
          if (!signalled && text.includes("extract 1/")) {
            signalled = true;
            process.emit("SIGTERM");
          }
          return true;
        },
      },
      isTTY: true,
      now: () => new Date(),
    };
    const { main } = await import("../program.js");
    expect(await main(["--data-dir", d, "extract"], io)).toBe(0);
    const [interrupted] = (await lastRunPerStage(store.db)).filter((r) => r.stage === "extract");
    expect(interrupted).toMatchObject({
      status: "interrupted",
      error: "stopped by a signal",
      counters: expect.objectContaining({ documents: 1 }),
    });
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
    await run(d, ["extract"]);
    expect((await storeStatus(store.db)).reportsPerYear.map((r) => r.year)).toEqual([2017, 2020]);
    await store.close();
  });
});

describe("touming extract FILE", () => {
  it("--json prints the public contract", async () => {
    const d = dir();
    const result = await run(d, ["extract", `${extractFixtures}html/huaian-2024-2021-format.html`, "--json"]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      ok: true,
      format: "2021",
      metadata: {
        agency: "淮安市人民政府",
        year: 2024,
        publishDate: "2025-01-20",
        indexNo: "014041048/2025-00012",
      },
      blank: [],
      warnings: [],
    });
    expect(json.values["apply.new_received.total"]).toEqual({
      value: 3119,
      excerpt: "一、本年新收政府信息公开申请数量 · 总计: 3119",
      cell: "三:R4C10",
    });
    expect(Object.keys(json.values)).toHaveLength(202);
    expect(json.sections[0]).toEqual({ key: "overview", title: "一、总体情况", chars: expect.any(Number) });
    expect(json.checks[0]).toEqual({
      id: "T3-A",
      scope: "natural_person",
      severity: "hard",
      status: "pass",
      left: "new_received + carried_over = 3001 + 34 = 3035",
      right: "handled_total + carried_forward = 2932 + 103 = 3035",
      message: "T3-A holds for natural_person",
    });
  });

  it("reads the corpus PDF: every table cell of 淮安市 2024 exact, all checks pass", async () => {
    const d = dir();
    const result = await run(d, ["extract", `${extractFixtures}pdf/huaian-city-2024.pdf`, "--json"]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    const expected = JSON.parse(readFileSync(`${extractFixtures}pdf/huaian-city-2024.pdf.json`, "utf8"));
    const tables = Object.fromEntries(
      Object.entries(json.values as Record<string, { value: number }>)
        .filter(([k]) => !k.startsWith("text."))
        .map(([k, v]) => [k, v.value]),
    );
    expect(tables).toEqual(expected.values);
    expect(json).toMatchObject({
      format: "2021",
      metadata: { agency: "淮安市人民政府", year: 2024 },
      sourceKind: "pdf",
    });
    expect(json.values["text.fees_yuan"].value).toBe(3940);
    expect(json.values["apply.new_received.total"].page).toBe(4);
    expect(json.checks.filter((c: { status: string }) => c.status === "fail")).toEqual([]);
  });

  it("prints a readable summary, and fails with a one-line reason on an unreadable format", async () => {
    const d = dir();
    const ok = await run(d, ["extract", `${extractFixtures}seeds/001_c30767c77fd7db29.txt`]);
    expect(ok.stdout).toContain(
      "  agency        凌源市人民政府 [body]\n  year          2013 [body]\n  published     2014-01-20 [top-line]\n",
    );
    const pdf = `${d}/x.pdf`;
    writeFileSync(pdf, "%PDF-1.4\n");
    const bad = await run(d, ["extract", pdf, "--json"]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error: { code: "malformed" } });
    expect(bad.stderr.trim().split("\n").at(-1)).toMatch(
      new RegExp(`^touming: ${pdf.replace(/[/.]/g, "\\$&")}: malformed: the PDF could not be read: `),
    );
    const missing = await run(d, ["extract", `${d}/nope.html`]);
    expect(missing.stderr).toBe(`touming: ${d}/nope.html: cannot read: ENOENT\n`);
  });
});
