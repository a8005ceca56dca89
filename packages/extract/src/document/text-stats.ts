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
  // Iterative post-order (a page may nest hundreds of elements deep) over two parallel stacks, and
  // only nodes with children get an entry (a text node's lengths are read where its parent adds them
  // up): an object per visit and per text node was most of this walk's time, in garbage collection.
  const nodes: AnyNode[] = [root];
  const expanded: boolean[] = [false];
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = nodes[top]!;
    if (!("children" in node)) {
      nodes.pop();
      expanded.pop();
      continue;
    }
    if (!expanded[top]) {
      expanded[top] = true;
      for (const child of node.children) {
        if (!("children" in child)) continue;
        nodes.push(child);
        expanded.push(false);
      }
      continue;
    }
    nodes.pop();
    expanded.pop();
    const own: TextStats = { chars: 0, solid: 0, solidInLinks: 0, hasTable: false };
    for (const child of node.children) {
      if (child.type === "text") {
        own.chars += child.data.length;
        own.solid += solidLength(child.data);
        continue;
      }
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
