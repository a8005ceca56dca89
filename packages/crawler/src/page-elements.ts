import type { AnyNode, Element } from "domhandler";

// What the page readers ask of a parsed page, walked directly: a CSS selector engine per query took
// a fifth of the page reader's time on article pages, for tag names and one attribute.

/** Whether a node is an element (a `<script>` and a `<style>` are elements of their own types). */
export const isElement = (node: AnyNode): node is Element =>
  node.type === "tag" || node.type === "script" || node.type === "style";

/**
 * The elements under `root` whose tag name is in `names`, in document order (what a selector of
 * those names finds). Iterative, so any depth is fine.
 */
export function elementsNamed(root: AnyNode, names: ReadonlySet<string>): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [];
  const pushChildren = (node: AnyNode) => {
    if (!("children" in node)) return;
    const children = node.children as AnyNode[];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  };
  pushChildren(root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isElement(node) && names.has(node.name)) out.push(node);
    if (node.type !== "comment") pushChildren(node);
  }
  return out;
}

/** A node's text: every text node under it, comments left out (as cheerio's `text()`). Iterative. */
export function textOf(node: AnyNode): string {
  let text = "";
  const stack: AnyNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === "text") text += (n as unknown as { data: string }).data;
    else if (n.type !== "comment" && "children" in n) {
      const children = n.children as AnyNode[];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return text;
}

/** The nearest ancestor element of `el` named in `names`, else its parent element (null at the top). */
export function containerOf(el: Element, names: ReadonlySet<string>): Element | null {
  for (let node = el.parent; node && isElement(node as AnyNode); node = node.parent)
    if (names.has((node as Element).name)) return node as Element;
  return el.parent && isElement(el.parent as AnyNode) ? (el.parent as Element) : null;
}
