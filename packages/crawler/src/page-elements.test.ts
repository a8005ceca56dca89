import * as cheerio from "cheerio/slim";
import { describe, expect, it } from "vitest";
import { containerOf, elementsNamed, textOf } from "./page-elements.js";

const root = (html: string) => cheerio.load(html).root()[0]!;

describe("page elements, walked without a selector engine", () => {
  it("finds elements by name in document order, nested ones and those inside comments' neighbours", () => {
    const page = root(
      `<div><a id="1"><a id="2"></a></a><!-- <a id="x"> --><p><img id="3"><iframe id="4"></iframe></p></div><a id="5">`,
    );
    const ids = (names: string[]) => elementsNamed(page, new Set(names)).map((e) => e.attribs.id);
    expect(ids(["a"])).toEqual(["1", "2", "5"]);
    expect(ids(["img", "iframe", "a"])).toEqual(["1", "2", "3", "4", "5"]);
    // The same as cheerio's selector finds.
    const $ = cheerio.load(`<ul><li><a href="/1">一</a></li><li><b><a href="/2">二</a></b></li></ul>`);
    expect(elementsNamed($.root()[0]!, new Set(["a"]))).toEqual($("a").toArray());
  });

  it("reads a node's text as cheerio's text() does: scripts' text in, comments out", () => {
    const $ = cheerio.load(`<p id="p">一<!-- 不 --><b>二</b><script>三</script>  四</p>`);
    const p = $("#p")[0]!;
    expect(textOf(p)).toBe($("#p").text());
    expect(textOf(p)).toBe("一二三  四");
  });

  it("takes a link's nearest list item, row, definition, paragraph or box, else its parent", () => {
    const $ = cheerio.load(
      `<div><ul><li><span><a id="in">x</a></span></li></ul></div><body><em><a id="out">y</a></em>`,
    );
    const names = new Set(["li", "tr", "dd", "p", "div"]);
    expect(containerOf($("#in")[0]!, names)?.name).toBe("li");
    expect(containerOf($("#out")[0]!, names)).toBe(
      $("#out").closest("li, tr, dd, p, div")[0] ?? $("#out").parent()[0],
    );
  });
});
