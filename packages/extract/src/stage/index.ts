/**
 * `@touming/extract/stage`: the extract stage over the store (pending documents in, reports out),
 * apart from the pure extractor so that `@touming/extract` itself touches no store.
 */
export { extractStage } from "./extract-stage.js";
export type { ExtractStageOptions, ExtractStageSummary } from "./extract-stage.js";
export { ExtractPool, ExtractWorkerError } from "./extract-pool.js";
export { defaultExtractWorkers } from "./extract-workers.js";
