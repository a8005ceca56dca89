import { existsSync } from "node:fs";
import { listAgencies } from "@touming/store";
import { describe, expect, it } from "vitest";
import { testAgency, useTempDirs, useTempStore } from "./index.js";

describe("useTempStore", () => {
  const newStore = useTempStore({ agencies: [testAgency()] });
  let first: string;

  it("opens a migrated store in a fresh directory, holding the agencies asked for", async () => {
    const store = await newStore();
    first = store.dataDir;
    expect((await listAgencies(store.db)).map((a) => a.id)).toEqual(["huaian-city"]);
    const other = await newStore([testAgency({ id: "b" }), testAgency({ id: "c" })]);
    expect(other.dataDir).not.toBe(first);
    expect((await listAgencies(other.db)).map((a) => a.id)).toEqual(["b", "c"]);
  });

  it("closed and removed them after the test", () => {
    expect(existsSync(first)).toBe(false);
  });
});

describe("a suite's temp directories", () => {
  const tempDir = useTempDirs({ lifetime: "suite" });
  let dir: string;

  it("live on after the test that made them", () => {
    dir = tempDir();
  });

  it("until the suite ends", () => {
    expect(existsSync(dir)).toBe(true);
  });
});
