/**
 * The crawl defaults the CLI prints in `touming crawl --help`, in a module of their own
 * (`@touming/crawler/defaults`) that imports nothing: the CLI registers its commands without
 * loading the crawler (undici, cheerio), which only `touming crawl` needs. CRAWL_DEFAULTS spreads them.
 */
export const CRAWL_COUNT_DEFAULTS = Object.freeze({
  maxListPages: 50,
  globalConcurrency: 8,
  recheckAfterDays: 7,
});
