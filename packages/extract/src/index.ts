export { extract, extractAsync, EXTRACTOR_VERSION } from "./extract.js";
export * from "./limits.js";
export { toContractJson } from "./contract.js";
// The report format's vocabulary: table 三's requester columns and outcome rows, as value keys use them.
export {
  APPLICATION_COLUMNS,
  NOT_PROCESSED_ROWS,
  OTHER_HANDLING_ROWS,
  UNABLE_ROWS,
  WITHHELD_ROWS,
} from "./fields/applications-table.js";
export type { ExtractionContract } from "./contract.js";
export type * from "./types.js";
