import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type SampleSites, startSampleSites } from "@touming/sample-sites";
import { type Store, openStore, upsertAgencies } from "@touming/store";
import { afterAll, afterEach, beforeAll } from "vitest";
import { readRegistryFile } from "./registry.js";

/** Sample sites started once per test file, and a fresh store with their registry per test. */
export function useSampleSites() {
  let sites: SampleSites;
  const opened: { store: Store; dir: string }[] = [];
  beforeAll(async () => {
    sites = await startSampleSites({ slowMs: 30 });
  });
  afterAll(async () => {
    await sites.close();
  });
  afterEach(async () => {
    sites.resetStats();
    for (const { store, dir } of opened.splice(0)) {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return {
    sites: () => sites,
    store: async (edit: (yaml: string) => string = (y) => y): Promise<Store> => {
      const dir = mkdtempSync(path.join(tmpdir(), "touming-crawl-"));
      const file = path.join(dir, "agencies.yaml");
      writeFileSync(file, edit(sites.registryYaml()));
      const store = await openStore({ dataDir: dir });
      opened.push({ store, dir });
      await upsertAgencies(store.db, (await readRegistryFile(file)).agencies);
      return store;
    },
  };
}
