import { DIMENSION_NAMES, type DimensionKey } from "@touming/vocabulary";
import type { z } from "zod";

/**
 * What every built-in dimension says the same way: its key and Chinese name from the vocabulary,
 * its rubric field and schema, and a config whose `max` is its maximum.
 */
export const builtIn = <K extends DimensionKey, C extends { max: number }>(
  key: K,
  configKey: string,
  configSchema: z.ZodType<C>,
) => ({ key, name: DIMENSION_NAMES[key], configKey, configSchema, max: (config: C) => config.max });

/** The part of a built-in dimension's result that names it: key, Chinese name, maximum. */
export const named = (key: DimensionKey, max: number) => ({
  dimension: key,
  name: DIMENSION_NAMES[key],
  max,
});
