export { extract } from "./extract-markup.js";
export { extractAsync, extractScanImages, EXTRACTOR_VERSION } from "./extract.js";
export * from "./ocr/ocr-limits.js";
export * from "./limits.js";
export { toContractJson } from "./contract.js";
export type { ExtractionContract } from "./contract.js";
export type * from "./types.js";
