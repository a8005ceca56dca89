import { describe, expect, it } from "vitest";
import { ListPageBudget } from "./list-page-budget.js";

describe("the list-page budget", () => {
  it("charges a page once: one queued already is granted free, new ones while the budget lasts", () => {
    const budget = new ListPageBudget(2);
    expect(budget.take("a", ["/2", "/3"])).toEqual({ granted: ["/2", "/3"], refused: 0 });
    // Page 3's pager lists 2 and 3 again, then 4: only 4 is new, and the budget is used up.
    expect(budget.take("a", ["/2", "/3", "/4"])).toEqual({ granted: ["/2", "/3"], refused: 1 });
    // Another agency has its own.
    expect(budget.take("b", ["/2"])).toEqual({ granted: ["/2"], refused: 0 });
  });

  it("a report column found on the site is not charged, and its URL listed by a pager is free", () => {
    const budget = new ListPageBudget(1);
    budget.queueFree("a", ["/column/"]);
    expect(budget.take("a", ["/column/", "/column/2"])).toEqual({
      granted: ["/column/", "/column/2"],
      refused: 0,
    });
    expect(budget.take("a", ["/column/3"])).toEqual({ granted: [], refused: 1 });
  });

  it("counted from the frontier's list pages: only those marked charged count, all are free to list again", () => {
    const budget = new ListPageBudget(3, [
      { agencyId: "a", url: "/list/", charged: false },
      { agencyId: "a", url: "/column/", charged: false },
      { agencyId: "a", url: "/list/2", charged: true },
      { agencyId: "a", url: "/list/3", charged: true },
    ]);
    expect(budget.take("a", ["/list/", "/list/3", "/list/4", "/list/5"])).toEqual({
      granted: ["/list/", "/list/3", "/list/4"],
      refused: 1,
    });
  });
});
