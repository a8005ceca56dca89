import type { Agency } from "@touming/store";
import { type BudgetRefusal, budgetFindingKind } from "../agency-budgets.js";
import type { CrawlContext } from "./page-handler.js";

/**
 * Records a budget reached as a `budget_<name>` finding: once per agency and crawl for the agency's
 * own budgets, on every page for a page's caps (`perPage`: report links of a list, attachments of an
 * article), since each truncated page is a page not read whole.
 */
export async function budgetReached(
  crawl: CrawlContext,
  agency: Agency,
  url: string,
  refusal: BudgetRefusal,
  perPage = false,
): Promise<void> {
  crawl.budgets.hits++;
  if (perPage || crawl.budgets.firstReach(agency, refusal.budget))
    await crawl.finding(agency, url, budgetFindingKind(refusal.budget), refusal.detail);
}
