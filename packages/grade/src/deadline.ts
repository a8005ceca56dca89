export interface DeadlineAgency {
  level: string;
  deadlineOverride: string | null;
}

export interface Deadline {
  /** Last day to publish, ISO date. */
  date: string;
  /** Why this date, for the card. */
  basis: string;
}

/**
 * The publication deadline of a report year: 31 March of the next year under the 2008 regulations;
 * since 2019 (国务院令第711号 art. 49) 31 January for departments and 31 March for a government's
 * own report; a local rule in the registry overrides both.
 */
export function deadlineFor(agency: DeadlineAgency, year: number): Deadline {
  if (agency.deadlineOverride) {
    return {
      date: `${year + 1}-${agency.deadlineOverride}`,
      basis: `本地规定：${year + 1}年${Number(agency.deadlineOverride.slice(0, 2))}月${Number(agency.deadlineOverride.slice(3))}日前`,
    };
  }
  if (year <= 2018) return { date: `${year + 1}-03-31`, basis: "《条例》（2008）：次年3月31日前" };
  if (agency.level === "department")
    return { date: `${year + 1}-01-31`, basis: "《条例》（2019）第四十九条：部门次年1月31日前" };
  return { date: `${year + 1}-03-31`, basis: "《条例》（2019）第四十九条：本级政府次年3月31日前" };
}

/** Whole days from `from` to `to` (ISO dates); positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
