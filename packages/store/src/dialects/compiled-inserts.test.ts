import { InsertQueryBuilder, sql } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { saveExtraction } from "../queries/reports-save.js";
import { testAgency, useTempStore } from "../testing/index.js";
import { insertRows } from "./compiled-inserts.js";

const tempStore = useTempStore();
afterEach(() => vi.restoreAllMocks());

async function withReport() {
  const store = await tempStore([testAgency({ id: "a" })]);
  const { reportId } = await saveExtraction(store.db, {
    documentId: null,
    agencyId: "a",
    year: 2024,
    text: "",
    values: [],
    sections: [],
    checks: [],
    extractorVersion: "1",
  });
  return { store, reportId };
}

const sections = (reportId: number, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    report_id: reportId,
    position: from + i,
    key: `s${from + i}`,
    title: `第${from + i}节`,
    text: (from + i) % 2 ? "" : `正文'"; drop table reports; --${from + i}`,
  }));

const stored = (store: Awaited<ReturnType<typeof withReport>>["store"], reportId: number) =>
  store.db
    .selectFrom("report_sections")
    .select(["position", "key", "title", "text"])
    .where("report_id", "=", reportId)
    .orderBy("position")
    .execute();

describe("insertRows", () => {
  it("compiles a shape once and binds each insert's own values; another row count is another shape", async () => {
    const { store, reportId } = await withReport();
    const compile = vi.spyOn(InsertQueryBuilder.prototype, "compile");
    await insertRows(store.db, "report_sections", sections(reportId, 0, 3));
    await insertRows(store.db, "report_sections", sections(reportId, 3, 3));
    await store.db
      .transaction()
      .execute((trx) => insertRows(trx, "report_sections", sections(reportId, 6, 3)));
    expect(compile).toHaveBeenCalledTimes(1);
    await insertRows(store.db, "report_sections", sections(reportId, 9, 2));
    await insertRows(store.db, "report_sections", []);
    expect(compile).toHaveBeenCalledTimes(2);
    const all = sections(reportId, 0, 11).map(({ report_id: _, ...row }) => row);
    expect(await stored(store, reportId)).toEqual(all);
  });

  it("does not keep a shape whose values Kysely does not bind one for one (an SQL expression)", async () => {
    const { store, reportId } = await withReport();
    const compile = vi.spyOn(InsertQueryBuilder.prototype, "compile");
    // Not a row the types allow: the check at the first compile is for callers the types do not hold.
    const row = (position: number) =>
      ({
        report_id: reportId,
        position,
        key: `k${position}`,
        title: sql<string>`'题' || ${String(position)}`,
        text: "",
      }) as never;
    await insertRows(store.db, "report_sections", [row(0)]);
    await insertRows(store.db, "report_sections", [row(1)]);
    expect(compile).toHaveBeenCalledTimes(2);
    expect((await stored(store, reportId)).map((r) => r.title)).toEqual(["题0", "题1"]);
  });

  it("inserts a row with columns the first row has not as Kysely does, dropping none of its values", async () => {
    const { store, reportId } = await withReport();
    const compile = vi.spyOn(InsertQueryBuilder.prototype, "compile");
    const check = (key: string) => ({
      report_id: reportId,
      key,
      severity: "hard" as const,
      status: "pass" as const,
      left: "1",
      right: "1",
    });
    // The shape of two rows is kept by the first call; the second's extra column must not be dropped.
    await insertRows(store.db, "checks", [check("a1"), check("a2")]);
    await insertRows(store.db, "checks", [check("b1"), { ...check("b2"), message: "说明" }]);
    // Compiled once for the kept shape, and once by Kysely for the rows with the extra column.
    expect(compile).toHaveBeenCalledTimes(2);
    const rows = await store.db
      .selectFrom("checks")
      .select(["key", "message"])
      .where("report_id", "=", reportId)
      .orderBy("key")
      .execute();
    expect(rows).toEqual([
      { key: "a1", message: null },
      { key: "a2", message: null },
      { key: "b1", message: null },
      { key: "b2", message: "说明" },
    ]);
  });

  it("refuses a row without a value for a column (undefined), naming the table and column", async () => {
    const { store, reportId } = await withReport();
    const rows = [
      ...sections(reportId, 0, 1),
      { ...sections(reportId, 1, 1)[0]!, title: undefined as never },
    ];
    await expect(insertRows(store.db, "report_sections", rows)).rejects.toThrow(
      "insertRows(report_sections): a row has no value for title",
    );
    expect(await stored(store, reportId)).toEqual([]);
  });
});
