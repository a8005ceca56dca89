import { describe, expect, it, vi } from "vitest";
import { PdfRenderError } from "../errors.js";
import { DEFAULT_CHROMIUM, PdfRenderer } from "./pdf-renderer.js";

describe("PdfRenderer options", () => {
  it("refuses a concurrency below 1 or not whole (no page would ever render)", () => {
    for (const concurrency of [0, -1, 1.5, Number.NaN])
      expect(() => new PdfRenderer({ concurrency })).toThrow(
        new RangeError(`PDF renderer: concurrency must be a whole number of 1 or more, got ${concurrency}`),
      );
    expect(() => new PdfRenderer({ concurrency: 4 })).not.toThrow();
  });

  it("reads no environment: the Chromium path and the pages at once are options (or plain defaults)", async () => {
    vi.stubEnv("TOUMING_CHROMIUM", "/elsewhere/chromium");
    vi.stubEnv("TOUMING_PDF_PAGES", "0");
    vi.resetModules();
    try {
      const fresh = await import("./pdf-renderer.js");
      expect(fresh.DEFAULT_CHROMIUM).toBe("/usr/bin/chromium");
      expect(() => new fresh.PdfRenderer()).not.toThrow();
    } finally {
      vi.unstubAllEnvs();
    }
    expect(DEFAULT_CHROMIUM).toBe("/usr/bin/chromium");
    const missing = "/nonexistent/chromium";
    const renderer = new PdfRenderer({ chromium: missing });
    const error = await renderer.render("/nonexistent/card.html", "header", "2025-06-01").catch((e) => e);
    expect(error).toBeInstanceOf(PdfRenderError);
    expect((error as Error).message).toBe(
      `Chromium not found at ${missing} (install Debian's chromium, or set TOUMING_CHROMIUM)`,
    );
    await renderer.close();
  });
});
