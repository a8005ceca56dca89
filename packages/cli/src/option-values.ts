/**
 * Parsers for numeric command-line options and settings: a value that is not a whole number in
 * range is refused with the option's name and what it expects, instead of running with NaN.
 */

/** The value of `text` when it is a whole number from `min` to `max` (spaces around allowed), else undefined. */
export function parseWholeNumber(
  text: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : undefined;
}

/** "a whole number from 1 to 16", or "… 0 or more" without an upper bound: what a refusal says is expected. */
export function wholeNumberExpected(min: number, max = Number.MAX_SAFE_INTEGER): string {
  return `a whole number ${max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`}`;
}

/** A commander option parser for a whole number in range; refuses anything else naming the option. */
export function wholeNumber(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = parseWholeNumber(value, min, max);
    if (n === undefined)
      throw new Error(`${name}: expected ${wholeNumberExpected(min, max)}, got "${value}"`);
    return n;
  };
}
