import { type Store, addReviews, recordCrawlCoverage, saveExtraction, upsertAgencies } from "@touming/store";
import { testAgency, useTempStore } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { BUILT_IN_DIMENSIONS } from "./dimensions/index.js";
import { type GradeStageOptions, gradeStage } from "./grade-stage.js";
import { loadRubric } from "./rubric/load-rubric.js";
import { gradeContext } from "./testing/agency-report.js";
import { SECTIONS_2021, failing, fullTables, passing } from "./testing/grade-inputs.js";

const rubric = loadRubric();
const newStore = useTempStore();
const postgresStore = useTempStore({ dialect: "postgres" });

/** Seven agencies, one per batch of one, in each of the states grading knows. */
const AGENCIES = ["a1", "a2", "a3", "a4", "a5", "a6", "a7"].map((id, i) =>
  testAgency({
    id,
    name: `某县第${i + 1}局`,
    level: "department",
    siteUrl: `http://${id}.example.gov.cn/`,
    listUrls: [],
    // a7's window ends in 2022: its stored later years are withdrawn on the second run.
    ...(id === "a7" ? { monitorUntil: 2022 } : {}),
  }),
);

const report = (store: Store, agencyId: string, year: number, publishDate: string, seed: number) =>
  saveExtraction(store.db, {
    documentId: null,
    agencyId,
    year,
    publishDate,
    publishDateSource: "metadata",
    format: "2021",
    text: SECTIONS_2021.map((s) => s.text).join("\n"),
    values: fullTables(seed).map(({ key, value, raw }) => ({ key, value, raw })),
    sections: SECTIONS_2021,
    checks: [passing("T3-A:total"), ...(seed % 2 ? [failing("T4-A:review")] : [])].map((c) => ({ ...c })),
    extractorVersion: "1",
  });

/** The same registry, reports, crawls and reviews in every store the test grades. */
async function fill(store: Store): Promise<void> {
  await upsertAgencies(
    store.db,
    AGENCIES.map((a) => (a.id === "a7" ? { ...a, monitorUntil: null } : a)),
  );
  for (const [i, id] of ["a1", "a2", "a3", "a7"].entries()) {
    await report(store, id, 2023, "2024-01-20", i + 1);
    await report(store, id, 2024, i === 1 ? "2025-03-02" : "2025-01-25", i + 2);
  }
  // a4: a complete crawl after the deadlines (未发现); a5: blocked (无法核实); a6: never crawled.
  await recordCrawlCoverage(
    store.db,
    [
      { agencyId: "a4", complete: true, reasons: [] },
      {
        agencyId: "a5",
        complete: false,
        reasons: [{ url: "http://a5.example.gov.cn/ndbg/", kind: "blocked", detail: "HTTP 412" }],
      },
    ],
    () => new Date("2025-04-15T00:00:00Z"),
  );
  // An office says a3's 2024 report is a1's: a3's year is graded as one without a report.
  await addReviews(store.db, [
    {
      agencyId: "a3",
      year: 2024,
      findingKey: null,
      fact: "agency",
      action: "correct",
      value: "a1",
      evidence: "http://a3.example.gov.cn/ndbg/2024.html",
      fingerprint: null,
      reason: "该报告为某县第1局所发",
      reviewer: "张三",
      createdAt: "2025-05-01T08:00:00.000Z",
    },
  ]);
}

/** Every grade row of the store, in a fixed order. */
const gradeRows = (store: Store) =>
  store.db.selectFrom("grades").selectAll().orderBy(["agency_id", "year", "dimension"]).execute();

/** Grades the store with these options, returning the stage's details and its progress lines. */
async function grade(store: Store, options: Partial<GradeStageOptions>) {
  const { ctx, progress } = gradeContext(store);
  const { details } = await gradeStage.run(ctx, { rubric, batchSize: 1, ...options });
  return { details, progress: progress.map(({ done, total, item }) => [done, total, item]) };
}

