import type { Agency } from "@touming/store";

export interface Jurisdiction {
  id: string;
  name: string;
  members: Agency[];
}

/**
 * Jurisdictions: each non-department agency (a government) with the agencies directly under it
 * (its departments and lower governments, which also head their own). A department without a
 * government above it (none, unknown, or another department) goes to the unassigned group, so every
 * agency is in at least one jurisdiction.
 */
export function jurisdictions(agencies: readonly Agency[]): Jurisdiction[] {
  const out: Jurisdiction[] = [];
  const byHead = new Map<string, Jurisdiction>();
  for (const a of agencies) {
    if (a.level === "department") continue;
    const group = { id: a.id, name: a.name, members: [a] };
    out.push(group);
    byHead.set(a.id, group);
  }
  const orphans: Agency[] = [];
  for (const a of agencies) {
    const head = a.parentId === null ? undefined : byHead.get(a.parentId);
    if (head && head.id !== a.id) head.members.push(a);
    else if (a.level === "department") orphans.push(a);
  }
  if (orphans.length > 0) out.push({ id: "unassigned", name: "未归属辖区的机关", members: orphans });
  return out;
}

/** The jurisdiction each agency's card links to: its own for a government, else the one it is in. */
export function jurisdictionByAgency(groups: readonly Jurisdiction[]): Map<string, Jurisdiction> {
  const out = new Map<string, Jurisdiction>();
  for (const g of groups) for (const m of g.members) if (!out.has(m.id)) out.set(m.id, g);
  for (const g of groups) if (g.id !== "unassigned") out.set(g.id, g);
  return out;
}
