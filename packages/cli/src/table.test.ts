import { describe, expect, it } from "vitest";
import { displayWidth, formatTable } from "./table.js";

describe("formatTable", () => {
  it("aligns columns counting CJK characters as two columns wide", () => {
    expect(displayWidth("淮安a")).toBe(5);
    expect(
      formatTable(
        ["id", "name", "n"],
        [
          ["a", "淮安市", "1"],
          ["bb", "x", "22"],
        ],
      ),
    ).toBe("id  name    n\na   淮安市  1\nbb  x       22\n");
  });
});
