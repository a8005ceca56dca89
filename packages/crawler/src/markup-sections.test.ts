import { describe, expect, it } from "vitest";
import { delimitedSections, sameLengthLowerCase, scriptElements } from "./markup-sections.js";

describe("markup sections after an İ (whose toLowerCase is two characters)", () => {
  it("lowers a text to one of the same length", () => {
    expect(sameLengthLowerCase("İSTANBUL <SCRIPT>")).toBe("istanbul <script>");
    expect(sameLengthLowerCase("报告<A HREF>")).toBe("报告<a href>");
  });

  it("reads a script's attributes and body where they are", () => {
    // Before: both were cut one character late ("ocation.href…" and an attribute losing its first letter).
    expect(scriptElements(`İ<SCRIPT type="text/html">location.href="/a"</SCRIPT><p>`)).toEqual([
      { attributes: ` type="text/html"`, body: `location.href="/a"` },
    ]);
  });

  it("reads caseless sections where they are", () => {
    expect(
      delimitedSections(
        "İ<NextGroup>第一组</NextGroup><nextgroup>第二组</nextgroup>",
        "<nextgroup>",
        "</nextgroup>",
        true,
      ),
    ).toEqual(["第一组", "第二组"]);
  });
});
