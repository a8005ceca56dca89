import type { Element } from "domhandler";
import { type TreeAdapter, parse, serialize } from "parse5";
import { type Htmlparser2TreeAdapterMap, adapter } from "parse5-htmlparser2-tree-adapter";
import { describe, expect, it } from "vitest";
import { fixture, fixtureNames } from "../testing/fixtures.js";
import { decodeBytes } from "../decode/detect-encoding.js";
import { loadHtml } from "./parse-html.js";

const plain = (html: string) =>
  parse(html, { treeAdapter: adapter as TreeAdapter<Htmlparser2TreeAdapterMap>, scriptingEnabled: true });
const serialized = (root: unknown) =>
  serialize(root as Htmlparser2TreeAdapterMap["parentNode"], {
    treeAdapter: adapter as TreeAdapter<Htmlparser2TreeAdapterMap>,
  });

/** Every element in document order with what it carries: name, namespace, attributes as parse5 lists them. */
function elements(root: { children: unknown[] }): unknown[] {
  const out: unknown[] = [];
  const walk = (nodes: unknown[]) => {
    for (const node of nodes as Element[]) {
      if (node.type === "tag" || node.type === "script" || node.type === "style") {
        out.push([node.name, node.namespace, node.attributes, { ...node.attribs }]);
      }
      if ("children" in node) walk(node.children);
    }
  };
  walk(root.children);
  return out;
}

describe("loadHtml", () => {
  it("builds the tree parse5's own adapter builds: attributes, namespaces and prefixes, adopted attributes", () => {
    const pages = [
      // A second <html> and <body> add their attributes to the first; SVG's xlink:href keeps its
      // namespace and prefix; an unclosed <b> is reopened (its attributes cloned) in the next paragraph.
      `<html lang="zh"><body class="a"><p><b id="x" class="y">粗<p>再<html data-x="1"><body id="b" class="c">
        <svg viewBox="0 0 1 1"><a xlink:href="/a.pdf"><text>年报</text></a></svg>
        <table><tr><td colspan="2" style="display:none">隐</td></tr></table>
        <math><mi xlink:href="#m">x</mi></math><a href="/2.pdf" constructor="c" __proto__="p">附件</a>`,
      ...fixtureNames("html")
        .filter((name) => name.endsWith(".html"))
        .map((name) => decodeBytes(fixture(`html/${name}`), { contentType: "text/html" }).text),
    ];
    for (const html of pages) {
      const ours = loadHtml(html).root().get(0)!;
      const theirs = plain(html);
      expect(elements(ours)).toEqual(elements(theirs));
      expect(serialized(ours as never)).toBe(serialized(theirs));
    }
    const $ = loadHtml(pages[0]!);
    expect($("body").attr()).toEqual({ class: "a", id: "b" });
    expect($("html").attr()).toEqual({ lang: "zh", "data-x": "1" });
    const link = $("svg a").get(0)!;
    expect(link.attributes).toEqual([
      { name: "href", value: "/a.pdf", namespace: "http://www.w3.org/1999/xlink", prefix: "xlink" },
    ]);
    // Attribute maps have no prototype: a page's `constructor` attribute is only that.
    expect($("a[href='/2.pdf']").attr("constructor")).toBe("c");
    expect($("p b").get(0)!.attribs.toString).toBeUndefined();
  });
});
