import { writeFileSync } from "node:fs";
import path from "node:path";
import { type SampleSites, type StartOptions, startSampleSites } from "@touming/sample-sites";
import { type Agency, type Store, upsertAgencies } from "@touming/store";
import { useTempStore } from "@touming/store/testing";
import { afterAll, afterEach, beforeAll } from "vitest";

/**
 * Reads a registry file into agencies: the crawler's `readRegistryFile`, passed in by the caller
 * (this package cannot depend on the crawler, whose tests use it).
 */
export type ReadRegistry = (file: string) => Promise<{ agencies: readonly Agency[] }>;

export interface UseSampleSitesOptions extends StartOptions {
  /** Needed by `store()`: how the registry becomes agencies. */
  readRegistry?: ReadRegistry;
}

/** The sample sites of a test file, and stores holding their agencies. */
export interface SampleSitesFixture {
  /** The running sites (from `beforeAll` on). */
  sites(): SampleSites;
  /**
   * A fresh temp store, removed after the test, holding the agencies of the sites' registry
   * (edited by `edit` first), as `<store.dataDir>/agencies.yaml` read by `readRegistry`.
   */
  store(edit?: (yaml: string) => string): Promise<Store>;
}

/**
 * Starts the sample sites once for the test file (or `describe` block) and closes them after it;
 * their fault state and statistics are reset after each test.
 */
export function useSampleSites(options: UseSampleSitesOptions = {}): SampleSitesFixture {
  const { readRegistry, ...start } = options;
  let sites: SampleSites | undefined;
  beforeAll(async () => {
    sites = await startSampleSites(start);
  });
  afterAll(async () => {
    await sites?.close();
  });
  afterEach(() => {
    sites?.resetStats();
  });
  const newStore = useTempStore();
  const running = (): SampleSites => {
    if (!sites) throw new Error("the sample sites start in beforeAll: use them in a test or a later hook");
    return sites;
  };
  return {
    sites: running,
    async store(edit = (yaml) => yaml) {
      if (!readRegistry) throw new Error("useSampleSites: store() needs the readRegistry option");
      const store = await newStore();
      const file = path.join(store.dataDir, "agencies.yaml");
      writeFileSync(file, edit(running().registryYaml()));
      await upsertAgencies(store.db, (await readRegistry(file)).agencies);
      return store;
    },
  };
}

/** A registry (YAML, as the sample sites write it) without the agencies of these ids. */
export function registryWithout(yaml: string, ids: readonly string[]): string {
  const [head, body = ""] = yaml.split(/^agencies:\n/m);
  const blocks = body.split(/^(?= {2}- id: )/m);
  const kept = blocks.filter((b) => !ids.some((id) => b.startsWith(`  - id: ${id}\n`)));
  return `${head}agencies:\n${kept.join("")}`;
}
