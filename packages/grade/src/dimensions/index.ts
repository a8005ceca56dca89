import type { AnyDimension } from "../dimension.js";
import { accessibility } from "./accessibility.js";
import { dataDisclosure } from "./data-disclosure.js";
import { integrity } from "./integrity.js";
import { structure } from "./structure.js";
import { substance } from "./substance.js";
import { timeliness } from "./timeliness.js";

/**
 * The dimensions of rubric v1, in the order cards and open data list them. A new dimension is one
 * module beside these, one entry here and its config in the rubric file.
 */
export const BUILT_IN_DIMENSIONS: readonly AnyDimension[] = [
  timeliness,
  structure,
  dataDisclosure,
  integrity,
  substance,
  accessibility,
];
