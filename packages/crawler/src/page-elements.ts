import { type AnyNode, type Element, hasChildren, isComment, isTag, isText } from "domhandler";

// What the page readers ask of a parsed page, walked directly: a CSS selector engine per query took
// a fifth of the page reader's time on article pages, for tag names and one attribute.

/** Pushes a node's children onto a walk's stack so that the first is taken next (comments' none). */
function pushChildren(node: AnyNode, stack: AnyNode[]) {
  if (!hasChildren(node) || isComment(node)) return;
  for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
}

/**
 * The elements under `root` whose tag name is in `names`, in document order (what a selector of
 * those names finds; a `<script>` and a `<style>` are elements too). Iterative, so any depth is fine.
 */
export function elementsNamed(root: AnyNode, names: ReadonlySet<string>): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [];
  pushChildren(root, stack);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isTag(node) && names.has(node.name)) out.push(node);
    pushChildren(node, stack);
  }
  return out;
}

/** A node's text: every text node under it, comments left out (as cheerio's `text()`). Iterative. */
export function textOf(node: AnyNode): string {
  let text = "";
  const stack: AnyNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (isText(n)) text += n.data;
    else pushChildren(n, stack);
  }
  return text;
}

/** The nearest ancestor element of `el` named in `names`, else its parent element (null at the top). */
export function containerOf(el: Element, names: ReadonlySet<string>): Element | null {
  for (let node = el.parent; node && isTag(node); node = node.parent) if (names.has(node.name)) return node;
  return el.parent && isTag(el.parent) ? el.parent : null;
}
