import type { AnyNode, Element } from "domhandler";

/**
 * The elements that each of `selectors` — each a bare class (".TRS_Editor"), id ("#zoom") or tag
 * name in lower case ("meta"), or a group of them ("div, ul") — matches under `root`, in document
 * order, as cheerio's `$(selector)` gives them, elements of type `tag` only (case-sensitive, as css-select matches
 * outside quirks mode; a class is one of the whitespace-separated words of the attribute). One walk
 * of the tree for all of them: `$(selector)` parses the selector and walks the whole page once per
 * selector, which took a tenth of the time of reading an HTML page.
 */
export function elementsBySelector(root: AnyNode, selectors: readonly string[]): Element[][] {
  const tests = selectors.map((group) => {
    // A group ("div, ul"): an element any of its selectors matches, once, as `$("div, ul")` gives it.
    const parts = group.split(",").map((part) => testOf(part.trim()));
    return parts.length === 1 ? parts[0]! : (el: Element) => parts.some((test) => test(el));
  });
  const found: Element[][] = selectors.map(() => []);
  // Depth first, in document order, without recursion: children pushed last to first, and only
  // those that are or hold elements (a page's text nodes are most of its nodes).
  const stack: AnyNode[] = [];
  const pushChildren = (node: AnyNode) => {
    if (!("children" in node)) return;
    for (let c = node.children.length - 1; c >= 0; c--) {
      const child = node.children[c]!;
      if ("children" in child) stack.push(child);
    }
  };
  pushChildren(root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "tag") {
      for (let k = 0; k < tests.length; k++) if (tests[k]!(node)) found[k]!.push(node);
    }
    pushChildren(node);
  }
  return found;
}

/** The test of one bare class, id or tag name. */
function testOf(selector: string): (el: Element) => boolean {
  const name = selector.slice(1);
  if (selector.startsWith("#")) return (el: Element) => el.attribs.id === name;
  if (/^[a-z][a-z0-9]*$/.test(selector)) return (el: Element) => el.name === selector;
  if (!selector.startsWith(".")) throw new Error(`not a bare class, id or tag: ${selector}`);
  // css-select's own test for `.name` (attribute `class~=name`).
  const word = new RegExp(`(?:^|\\s)${name.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}(?:$|\\s)`);
  return (el: Element) => {
    const value = el.attribs.class;
    return value !== undefined && value.length >= name.length && word.test(value);
  };
}
