export { extract, EXTRACTOR_VERSION, MAX_INPUT_BYTES } from "./extract.js";
export { toContractJson } from "./contract.js";
export type { ExtractionContract } from "./contract.js";
export type * from "./types.js";
