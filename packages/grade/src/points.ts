/** Points as grades give them: to one decimal. */
export const roundPoints = (n: number): number => Math.round(n * 10) / 10;
