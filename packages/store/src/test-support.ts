import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import type { Agency } from "./agencies.js";
import { openStore, type Store } from "./open-store.js";

/** A real store in a fresh temp directory, closed and removed after the test. */
export function useTempStore() {
  const opened: { store: Store; dir: string }[] = [];
  afterEach(async () => {
    for (const { store, dir } of opened.splice(0)) {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return async (): Promise<Store> => {
    const dir = mkdtempSync(path.join(tmpdir(), "touming-store-"));
    const store = await openStore({ dataDir: dir });
    opened.push({ store, dir });
    return store;
  };
}

export function sampleAgency(overrides: Partial<Agency> = {}): Agency {
  return {
    id: "huaian-city",
    name: "淮安市人民政府",
    regionCode: "320800",
    level: "city",
    parentId: null,
    siteUrl: "https://www.huaian.gov.cn/",
    listUrls: ["https://www.huaian.gov.cn/col/col1/index.html"],
    deadlineOverride: null,
    crawlOptions: {},
    ...overrides,
  };
}
