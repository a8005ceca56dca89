/** Below this confidence a name read from the report is no evidence against the registry's. */
const MIN_CONFIDENCE = 0.6;

/** One body's name as written in different ways: 人民政府/政府, 管理委员会/管委会, 党工委 inserted. */
const canonical = (name: string) =>
  name
    .replace(/\s+/g, "")
    .replace(/中共|党工委|党委/g, "")
    .replace(/管理委员会/g, "管委会")
    .replace(/人民政府/g, "政府");

/** The report names another body than the agency whose column it was found in. */
export interface AgencyMismatch {
  /** The name the report gives. */
  found: string;
  /** Where it was read (title, signature, metadata, preamble, contact, body). */
  source: string;
  /** The registry's name of the agency. */
  registry: string;
}

/**
 * Whether the report names another body than the registry's agency (another body's report in this
 * agency's column): only on a confident name not taken from the registry itself, and never for the
 * same body written differently or one of its offices (…管委会办公室 in …管委会's column).
 */
export function agencyMismatch(
  found: { name: string | null; source: string | null; confidence: number | null },
  registry: string,
): AgencyMismatch | null {
  if (!found.name || !found.source || found.source === "hint") return null;
  if ((found.confidence ?? 0) < MIN_CONFIDENCE) return null;
  const a = canonical(found.name);
  const b = canonical(registry);
  if (a.startsWith(b) || b.startsWith(a) || a.endsWith(b) || b.endsWith(a)) return null;
  return { found: found.name, source: found.source, registry };
}
