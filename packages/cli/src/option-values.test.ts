import { describe, expect, it } from "vitest";
import { wholeNumber } from "./option-values.js";
import { useCli } from "./testing/in-process-cli.js";

describe("whole-number options", () => {
  it("accepts whole numbers in range and names the option when refusing anything else", () => {
    const days = wholeNumber("--recheck-days", 0);
    expect([days("0"), days("7"), days(" 30 ")]).toEqual([0, 7, 30]);
    for (const bad of ["abc", "", "-1", "1.5", "1e3", "7days"])
      expect(() => days(bad)).toThrow(`--recheck-days: expected a whole number 0 or more, got "${bad}"`);
    expect(() => wholeNumber("--port", 1024, 65_000)("80")).toThrow(
      '--port: expected a whole number from 1024 to 65000, got "80"',
    );
  });
});

describe("a bad number on the command line", () => {
  const { dir, run } = useCli();
  it("stops the command with one line naming the option, before touching the store", async () => {
    const d = dir();
    const result = await run(d, ["crawl", "--concurrency", "lots"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('touming: --concurrency: expected a whole number 1 or more, got "lots"\n');
  });
});
