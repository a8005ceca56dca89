export { extract, extractAsync, EXTRACTOR_VERSION } from "./extract.js";
export * from "./limits.js";
export { toContractJson } from "./contract.js";
export type { ExtractionContract } from "./contract.js";
export type * from "./types.js";
