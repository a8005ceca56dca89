import { testAgency } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { AgencyBudgets, DEFAULT_BUDGETS, budgetFindingKind } from "./agency-budgets.js";

const agency = testAgency({
  id: "a",
  siteUrl: "http://www.a.gov.cn/",
  listUrls: ["http://xxgk.a.gov.cn/ndbg/"],
});
const budgets = (overrides: Partial<typeof DEFAULT_BUDGETS>) =>
  new AgencyBudgets({ ...DEFAULT_BUDGETS, ...overrides });

describe("AgencyBudgets", () => {
  it("names each budget's finding kind", () => {
    expect(budgetFindingKind("requests")).toBe("budget_requests");
    expect(budgetFindingKind("reportLinksPerList")).toBe("budget_report_links_per_list");
    expect(budgetFindingKind("agencyTimeMs")).toBe("budget_agency_time_ms");
    expect(budgetFindingKind("listPages")).toBe("budget_list_pages");
  });

  it("refuses requests beyond the agency's request and byte budgets", () => {
    const b = budgets({ requests: 2, bytes: 1000 });
    expect(b.admit(agency, "http://www.a.gov.cn/1")).toBeNull();
    b.charge(agency, "www.a.gov.cn", { bytes: 600, ms: 5 });
    b.charge(agency, "www.a.gov.cn", { bytes: 600, ms: 5 });
    expect(b.admit(agency, "http://www.a.gov.cn/2")).toEqual({
      budget: "requests",
      detail: "2 requests made for the agency (budget 2)",
    });
    const bytes = budgets({ bytes: 1000 });
    bytes.charge(agency, "www.a.gov.cn", { bytes: 1200, ms: 5 });
    expect(bytes.admit(agency, "http://www.a.gov.cn/2")?.budget).toBe("bytes");
  });

  it("allows the registered hosts always and a few others, first come", () => {
    const b = budgets({ extraHosts: 2 });
    expect(b.admit(agency, "http://www.a.gov.cn/x")).toBeNull();
    expect(b.admit(agency, "http://xxgk.a.gov.cn/x")).toBeNull();
    expect(b.admit(agency, "http://files.a.gov.cn/1.pdf")).toBeNull();
    expect(b.admit(agency, "http://cdn.example.cn/2.pdf")).toBeNull();
    expect(b.admit(agency, "http://files.a.gov.cn/3.pdf")).toBeNull();
    expect(b.admit(agency, "http://evil.example.com/")).toEqual({
      budget: "extraHosts",
      detail:
        "evil.example.com would be host 3 beyond the registered ones (budget 2: files.a.gov.cn, cdn.example.cn)",
    });
    expect(b.admit(agency, "http://www.a.gov.cn/y")).toBeNull();
  });

  it("caps the time of an agency's requests and of a host's, across agencies", () => {
    const b = budgets({ agencyTimeMs: 1000, hostTimeMs: 1500 });
    b.charge(agency, "www.a.gov.cn", { bytes: 0, ms: 1000 });
    expect(b.admit(agency, "http://www.a.gov.cn/")?.detail).toBe(
      "the agency's requests took 1 s (budget 1 s)",
    );
    const b1 = testAgency({ id: "b", listUrls: ["http://shared.gov.cn/b/"] });
    const c1 = testAgency({ id: "c", listUrls: ["http://shared.gov.cn/c/"] });
    b.charge(b1, "shared.gov.cn", { bytes: 0, ms: 900 });
    expect(b.admit(c1, "http://shared.gov.cn/c/1")).toBeNull();
    b.charge(c1, "shared.gov.cn", { bytes: 0, ms: 700 });
    expect(b.admit(c1, "http://shared.gov.cn/c/2")).toEqual({
      budget: "hostTimeMs",
      detail: "requests to shared.gov.cn took 2 s in this crawl (budget 2 s)",
    });
  });

  it("takes an agency's own budgets from its registry entry, the host's time from the crawl", () => {
    const b = budgets({ requests: 100, hostTimeMs: 5000 });
    const small = testAgency({ id: "s", crawlOptions: { budgets: { requests: 1, hostTimeMs: 1 } } });
    expect(b.limitsFor(small)).toMatchObject({ requests: 1, hostTimeMs: 5000 });
    expect(b.limitsFor(agency)).toMatchObject({ requests: 100 });
  });

  it("reports each budget once per agency", () => {
    const b = budgets({});
    expect(b.firstReach(agency, "requests")).toBe(true);
    expect(b.firstReach(agency, "requests")).toBe(false);
    expect(b.firstReach(agency, "bytes")).toBe(true);
  });
});
