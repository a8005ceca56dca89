import { SECTION_KEYS } from "@touming/vocabulary";
import { z } from "zod";

/**
 * The kinds of field a dimension's rubric config is made of, each with the message a wrong value
 * gets (`structure.perSection: expected a number of points (0 or more)`).
 */

/** A string from a fixed list, typed as a string: the grading code compares it with extracted keys. */
export const oneOf = (values: readonly string[], what: string) => {
  const expected = `expected ${what}: ${values.join(", ")}`;
  return z.string({ error: expected }).refine((v) => values.includes(v), expected);
};

export const points = z.number({ error: "expected a number of points (0 or more)" }).min(0);
export const count = z.number({ error: "expected a whole number (0 or more)" }).int().min(0);
export const share = z.number({ error: "expected a share from 0 to 1" }).min(0).max(1);
export const sectionKey = oneOf(SECTION_KEYS, "a section key");
export const sectionKeys = z
  .array(sectionKey, { error: "expected a list of section keys" })
  .min(1, "expected at least one section key")
  .refine((keys) => new Set(keys).size === keys.length, "expected each section key once");

/** A dimension's config: an object with exactly these fields. */
export const dimensionConfig = <T extends z.core.$ZodLooseShape>(configKey: string, shape: T) =>
  z.strictObject(shape, {
    error: `expected the ${configKey} dimension (an object with ${Object.keys(shape).join(", ")})`,
  });
