import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { Migrator } from "kysely/migration";
import { describe, expect, it } from "vitest";
import { migrationProvider } from "../migrations/index.js";
import { openStore } from "../open-store.js";
import { testAgency, useTempDirs, useTempStore } from "../testing/index.js";
import { upsertAgencies } from "./agencies.js";
import { saveGrades } from "./grades.js";
import { saveExtraction } from "./reports-save.js";
import { type NewReview, addReviews, reviewChangesSince, reviewsOf, reviewsOfAgencies } from "./reviews.js";

const tempStore = useTempStore({ agencies: [testAgency({ id: "a" }), testAgency({ id: "b" })] });
const tempDir = useTempDirs();
const at = (iso: string) => () => new Date(iso);

const dismissal: NewReview = {
  agencyId: "a",
  year: 2024,
  findingKey: "check:T3-A:total",
  fact: null,
  action: "dismiss",
  value: null,
  evidence: null,
  fingerprint: "f1",
  reason: "原表印刷错误，已在网站更正",
  reviewer: "张三",
};
const correction: NewReview = {
  agencyId: "a",
  year: 2024,
  findingKey: null,
  fact: "publish_date",
  action: "correct",
  value: "2025-01-20",
  evidence: "https://a.example.gov.cn/ndbg/2025.html",
  fingerprint: "2025-03-10",
  reason: "",
  reviewer: "李四",
};

