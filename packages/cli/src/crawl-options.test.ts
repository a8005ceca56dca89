import { describe, expect, it } from "vitest";
import { crawlOptions } from "./crawl-options.js";

describe("the crawl stage's options", () => {
  it("name the crawler's options after the command's", () => {
    expect(
      crawlOptions(
        { agency: ["a", "b"], maxPages: 0, concurrency: 4, recheckDays: 0, retryBaseDelayMs: 100 },
        null,
      ),
    ).toEqual({
      agencyIds: ["a", "b"],
      maxListPages: 0,
      globalConcurrency: 4,
      recheckAfterDays: 0,
      retryBaseDelayMs: 100,
    });
    expect(crawlOptions({ agency: [] }, null)).toEqual({});
  });

  it("send --contact in the User-Agent, else TOUMING_CONTACT_URL, else the crawler's default", () => {
    const setting = "https://example.org/setting";
    expect(crawlOptions({ contact: "https://example.org/flag" }, setting).userAgent).toBe(
      "Touming/0.1 (+https://example.org/flag)",
    );
    expect(crawlOptions({}, setting).userAgent).toBe("Touming/0.1 (+https://example.org/setting)");
    expect(crawlOptions({}, null).userAgent).toBeUndefined();
  });
});
