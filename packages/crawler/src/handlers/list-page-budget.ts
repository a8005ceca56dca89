/**
 * List pages (beyond the start URLs) each agency may still follow in a crawl, so that a pager gone
 * wrong cannot walk forever; a resumed crawl starts from what the frontier already holds.
 */
export class ListPageBudget {
  constructor(
    private readonly perAgency: number,
    private readonly used: Map<string, number> = new Map(),
  ) {}

  /** How many of `wanted` further pages the agency may follow; they count as used. */
  take(agencyId: string, wanted: number): number {
    const used = this.used.get(agencyId) ?? 0;
    const granted = Math.min(wanted, Math.max(0, this.perAgency - used));
    this.used.set(agencyId, used + granted);
    return granted;
  }
}
