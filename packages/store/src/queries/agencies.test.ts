import { describe, expect, it } from "vitest";
import { getAgency, listAgencies, upsertAgencies } from "./agencies.js";
import { testAgency, useTempStore } from "../testing/index.js";

const tempStore = useTempStore();

describe("agencies", () => {
  it("inserts, then reports unchanged and updated rows on re-import", async () => {
    const store = await tempStore();
    const a = testAgency({ id: "a" });
    const b = testAgency({ id: "b", level: "department", parentId: "a", deadlineOverride: "01-28" });
    expect(await upsertAgencies(store.db, [a, b], { sourceFile: "agencies.yaml" })).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    expect(await upsertAgencies(store.db, [a, b], { sourceFile: "agencies.yaml" })).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 2,
    });
    expect(
      await upsertAgencies(store.db, [{ ...a, name: "新名称", listUrls: ["https://x.example/"] }], {
        sourceFile: "agencies.yaml",
      }),
    ).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(await getAgency(store.db, "a")).toMatchObject({
      name: "新名称",
      listUrls: ["https://x.example/"],
    });
    expect(await getAgency(store.db, "b")).toEqual(b);
  });

  it("stores the monitoring window, null where unbounded, and a changed window is an update", async () => {
    const store = await tempStore();
    const a = testAgency({ id: "a", monitorFrom: 2019, monitorUntil: 2023 });
    const b = testAgency({ id: "b", monitorFrom: 2022 });
    await upsertAgencies(store.db, [a, b]);
    expect(await listAgencies(store.db)).toEqual([a, b]);
    expect((await getAgency(store.db, "b"))?.monitorUntil).toBeNull();
    expect(await upsertAgencies(store.db, [{ ...a, monitorUntil: null }, b])).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 1,
    });
    expect(await getAgency(store.db, "a")).toMatchObject({ monitorFrom: 2019, monitorUntil: null });
  });

  it("dropping an agency from the registry keeps it and its history", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency({ id: "a" }), testAgency({ id: "b" })]);
    await upsertAgencies(store.db, [testAgency({ id: "a" })]);
    expect((await listAgencies(store.db)).map((x) => x.id)).toEqual(["a", "b"]);
    // Only the agencies asked for (a crawl job's one), none for none.
    expect((await listAgencies(store.db, ["b", "zz"])).map((x) => x.id)).toEqual(["b"]);
    expect(await listAgencies(store.db, [])).toEqual([]);
  });

  it("an import that fails part-way writes nothing", async () => {
    const store = await tempStore();
    const bad = { ...testAgency({ id: "c" }), name: null as unknown as string };
    await expect(upsertAgencies(store.db, [testAgency({ id: "a" }), bad])).rejects.toThrow(
      /NOT NULL|not-null constraint/,
    );
    expect(await listAgencies(store.db)).toEqual([]);
  });
});
