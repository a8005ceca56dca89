import { afterEach, describe, expect, it, vi } from "vitest";

// Its own file: the module registry is reset and a module mocked, which the other tests must not see.
afterEach(() => {
  vi.doUnmock("./extract-markup.js");
  vi.resetModules();
});

describe("extractAsync loads the markup readers when a file needs them", () => {
  it("resolves to a typed failure, never a rejection, when they cannot be loaded", async () => {
    vi.resetModules();
    vi.doMock("./extract-markup.js", () => {
      throw new Error("the module could not be read");
    });
    const { extractAsync } = await import("./extract.js");
    const result = await extractAsync({
      bytes: Buffer.from("<p>一、总体情况</p>"),
      contentType: "text/html",
    });
    expect(result).toMatchObject({ ok: false, error: { code: "internal" } });
    expect(!result.ok && result.error.message).toMatch(/^extraction failed: /);
  });
});
