export { extract, extractAsync, EXTRACTOR_VERSION, MAX_INPUT_BYTES, PDF_TIME_BUDGET_MS } from "./extract.js";
export { toContractJson } from "./contract.js";
export type { ExtractionContract } from "./contract.js";
export type * from "./types.js";
