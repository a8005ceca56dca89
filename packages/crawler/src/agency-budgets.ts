import type { Agency } from "@touming/store";

/** What one agency may use in one crawl, so that one site cannot hold or extend the crawl for all. */
export interface CrawlBudgets {
  /** Requests per agency (every attempt, robots.txt included). Default 3000. */
  requests: number;
  /** Report links queued from one list page. Default 300. */
  reportLinksPerList: number;
  /** Attachments queued from one article. Default 20. */
  attachmentsPerArticle: number;
  /** Bytes received per agency. Default 1 GiB. */
  bytes: number;
  /**
   * Hosts an agency's crawl may contact besides its registered ones (the hosts of its site and list
   * URLs): attachment file servers, a platform its column moved to. Default 4.
   */
  extraHosts: number;
  /** Time the agency's requests may take, all together. Default 20 minutes. */
  agencyTimeMs: number;
  /** Time one host's requests may take in one crawl, all agencies together. Default 60 minutes. */
  hostTimeMs: number;
}

export const DEFAULT_BUDGETS: Readonly<CrawlBudgets> = Object.freeze({
  requests: 3000,
  reportLinksPerList: 300,
  attachmentsPerArticle: 20,
  bytes: 1024 * 1024 * 1024,
  extraHosts: 4,
  agencyTimeMs: 20 * 60_000,
  hostTimeMs: 60 * 60_000,
});

/**
 * The names budgets go by in findings (`budget_<name>`): the agency's budgets, its list pages, and
 * the links read from one page (MAX_LINKS_READ).
 */
export type BudgetName = keyof CrawlBudgets | "listPages" | "linksPerPage";

/** The crawl finding kind of a budget reached. */
export const budgetFindingKind = (budget: BudgetName): string =>
  `budget_${budget.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;

/** The budgets an agency's registry entry sets (`crawl: { budgets: … }`); the host's is the crawl's. */
export type AgencyBudgetOverrides = Partial<Omit<CrawlBudgets, "hostTimeMs">>;

interface AgencyUsage {
  limits: CrawlBudgets;
  requests: number;
  bytes: number;
  ms: number;
  registeredHosts: Set<string>;
  extraHosts: Set<string>;
  /** Budgets already reported for the agency in this crawl (one finding each). */
  reported: Set<BudgetName>;
}

/** Why an item is not handled: the budget it would exceed, in a finding's words. */
export interface BudgetRefusal {
  budget: BudgetName;
  detail: string;
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const minutes = (ms: number) =>
  ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 6000) / 10} min`;

/**
 * Counts what each agency (and each host) used in one crawl against the budgets, and refuses an
 * item that would go beyond one. A budget reached is reported once per agency; the crawl moves on.
 */
export class AgencyBudgets {
  private readonly agencies = new Map<string, AgencyUsage>();
  private readonly hostMs = new Map<string, number>();
  /** Items refused and pages truncated by a budget in this crawl. */
  hits = 0;

  constructor(readonly limits: CrawlBudgets) {}

  private usage(agency: Agency): AgencyUsage {
    let u = this.agencies.get(agency.id);
    if (!u) {
      const urls = [agency.siteUrl, ...agency.listUrls].filter((x): x is string => Boolean(x));
      const registeredHosts = new Set(urls.map((url) => new URL(url).host));
      const overrides = (agency.crawlOptions as { budgets?: AgencyBudgetOverrides }).budgets;
      const limits = { ...this.limits, ...overrides, hostTimeMs: this.limits.hostTimeMs };
      u = {
        limits,
        requests: 0,
        bytes: 0,
        ms: 0,
        registeredHosts,
        extraHosts: new Set(),
        reported: new Set(),
      };
      this.agencies.set(agency.id, u);
    }
    return u;
  }

  /** The agency's budgets: the crawl's, with its registry entry's over them. */
  limitsFor(agency: Agency): CrawlBudgets {
    return this.usage(agency).limits;
  }

  /** Time the agency's requests may still take in this crawl (an attempt in flight is cut at it). */
  timeLeftMs(agency: Agency): number {
    const u = this.usage(agency);
    return Math.max(0, u.limits.agencyTimeMs - u.ms);
  }

  /** One attempt's cost, charged to its agency and host. */
  charge(agency: Agency, host: string, cost: { bytes: number; ms: number }): void {
    const u = this.usage(agency);
    u.requests++;
    u.bytes += cost.bytes;
    u.ms += cost.ms;
    this.hostMs.set(host, (this.hostMs.get(host) ?? 0) + cost.ms);
  }

  /** Whether the agency may fetch `url` now; a refusal names the budget that stops it. */
  admit(agency: Agency, url: string): BudgetRefusal | null {
    const u = this.usage(agency);
    const { limits } = u;
    const host = new URL(url).host;
    if (u.requests >= limits.requests)
      return {
        budget: "requests",
        detail: `${u.requests} requests made for the agency (budget ${limits.requests})`,
      };
    if (u.bytes >= limits.bytes)
      return {
        budget: "bytes",
        detail: `${mb(u.bytes)} received for the agency (budget ${mb(limits.bytes)})`,
      };
    if (u.ms >= limits.agencyTimeMs)
      return {
        budget: "agencyTimeMs",
        detail: `the agency's requests took ${minutes(u.ms)} (budget ${minutes(limits.agencyTimeMs)})`,
      };
    const hostMs = this.hostMs.get(host) ?? 0;
    if (hostMs >= limits.hostTimeMs)
      return {
        budget: "hostTimeMs",
        detail: `requests to ${host} took ${minutes(hostMs)} in this crawl (budget ${minutes(limits.hostTimeMs)})`,
      };
    if (!u.registeredHosts.has(host) && !u.extraHosts.has(host)) {
      if (u.extraHosts.size >= limits.extraHosts)
        return {
          budget: "extraHosts",
          detail: `${host} would be host ${u.extraHosts.size + 1} beyond the registered ones (budget ${limits.extraHosts}: ${[...u.extraHosts].join(", ")})`,
        };
      u.extraHosts.add(host);
    }
    return null;
  }

  /** True the first time the agency reaches `budget` in this crawl (its finding is then recorded). */
  firstReach(agency: Agency, budget: BudgetName): boolean {
    const reported = this.usage(agency).reported;
    if (reported.has(budget)) return false;
    reported.add(budget);
    return true;
  }
}
