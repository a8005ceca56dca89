import { describe, expect, it } from "vitest";
import { unlinkLocal } from "./local-links.js";

describe("unlinkLocal", () => {
  it("keeps web and mail links and takes the href off every other, keeping the text", () => {
    expect(
      unlinkLocal(
        '<p><a href="../../archive/abc.html">archive/abc.html</a> <a href="https://example.gov.cn/ndbg">源</a> ' +
          '<a class="x" href="mailto:gk@example.gov.cn">信箱</a> <a href="HTTP://A.GOV.CN/">大写</a></p>',
      ),
    ).toBe(
      '<p><a>archive/abc.html</a> <a href="https://example.gov.cn/ndbg">源</a> ' +
        '<a class="x" href="mailto:gk@example.gov.cn">信箱</a> <a href="HTTP://A.GOV.CN/">大写</a></p>',
    );
  });

  it("reads single-quoted, bare and spaced values, SVG links and upper-case tags", () => {
    expect(unlinkLocal("<a href='file:///etc/passwd'>a</a>")).toBe("<a>a</a>");
    expect(unlinkLocal("<A HREF=scans/p1.jpg>b</A>")).toBe("<A>b</A>");
    expect(unlinkLocal('<a href = "javascript:alert(1)" title="t">c</a>')).toBe('<a title="t">c</a>');
    expect(unlinkLocal('<svg><a href="#x"><text>d</text></a></svg>')).toBe(
      "<svg><a><text>d</text></a></svg>",
    );
    // A quoted `>` does not end the tag: the href after it is still read.
    expect(unlinkLocal('<a title="1 > 0" href="../x.html">e</a>')).toBe('<a title="1 > 0">e</a>');
  });

  it("leaves other tags and attributes named like href alone", () => {
    const html =
      '<abbr href="x">f</abbr><area href="y"><link rel="stylesheet" href="z.css"><a data-href="w" href="https://a.cn">g</a>';
    expect(unlinkLocal(html)).toBe(html);
  });
});
