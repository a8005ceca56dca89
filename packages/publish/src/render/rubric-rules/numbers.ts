/** Points as the rubric page prints them: to one decimal at most (`2.5`, `20`). */
export const pointsText = (n: number): string => String(Math.round(n * 10) / 10);

/** A share (0..1) as a percentage: `0.8` → `80%`. */
export const percentText = (share: number): string => `${Math.round(share * 1000) / 10}%`;
