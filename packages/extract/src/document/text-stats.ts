import type { AnyNode } from "domhandler";
import { solidLength } from "../decode/parse-form.js";

export interface TextStats {
  /** Characters of text, white space included (what `$(el).text().length` gives). */
  chars: number;
  /** Characters of text other than white space, and the part of them inside links. */
  solid: number;
  solidInLinks: number;
  hasTable: boolean;
}

/**
 * Text lengths and nested tables of every element, in one pass over the tree: asking cheerio
 * per element costs a walk of its subtree each time, quadratic on a page of nested boxes.
 */
export function textStats(root: AnyNode): Map<AnyNode, TextStats> {
  const stats = new Map<AnyNode, TextStats>();
  // Iterative post-order: a page may nest hundreds of elements deep.
  const stack: { node: AnyNode; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const { node } = top;
    if (node.type === "text") {
      const solid = solidLength(node.data);
      stats.set(node, { chars: node.data.length, solid, solidInLinks: 0, hasTable: false });
      continue;
    }
    if (!("children" in node)) continue;
    if (!top.expanded) {
      stack.push({ node, expanded: true });
      for (const child of node.children) stack.push({ node: child, expanded: false });
      continue;
    }
    const own: TextStats = { chars: 0, solid: 0, solidInLinks: 0, hasTable: false };
    for (const child of node.children) {
      const s = stats.get(child);
      if (!s) continue;
      const isElement = child.type === "tag";
      own.chars += s.chars;
      own.solid += s.solid;
      own.solidInLinks += isElement && child.name === "a" ? s.solid : s.solidInLinks;
      own.hasTable ||= s.hasTable || (isElement && child.name === "table");
    }
    stats.set(node, own);
  }
  return stats;
}

/** The stats of a node the walk did not reach. */
export const EMPTY_STATS: TextStats = { chars: 0, solid: 0, solidInLinks: 0, hasTable: false };
