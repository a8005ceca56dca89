import type { FrontierKind } from "@touming/store";
import { budgetReached } from "./budget-reached.js";
import type { CrawlContext, CrawlItem, ItemMeta, ItemResult } from "./page-handler.js";

/**
 * Follows a JavaScript redirect shell (a tiny page whose only content is `location.href = …`) once
 * per chain: the page it points at is queued marked as reached through a shell, and a shell reached
 * through a shell is a `redirect_shell_chain` finding, not followed. A site of shells pointing at
 * ever new shells would otherwise extend the crawl without end (and resume the chain after a restart).
 */
export async function followRedirectShell(
  item: CrawlItem,
  crawl: CrawlContext,
  target: string,
  next: { kind: FrontierKind; meta: ItemMeta },
): Promise<Omit<ItemResult, "attempts">> {
  if (item.meta.viaShell) {
    const detail = `${item.url} is a script redirect to ${target}, reached through another script redirect: a chain of redirect pages is not followed`;
    await crawl.finding(item.agency, item.url, "redirect_shell_chain", detail);
    return { outcome: "skipped", reason: "redirect shell chain", discovered: [] };
  }
  // The page a list's shell points at is a list page like any other: it counts against the budget.
  if (next.kind === "list" && crawl.listBudget.take(item.agency.id, [target]).refused > 0) {
    const detail = `${item.url} is a script redirect to ${target}: not followed, the agency's list pages for this crawl are used up (budget ${crawl.options.maxListPages})`;
    await budgetReached(crawl, item.agency, item.url, { budget: "listPages", detail });
    return { outcome: "skipped", reason: "list page budget reached", discovered: [] };
  }
  return {
    outcome: "listed",
    discovered: [
      {
        url: target,
        kind: next.kind,
        depth: item.depth,
        meta: { ...next.meta, viaShell: true, ...(next.kind === "list" ? { budgeted: true } : {}) },
      },
    ],
  };
}
