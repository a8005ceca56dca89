import type * as cheerio from "cheerio/slim";
import { Element, Text } from "domhandler";
import { describe, expect, it } from "vitest";
import { fixture, fixtureNames } from "../testing/fixtures.js";
import { decodeBytes } from "../decode/detect-encoding.js";
import { loadHtml } from "./parse-html.js";
import { textStats } from "./text-stats.js";

/** The lengths as cheerio gives them, element by element (the slow way the walk replaces). */
function slowStats($: cheerio.CheerioAPI, el: Element) {
  const solid = (text: string) => text.replace(/\s+/g, "").length;
  const text = $(el).text();
  const inLinks = $(el)
    .find("a")
    .toArray()
    // A link inside a link counts once, as the walk adds the outermost link's text.
    .filter((a) =>
      $(a)
        .parents("a")
        .toArray()
        .every((p) => !$(el).find(p).length),
    )
    .reduce((n, a) => n + solid($(a).text()), 0);
  const linkSelf = el.name === "a" ? 0 : inLinks;
  return {
    chars: text.length,
    solid: solid(text),
    solidInLinks: linkSelf,
    hasTable: $(el).find("table").length > 0,
  };
}

describe("textStats", () => {
  it("gives every element the lengths cheerio reads, its link text and whether it holds a table", () => {
    const pages = [
      `<html><body><div id="a"> 一、总体情况 <a href="/x">链接\u3000文字</a><p>共 12 件<br>其中</p>
        <!-- a comment --><table><tr><td>1</td><td><a href="/y">y</a></td></tr></table></div>
        <ul><li><a href="/1">第一条</a></li><li>正文<span> 文字 </span></li></ul><a href="/z"><b>粗</b>体</a></body></html>`,
      ...fixtureNames("html")
        .filter((name) => name.endsWith(".html"))
        .map((name) => decodeBytes(fixture(`html/${name}`), { contentType: "text/html" }).text),
    ];
    let compared = 0;
    for (const html of pages) {
      const $ = loadHtml(html);
      const stats = textStats($.root().get(0)!);
      for (const el of $("*").toArray() as Element[]) {
        if (el.name === "a") continue;
        expect({ ...stats.get(el) }, el.name).toEqual(slowStats($, el));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("walks a tree thousands of elements deep without recursion", () => {
    const root = new Element("div", {});
    let current = root;
    for (let depth = 0; depth < 20_000; depth++) {
      const child = new Element(depth % 2 ? "a" : "span", {});
      child.parent = current;
      current.children.push(child, new Text(" 字 "));
      current = child;
    }
    current.children.push(new Text("末"));
    const stats = textStats(root);
    // Every element holds its child and a text " 字 "; the outermost link (depth 1) holds all but the
    // two texts above it, and a link inside it counts once.
    expect(stats.get(root)).toEqual({
      chars: 20_000 * 3 + 1,
      solid: 20_001,
      solidInLinks: 19_999,
      hasTable: false,
    });
    // Text nodes are added up where their parent is: they get no entry of their own.
    expect(stats.size).toBe(20_001);
  });
});
