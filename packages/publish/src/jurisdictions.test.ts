import type { Agency } from "@touming/store";
import { describe, expect, it } from "vitest";
import { jurisdictionByAgency, jurisdictions } from "./jurisdictions.js";

const agency = (id: string, level: Agency["level"], parentId: string | null): Agency => ({
  id,
  name: id,
  regionCode: "990100",
  level,
  parentId,
  siteUrl: null,
  listUrls: [],
  deadlineOverride: null,
  monitorFrom: null,
  monitorUntil: null,
  crawlOptions: {},
});

describe("jurisdictions", () => {
  const agencies = [
    agency("city", "city", null),
    agency("city-edu", "department", "city"),
    agency("county", "county", "city"),
    agency("county-edu", "department", "county"),
    agency("office", "department", "county-edu"),
    agency("lost", "department", "nowhere"),
  ];

  it("a government heads its own jurisdiction and is listed in the one above it; a department under a department or an unknown parent is unassigned", () => {
    expect(jurisdictions(agencies).map((g) => [g.id, g.members.map((m) => m.id)])).toEqual([
      ["city", ["city", "city-edu", "county"]],
      ["county", ["county", "county-edu"]],
      ["unassigned", ["office", "lost"]],
    ]);
  });

  it("a card links to the agency's own jurisdiction, else to the one it belongs to", () => {
    const of = jurisdictionByAgency(jurisdictions(agencies));
    expect(Object.fromEntries([...of].map(([id, g]) => [id, g.id]))).toEqual({
      city: "city",
      "city-edu": "city",
      county: "county",
      "county-edu": "county",
      office: "unassigned",
      lost: "unassigned",
    });
  });

  it("stays linear for a national registry (10,000 agencies, 500 counties)", () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      i % 20 === 0 ? agency(`c${i}`, "county", null) : agency(`d${i}`, "department", `c${i - (i % 20)}`),
    );
    const groups = jurisdictions(many);
    expect(groups).toHaveLength(500);
    expect(groups.every((g) => g.members.length === 20)).toBe(true);
  });
});
