import { recordDocumentFetchFailure } from "@touming/store";
import type { Answer } from "../fetch-policy.js";
import type { CrawlContext, CrawlItem, ItemResult } from "./page-handler.js";

/**
 * How an item ends when its request brought nothing to read: `deferred` when it is worth trying
 * again soon; else a finding (`blocked` or `failed`), and for a document its fetch failure, so that
 * the next crawl tries it again.
 */
export async function endFailedRequest(
  crawl: CrawlContext,
  item: CrawlItem,
  answer: Extract<Answer, { ok: false }>,
  documentId?: () => Promise<number>,
): Promise<ItemResult> {
  if (answer.failure === "retry") {
    const retryInMs = answer.retryInMs ?? 0;
    return {
      outcome: "deferred",
      reason: answer.reason,
      discovered: [],
      attempts: answer.attempts,
      retryInMs,
    };
  }
  const blocked = answer.failure === "blocked";
  if (documentId) {
    const reason = answer.failure === "http" ? `${item.url}: ${answer.reason}` : answer.reason;
    await recordDocumentFetchFailure(crawl.db, await documentId(), reason, crawl.clock);
  }
  await crawl.finding(item.agency, item.url, blocked ? "blocked" : "failed", answer.reason);
  return {
    outcome: blocked ? "blocked" : "failed",
    reason: answer.reason,
    discovered: [],
    attempts: answer.attempts,
  };
}
