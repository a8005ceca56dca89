import { type SampleSitesFixture, useSampleSites } from "@touming/testing";
import { readRegistryFile } from "../registry.js";

/**
 * The sample sites for a crawler test file (the slow host answering in 30 ms), and fresh stores
 * holding their registry as `readRegistryFile` reads it.
 */
export const useCrawlSites = (): SampleSitesFixture =>
  useSampleSites({ slowMs: 30, readRegistry: readRegistryFile });