describe("grading on threads", () => {
  it("grades, counts, reports progress and writes exactly as on one thread, and withdraws the same years", async () => {
    const one = await newStore();
    const two = await newStore();
    await fill(one);
    await fill(two);

    const here = await grade(one, { threads: 0 });
    const threads = await grade(two, { threads: 2 });
    expect(threads).toEqual(here);
    expect(here.details).toMatchObject({ graded: 42, changed: 42, withdrawn: 0 });
    // Every state came up: graded reports, 未发现, 无法核实, and a report set aside by review.
    expect(here.details.notFound).toBeGreaterThan(0);
    expect(here.details.unverifiable).toBeGreaterThan(0);
    expect(Object.keys(here.details.byLetter).length).toBeGreaterThan(1);
    expect(await gradeRows(two)).toEqual(await gradeRows(one));

    // Nothing changed: nothing is written. Then a7's window narrows: its later years are withdrawn.
    for (const store of [one, two]) {
      const again = await grade(store, { threads: store === one ? 0 : 2 });
      expect(again.details).toMatchObject({ graded: 42, changed: 0, withdrawn: 0 });
      await upsertAgencies(store.db, [AGENCIES[6]!]);
    }
    const narrowedHere = await grade(one, { threads: 0 });
    const narrowedThreads = await grade(two, { threads: 2 });
    expect(narrowedThreads).toEqual(narrowedHere);
    expect(narrowedHere.details).toMatchObject({ graded: 40, changed: 0, withdrawn: 2 });
    expect(await gradeRows(two)).toEqual(await gradeRows(one));
  });

  it("opens their own connections to a PostgreSQL store, and grade as on one thread", async () => {
    const one = await postgresStore();
    const two = await postgresStore();
    await fill(one);
    await fill(two);
    const here = await grade(one, { threads: 0 });
    expect(await grade(two, { threads: 2 })).toEqual(here);
    expect(here.details).toMatchObject({ graded: 42, changed: 42 });
    expect(await gradeRows(two)).toEqual(await gradeRows(one));
  });

  it("finishes and writes the batches under way when stopped, and starts no other", async () => {
    const store = await newStore();
    await fill(store);
    const { ctx, abort } = gradeContext(store);
    let first: string | undefined;
    const { details } = await gradeStage.run(
      {
        ...ctx,
        onProgress: (p) => {
          first ??= p.item;
          abort.abort();
        },
      },
      { rubric, batchSize: 1, threads: 2 },
    );
    // Two threads, two batches each under way: four agencies of six years each.
    expect(first).toBe("a1");
    expect(details.graded).toBe(24);
    const graded = await store.db.selectFrom("grades").select("agency_id").distinct().execute();
    expect(graded.map((g) => g.agency_id).sort()).toEqual(["a1", "a2", "a3", "a4"]);
  });

  it("fails the run, naming why, when a thread cannot open the store", async () => {
    const store = await newStore();
    await fill(store);
    const { ctx } = gradeContext(store);
    // A data directory under /dev/null cannot be made: the threads' store does not open.
    const unreachable: Store = {
      ...store,
      reopen: { ...store.reopen, dataDir: "/dev/null/touming", dbFile: "/dev/null/touming/touming.db" },
    };
    await expect(
      gradeStage.run({ ...ctx, store: unreachable }, { rubric, batchSize: 1, threads: 2 }),
    ).rejects.toThrow(/^grading failed: .*\/dev\/null\/touming/);
    // What the command's one-line reason reads (a full disk, a read-only directory) comes through.
    await expect(
      gradeStage.run({ ...ctx, store: unreachable }, { rubric, batchSize: 1, threads: 2 }),
    ).rejects.toMatchObject({ code: "ENOTDIR", syscall: "mkdir", path: "/dev/null/touming" });
    expect(await gradeRows(store)).toEqual([]);
  });

  it("refuses a batch size or thread count that is not a whole number in range, naming it, before grading", async () => {
    const store = await newStore();
    await fill(store);
    const { ctx } = gradeContext(store);
    await expect(gradeStage.run(ctx, { rubric, batchSize: 0 })).rejects.toThrow(
      "grade: batchSize must be a whole number of at least 1, not 0",
    );
    await expect(gradeStage.run(ctx, { rubric, batchSize: 2.5 })).rejects.toThrow(
      "grade: batchSize must be a whole number of at least 1, not 2.5",
    );
    await expect(gradeStage.run(ctx, { rubric, threads: -1 })).rejects.toThrow(
      "grade: threads must be a whole number of at least 0, not -1",
    );
    await expect(gradeStage.run(ctx, { rubric, threads: Number.NaN })).rejects.toThrow(
      "grade: threads must be a whole number of at least 0, not NaN",
    );
    expect(await gradeRows(store)).toEqual([]);
  });

  it("grades on this thread when the dimensions are not the built-in ones (code cannot be posted to a thread)", async () => {
    const store = await newStore();
    await fill(store);
    // The built-ins with timeliness's reason reworded: only this thread has that code.
    const dimensions = BUILT_IN_DIMENSIONS.map((d) =>
      d.key === "timeliness"
        ? {
            ...d,
            grade: (...args: Parameters<typeof d.grade>) => ({
              ...d.grade(...args),
              reason: "按自定义规则评分",
            }),
          }
        : d,
    );
    const { details } = await gradeStage.run(gradeContext(store).ctx, {
      rubric,
      dimensions,
      batchSize: 1,
      threads: 2,
    });
    expect(details.graded).toBe(42);
    const reasons = await store.db
      .selectFrom("grades")
      .select("reason")
      .distinct()
      .where("dimension", "=", "timeliness")
      .where("agency_id", "=", "a1")
      .where("year", "=", 2024)
      .execute();
    expect(reasons).toEqual([{ reason: "按自定义规则评分" }]);
  });
});
