import { existsSync } from "node:fs";

/** Where Debian's chromium (the full browser) is: what the browser tests drive. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";
/**
 * Where Debian's Chromium headless shell is (package chromium-headless-shell): the same Chromium
 * built for headless use only. It prints a card in about half the CPU time: the full browser starts
 * a print compositor process for every PDF, a third of a run of cards' CPU on 2 cores.
 */
export const HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";

/**
 * The Chromium PDFs are printed with when none is named: the headless shell, else the full browser.
 * Callers pass another path as the `chromium` option.
 */
export function defaultPdfChromium(exists: (file: string) => boolean = existsSync): string {
  return exists(HEADLESS_SHELL) ? HEADLESS_SHELL : DEFAULT_CHROMIUM;
}
