import type { DimensionKey } from "@touming/vocabulary";
import { accessibilityRules } from "./accessibility.js";
import { dataDisclosureRules } from "./data-disclosure.js";
import { integrityRules } from "./integrity.js";
import { structureRules } from "./structure.js";
import { substanceRules } from "./substance.js";
import { timelinessRules } from "./timeliness.js";

/**
 * How each built-in dimension is scored, in Chinese sentences made from its rubric config (the
 * config as the rubric's schema validated it). A dimension not listed here is shown with its name
 * and points only.
 */
export const DIMENSION_RULES: Readonly<Record<DimensionKey, (config: never) => string[]>> = {
  timeliness: timelinessRules,
  structure: structureRules,
  data: dataDisclosureRules,
  integrity: integrityRules,
  substance: substanceRules,
  accessibility: accessibilityRules,
};

/** The sentences of a dimension with this key and config; none for a dimension of no known key. */
export function dimensionRules(key: string, config: unknown): string[] {
  const rules = Object.hasOwn(DIMENSION_RULES, key)
    ? (DIMENSION_RULES[key as DimensionKey] as (config: unknown) => string[])
    : undefined;
  return rules ? rules(config) : [];
}
