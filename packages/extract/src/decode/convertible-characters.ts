import TSCharacters from "opencc-js/dict/TSCharacters";
import TSPhrases from "opencc-js/dict/TSPhrases";

/** The dictionaries of the traditional → mainland conversion (opencc's `t` → `cn`), in its order. */
export const T2CN_DICTS: readonly string[] = [TSPhrases, TSCharacters];

/**
 * One code unit of every dictionary entry that changes its text: where source and replacement
 * first differ (any code unit of the source would do). The conversion replaces nothing but
 * whole entries, so a text without any of these code units comes out of it unchanged — most
 * simplified reports, which can then skip the conversion.
 */
let marks: Uint8Array | undefined;
function convertibleMarks(): Uint8Array {
  if (marks) return marks;
  marks = new Uint8Array(0x10000);
  for (const dict of T2CN_DICTS) {
    for (const entry of dict.split("|")) {
      const space = entry.indexOf(" ");
      const source = entry.slice(0, space);
      const replacement = entry.slice(space + 1);
      if (source === replacement) continue;
      let i = 0;
      while (i < source.length && source.charCodeAt(i) === replacement.charCodeAt(i)) i++;
      marks[source.charCodeAt(i < source.length ? i : 0)] = 1;
    }
  }
  return marks;
}

/** Whether the conversion may change `text`: false means it certainly leaves it as it is. */
export function mayConvert(text: string): boolean {
  const table = convertibleMarks();
  for (let i = 0; i < text.length; i++) if (table[text.charCodeAt(i)] === 1) return true;
  return false;
}
