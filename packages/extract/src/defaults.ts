/**
 * `@touming/extract/defaults`: the defaults the CLI's settings read when it starts, without loading
 * the extractor (cheerio, parse5, opencc) or the store that `@touming/extract/stage` imports.
 */
export { defaultExtractWorkers } from "./stage/extract-workers.js";
