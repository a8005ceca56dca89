// Test helpers every package's tests share. Only for tests: it imports vitest.
export * from "@touming/store/testing";
export { fileHashes, sha256File } from "./file-hashes.js";
export { registryWithout, useSampleSites } from "./sample-sites.js";
export type { ReadRegistry, SampleSitesFixture, UseSampleSitesOptions } from "./sample-sites.js";
export { TOUMING_BIN, runCli, startCli } from "./cli-spawn.js";
export type { CliStartOptions, Exited, Started } from "./cli-spawn.js";
export { descendants, eventually, isRunning, sleep } from "./processes.js";
export { seededRandom } from "./seeded-random.js";
export { testStageContext } from "./stage-context.js";
export type { LogEvent, TestStageContext, TestStageContextOptions } from "./stage-context.js";
export { EXTRACT_FIXTURES, exampleAgency, storeWithDocuments } from "./documents-store.js";
export { visibleLatinWords } from "./latin-words.js";