describe("reviews", () => {
  it("appends reviews with who, when and why, and reads them back by agency, year and time", async () => {
    const store = await tempStore();
    const { added } = await addReviews(store.db, [dismissal], { clock: at("2025-06-02T08:00:00Z") });
    await addReviews(store.db, [correction, { ...dismissal, agencyId: "b", year: 2023 }], {
      clock: at("2025-06-03T08:00:00Z"),
    });
    expect(added).toEqual([
      { ...dismissal, id: 1, source: "command", createdAt: "2025-06-02T08:00:00.000Z" },
    ]);
    expect((await reviewsOf(store.db, { agencyId: "a" })).map((r) => r.action)).toEqual([
      "dismiss",
      "correct",
    ]);
    expect((await reviewsOf(store.db, { year: 2023 })).map((r) => r.agencyId)).toEqual(["b"]);
    expect((await reviewsOf(store.db, { since: "2025-06-03T00:00:00Z" })).map((r) => r.id)).toEqual([2, 3]);
    const batch = await reviewsOfAgencies(store.db, ["a", "b"]);
    expect(
      batch
        .get("a")
        ?.get(2024)
        ?.map((r) => r.id),
    ).toEqual([1, 2]);
    expect(
      batch
        .get("b")
        ?.get(2023)
        ?.map((r) => r.id),
    ).toEqual([3]);
  });

  it("the database refuses to change or delete a review: the table is append-only", async () => {
    const store = await tempStore();
    await addReviews(store.db, [dismissal]);
    await expect(store.db.updateTable("reviews").set({ reason: "改写" }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(store.db.deleteFrom("reviews").execute()).rejects.toThrow(/append-only/);
    // Nor behind Kysely's back.
    if (store.dbFile) {
      const raw = new SqliteDatabase(store.dbFile);
      expect(() => raw.prepare("delete from reviews").run()).toThrow(/append-only/);
      expect(() => raw.prepare("update reviews set action = 'confirm'").run()).toThrow(/append-only/);
      raw.close();
    } else {
      await expect(sql`delete from reviews`.execute(store.db)).rejects.toThrow(/append-only/);
      await expect(sql`update reviews set action = 'confirm'`.execute(store.db)).rejects.toThrow(
        /append-only/,
      );
    }
    expect((await reviewsOf(store.db)).map((r) => [r.action, r.reason])).toEqual([
      ["dismiss", "原表印刷错误，已在网站更正"],
    ]);
  });

  it("refuses a row that says nothing coherent: no subject, both subjects, a correction without a value", async () => {
    const store = await tempStore();
    await expect(addReviews(store.db, [{ ...dismissal, findingKey: null }])).rejects.toThrow(
      /CHECK|check constraint/,
    );
    await expect(addReviews(store.db, [{ ...dismissal, fact: "agency" }])).rejects.toThrow(
      /CHECK|check constraint/,
    );
    await expect(addReviews(store.db, [{ ...correction, value: null }])).rejects.toThrow(
      /CHECK|check constraint/,
    );
    await expect(addReviews(store.db, [{ ...dismissal, action: "undo" as never }])).rejects.toThrow(
      /CHECK|check constraint/,
    );
    expect(await reviewsOf(store.db)).toEqual([]);
  });

  it("skipExisting adds nothing a stored review already says, whatever the fingerprint", async () => {
    const store = await tempStore();
    await addReviews(store.db, [dismissal, correction], { skipExisting: true });
    const again = await addReviews(
      store.db,
      [{ ...dismissal, fingerprint: "changed" }, correction, { ...correction, reason: "补充依据" }],
      { skipExisting: true },
    );
    expect([again.added.length, again.skipped]).toEqual([1, 2]);
    // With a time, a review is the same only at that time.
    const timed = { ...dismissal, createdAt: "2025-07-01T00:00:00.000Z" };
    expect((await addReviews(store.db, [timed], { skipExisting: true })).added).toHaveLength(1);
    expect((await addReviews(store.db, [timed], { skipExisting: true })).skipped).toBe(1);
    expect(await reviewsOf(store.db)).toHaveLength(4);
  });

  it("a re-extraction and a re-grade leave every review in place", async () => {
    const store = await tempStore();
    const report = {
      documentId: null,
      agencyId: "a",
      year: 2024,
      text: "一、总体情况",
      values: [{ key: "apply.granted.total", value: 3 }],
      sections: [],
      checks: [],
      extractorVersion: "1",
    };
    await saveExtraction(store.db, report);
    await addReviews(store.db, [dismissal, correction]);
    await saveExtraction(store.db, { ...report, text: "一、总体情况（重新提取）", extractorVersion: "2" });
    const grade = {
      agencyId: "a",
      year: 2024,
      reportId: null,
      rubricVersion: "2",
      dimensions: [{ dimension: "total", points: 90, maxPoints: 100, reason: "A 优秀" }],
    };
    await saveGrades(store.db, [grade]);
    await saveGrades(store.db, [{ ...grade, dimensions: [{ ...grade.dimensions[0]!, points: 80 }] }]);
    expect((await reviewsOf(store.db)).map((r) => r.id)).toEqual([1, 2]);
  });

  it("lists the agency-years whose grade reviews since a time changed, once the grade took them in", async () => {
    const store = await tempStore();
    await addReviews(store.db, [dismissal], { clock: at("2025-06-02T08:00:00Z") });
    await addReviews(store.db, [{ ...dismissal, agencyId: "b", action: "confirm" }], {
      clock: at("2025-06-02T09:00:00Z"),
    });
    // Not graded since: nothing to list yet.
    expect(await reviewChangesSince(store.db, "2025-06-01T00:00:00Z")).toEqual([]);
    const total = (agencyId: string, points: number, evidence: Record<string, unknown>) => ({
      agencyId,
      year: 2024,
      reportId: null,
      rubricVersion: "2",
      dimensions: [{ dimension: "total", points, maxPoints: 100, reason: "", evidence }],
    });
    await saveGrades(
      store.db,
      [
        total("a", 95, {
          state: "graded",
          letter: "A",
          label: "优秀",
          withoutReviews: { state: "graded", letter: "B", label: "良好", score: 89 },
          reviewEffects: ["撤销：表三勾稽关系不成立（原表印刷错误，已在网站更正）"],
        }),
        total("b", 80, { state: "graded", letter: "B", label: "良好" }),
      ],
      at("2025-06-02T10:00:00Z"),
    );
    const changes = await reviewChangesSince(store.db, "2025-06-01T00:00:00Z");
    expect(changes).toEqual([
      {
        agencyId: "a",
        year: 2024,
        reviews: [expect.objectContaining({ id: 1, action: "dismiss", reviewer: "张三" })],
        grade: {
          state: "graded",
          letter: "A",
          label: "优秀",
          score: 95,
          gradedAt: "2025-06-02T10:00:00.000Z",
        },
        withoutReviews: { state: "graded", letter: "B", label: "良好", score: 89 },
        effects: ["撤销：表三勾稽关系不成立（原表印刷错误，已在网站更正）"],
      },
    ]);
    // `all`: also the agency-years whose reviews changed no grade.
    expect(
      (await reviewChangesSince(store.db, "2025-06-01T00:00:00Z", { all: true })).map((c) => c.agencyId),
    ).toEqual(["a", "b"]);
    expect(await reviewChangesSince(store.db, "2025-06-03T00:00:00Z")).toEqual([]);
  });
});

describe("migration 0010-reviews", () => {
  it("adds reviews to a store at 0009 and keeps what it held", async () => {
    const dir = tempDir();
    const old = await openStore({ dataDir: dir, migrate: false });
    const migrator = new Migrator({ db: old.db, provider: migrationProvider });
    const before = Object.keys(await migrationProvider.getMigrations())
      .filter((n) => n < "0010-reviews")
      .sort()
      .at(-1)!;
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    await upsertAgencies(old.db, [testAgency({ id: "a" })]);
    await old.close();

    const store = await openStore({ dataDir: dir });
    expect(store.applied.map((r) => r.migrationName)).toContain("0010-reviews");
    expect((await store.db.selectFrom("agencies").select("id").execute()).map((r) => r.id)).toEqual(["a"]);
    await addReviews(store.db, [dismissal]);
    await store.close();
    const raw = new SqliteDatabase(path.join(dir, "touming.db"), { readonly: true });
    expect(
      raw
        .prepare(
          "select name from sqlite_master where type = 'trigger' and tbl_name = 'reviews' order by name",
        )
        .pluck()
        .all(),
    ).toEqual(["reviews_no_delete", "reviews_no_update"]);
    raw.close();

    // Down and up again.
    const again = await openStore({ dataDir: dir, migrate: false });
    const back = new Migrator({ db: again.db, provider: migrationProvider });
    expect((await back.migrateTo(before)).error).toBeUndefined();
    expect((await back.migrateToLatest()).error).toBeUndefined();
    expect(await reviewsOf(again.db)).toEqual([]);
    await again.close();
  });
});
