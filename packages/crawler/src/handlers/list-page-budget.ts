/** What a list-page URL queued in the frontier tells the budget: whose it is and whether it was charged. */
export interface QueuedListPage {
  agencyId: string;
  url: string;
  /** Charged to the budget: queued as a list's further page or a redirect shell's target. */
  charged: boolean;
}

interface AgencyListPages {
  /** Every list page queued for the agency in this crawl (start URLs and columns found included). */
  queued: Set<string>;
  charged: number;
}

/**
 * List pages (beyond the start URLs and the columns found on the site) each agency may still follow
 * in a crawl, so that a pager gone wrong cannot walk forever. A page is charged once: one queued
 * already (listed again by the next page's pager, or a start URL) is granted free, as the frontier
 * would not queue it again anyway. Counted from the frontier when a crawl starts or resumes, which
 * holds what was charged (`meta.budgeted`): a resumed crawl grants what the uninterrupted one would.
 */
export class ListPageBudget {
  private readonly agencies = new Map<string, AgencyListPages>();

  constructor(
    private readonly perAgency: number,
    queued: Iterable<QueuedListPage> = [],
  ) {
    for (const page of queued) {
      const agency = this.agency(page.agencyId);
      if (agency.queued.has(page.url)) continue;
      agency.queued.add(page.url);
      if (page.charged) agency.charged++;
    }
  }

  private agency(agencyId: string): AgencyListPages {
    let agency = this.agencies.get(agencyId);
    if (!agency) this.agencies.set(agencyId, (agency = { queued: new Set(), charged: 0 }));
    return agency;
  }

  /**
   * Which of `urls` the agency may follow, in order: those queued already, and new ones while the
   * budget lasts (each charged). `refused` counts the new ones beyond it.
   */
  take(agencyId: string, urls: readonly string[]): { granted: string[]; refused: number } {
    const agency = this.agency(agencyId);
    const granted: string[] = [];
    let refused = 0;
    for (const url of urls) {
      if (agency.queued.has(url)) granted.push(url);
      else if (agency.charged < this.perAgency) {
        agency.queued.add(url);
        agency.charged++;
        granted.push(url);
      } else refused++;
    }
    return { granted, refused };
  }

  /** List pages queued free of charge (the report columns found on a site page). */
  queueFree(agencyId: string, urls: readonly string[]): void {
    const agency = this.agency(agencyId);
    for (const url of urls) agency.queued.add(url);
  }
}
