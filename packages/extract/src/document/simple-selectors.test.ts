import { describe, expect, it } from "vitest";
import { fixture, fixtureNames } from "../testing/fixtures.js";
import { elementsBySelector } from "./simple-selectors.js";
import { loadHtml } from "./parse-html.js";

const SELECTORS = [
  "#zoom",
  "#Zoom",
  ".TRS_Editor",
  ".zoom",
  ".article-content",
  "#content",
  "meta",
  "table",
  // Groups: each element once, in document order, whichever of its selectors matches it.
  "div, ul",
  "h1, title, body",
  ".zoom, div, #zoom",
];

const crafted = `<html><body>
  <div id="zoom"><p class="zoom x">a</p><div id="Zoom" class="TRS_Editor">b</div></div>
  <div class="trs_editor">not TRS_Editor (case)</div><div class="TRS_Editor2">no</div>
  <section class="x\tTRS_Editor\u3000y">tab and ideographic space</section>
  <div class="article-content"><div class="article-content"><span id="content">n</span></div></div>
  <template><div class="zoom">in a template</div></template>
  <script class="zoom">not an element cheerio filters in</script>
  <table><tr><td><meta name="in-a-table" content="x"></td></tr></table>
  <ul><li><div>a div in a list</div><ul><li>nested</li></ul></li></ul><h1>h</h1>
</body></html>`;

describe("elementsBySelector", () => {
  const pages = [
    crafted,
    ...fixtureNames("html")
      .filter((name) => name.endsWith(".html"))
      .map((name) => fixture(`html/${name}`).toString("latin1")),
  ];

  it("finds what cheerio's $(selector) finds, in the same order", () => {
    for (const html of pages) {
      const $ = loadHtml(html);
      const found = elementsBySelector($.root().get(0)!, SELECTORS);
      SELECTORS.forEach((selector, k) => {
        const expected = $(selector)
          .toArray()
          .filter((el) => el.type === "tag");
        expect(found[k]).toEqual(expected);
      });
    }
  });

  it("lists a group's elements once each, in document order", () => {
    const found = elementsBySelector(loadHtml(crafted).root().get(0)!, [".zoom, div, #zoom"])[0]!;
    // div#zoom matches two of the three, and comes once; the template's div.zoom too.
    expect(found.map((el) => el.attribs.id ?? el.attribs.class ?? el.name)).toEqual([
      "zoom",
      "zoom x",
      "Zoom",
      "trs_editor",
      "TRS_Editor2",
      "article-content",
      "article-content",
      "zoom",
      "div",
    ]);
  });

  it("matches class words and ids case-sensitively", () => {
    const $ = loadHtml(crafted);
    const [zoomId, zoomUpper, editor, zoomClass] = elementsBySelector($.root().get(0)!, SELECTORS);
    expect(zoomId!.map((el) => el.attribs.id)).toEqual(["zoom"]);
    expect(zoomUpper!.map((el) => el.attribs.id)).toEqual(["Zoom"]);
    expect(editor!.map((el) => el.name)).toEqual(["div", "section"]);
    expect(zoomClass!.map((el) => el.name)).toEqual(["p", "div"]);
  });

  it("refuses a selector other than a bare class or id", () => {
    expect(() => elementsBySelector(loadHtml(crafted).root().get(0)!, ["div.zoom"])).toThrow(/bare class/);
  });
});
