import { APPLICATION_COLUMNS } from "@touming/vocabulary";
import { type Random, createRandom, hashSeed } from "./random.js";

/** Table 三's requester columns (without the total), as the extractor names them. */
export const COLUMNS = APPLICATION_COLUMNS.filter((c) => c !== "total");

/** Share of handled requests per outcome row (roughly as real reports distribute them). */
const OUTCOME_WEIGHTS: Record<string, number> = {
  granted: 45,
  partially_granted: 12,
  "withheld.state_secret": 0.3,
  "withheld.law_forbidden": 1,
  "withheld.security_stability": 0.3,
  "withheld.third_party": 0.5,
  "withheld.internal_affairs": 0.6,
  "withheld.process_info": 0.8,
  "withheld.enforcement_file": 0.5,
  "withheld.admin_query": 2,
  "unable.not_held": 20,
  "unable.needs_creation": 1,
  "unable.unclear": 0.5,
  "not_processed.complaint": 3,
  "not_processed.repeat": 2,
  "not_processed.publication": 0.2,
  "not_processed.mass_repeat": 0.2,
  "not_processed.confirmation": 0.3,
  "other_handling.no_correction": 3,
  "other_handling.fee_unpaid": 0.3,
  "other_handling.misc": 4,
};

/** Table 三's outcome rows of the 2021 form, in the form's order. */
export const OUTCOME_ROWS_2021 = Object.keys(OUTCOME_WEIGHTS);

export type Figures = Record<string, number>;

function spread(random: Random, total: number, weights: readonly number[]): number[] {
  const out = weights.map(() => 0);
  const sum = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < total; i++) {
    let r = random.next() * sum;
    let k = 0;
    while (r > weights[k]! && k < weights.length - 1) r -= weights[k++]!;
    out[k]!++;
  }
  return out;
}

/**
 * Tables 二, 三 and 四 for one agency-year, consistent by construction (T3-A/B/C, T4-A hold) and
 * with this year's carried_over equal to last year's carried_forward.
 */
export function generateFigures(
  agencyId: string,
  year: number,
  scale: number,
  carriedOver: readonly number[],
): Figures {
  const random = createRandom(hashSeed(`${agencyId}/${year}`));
  const f: Figures = {};
  const received = [
    random.int(5, 60) * scale,
    random.int(0, 6) * Math.ceil(scale / 2),
    random.int(0, 1),
    random.int(0, 1),
    random.int(0, 3),
    random.int(0, 2),
  ];
  COLUMNS.forEach((column, c) => {
    const open = received[c]! + (carriedOver[c] ?? 0);
    const forward = Math.min(open, random.int(0, Math.ceil(open * 0.08)));
    const handled = open - forward;
    const parts = spread(
      random,
      handled,
      OUTCOME_ROWS_2021.map((r) => OUTCOME_WEIGHTS[r]!),
    );
    f[`apply.new_received.${column}`] = received[c]!;
    f[`apply.carried_over.${column}`] = carriedOver[c] ?? 0;
    OUTCOME_ROWS_2021.forEach((row, i) => (f[`apply.${row}.${column}`] = parts[i]!));
    f[`apply.handled_total.${column}`] = handled;
    f[`apply.carried_forward.${column}`] = forward;
  });
  for (const row of [
    "new_received",
    "carried_over",
    ...OUTCOME_ROWS_2021,
    "handled_total",
    "carried_forward",
  ]) {
    f[`apply.${row}.total`] = COLUMNS.reduce((sum, c) => sum + f[`apply.${row}.${c}`]!, 0);
  }
  for (const group of ["review", "litigation_direct", "litigation_after_review"]) {
    const counts = [random.int(0, 3), random.int(0, 1), random.int(0, 1), random.int(0, 1)].map(
      (n) => n * Math.ceil(scale / 3),
    );
    ["upheld", "corrected", "other", "pending"].forEach((o, i) => (f[`${group}.${o}`] = counts[i]!));
    f[`${group}.total`] = counts.reduce((a, b) => a + b, 0);
  }
  f["proactive.rules.issued"] = random.int(0, 2);
  f["proactive.rules.repealed"] = random.int(0, 1);
  f["proactive.rules.in_force"] = random.int(3, 20);
  f["proactive.normative_docs.issued"] = random.int(1, 12);
  f["proactive.normative_docs.repealed"] = random.int(0, 8);
  f["proactive.normative_docs.in_force"] = random.int(20, 90);
  f["proactive.licensing.decisions"] = random.int(100, 5000) * scale;
  f["proactive.penalty.decisions"] = random.int(10, 900) * scale;
  f["proactive.coercion.decisions"] = random.int(0, 60);
  f["proactive.fees.amount_10k_yuan"] = random.int(0, 5000) / 10;
  f["text.proactive_items"] = random.int(200, 2500) * scale;
  return f;
}

/** The carried_forward per requester column: next year's carried_over. */
export function carriedForward(f: Figures): number[] {
  return COLUMNS.map((c) => f[`apply.carried_forward.${c}`] ?? 0);
}
