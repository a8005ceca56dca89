/**
 * Parsers for numeric command-line options and settings: a value that is not a whole number in
 * range is refused with the option's name and what it expects, instead of running with NaN.
 */
export function wholeNumber(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value.trim());
    if (!/^\s*\d+\s*$/.test(value) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
      throw new Error(`${name}: expected a whole number ${range}, got "${value}"`);
    }
    return n;
  };
}
