import { ConverterFactory } from "opencc-js/core";
import { T2CN_DICTS, mayConvert } from "./convertible-characters.js";

let cached: ((text: string) => string) | undefined;
function converter(): (text: string) => string {
  // Character-level traditional → mainland simplified (opencc's `t` → `cn`); built once (the
  // dictionaries are large).
  if (!cached) {
    const convert = ConverterFactory(T2CN_DICTS);
    cached = (text) => convert(text) ?? text;
  }
  return cached;
}

const TONE_VOWELS = "aeiouüvāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";
const PINYIN_SYLLABLE = new RegExp(`^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[${TONE_VOWELS}]{1,3}(?:ng|n|r)?$`);
// A CJK character followed by a parenthesised lower-case syllable: 據(jù), 開(kāi), 稱(chēng).
const ANNOTATION = new RegExp(`([\\u3400-\\u9fff])[(（]([a-z${TONE_VOWELS}]{1,6})[)）]`, "g");

/**
 * Removes pinyin that mirror sites insert after polyphonic characters (`根據(jù)` → `根據`),
 * keeping real parentheses such as `(傳真)` or `(以下簡稱《條例》)`.
 */
export function stripPinyinAnnotations(text: string): { text: string; removed: number } {
  let removed = 0;
  const out = text.replace(ANNOTATION, (whole, ch: string, syllable: string) => {
    // A bare "(a)" after a character is an enumeration more often than a pinyin.
    if (!PINYIN_SYLLABLE.test(syllable) || (syllable.length === 1 && /^[a-z]$/.test(syllable))) return whole;
    removed++;
    return ch;
  });
  return { text: out, removed };
}

/** Share of CJK characters that the traditional → simplified conversion changes. */
export function traditionalShare(text: string): number {
  const sample = text.slice(0, 20_000);
  if (!mayConvert(sample)) return 0;
  const converted = converter()(sample);
  // Most simplified text holding a convertible character still comes out unchanged.
  if (converted === sample) return 0;
  return changedShare(sample, converted, true) ?? changedShare(sample, converted, false)!;
}

/**
 * Share of the CJK characters of `sample` that `converted` changes, walking both in step: by code
 * unit (`byUnit`, null at the first surrogate of either: a pair may shift the step), else by code point.
 */
function changedShare(sample: string, converted: string, byUnit: boolean): number | null {
  let cjk = 0;
  let changed = 0;
  // Through both texts in step, as far as the shorter goes (no arrays of one-character strings:
  // building them was most of the time of this function).
  for (let i = 0, j = 0; i < sample.length && j < converted.length;) {
    const a = byUnit ? sample.charCodeAt(i) : sample.codePointAt(i)!;
    const b = byUnit ? converted.charCodeAt(j) : converted.codePointAt(j)!;
    if (byUnit && ((a >= 0xd800 && a <= 0xdfff) || (b >= 0xd800 && b <= 0xdfff))) return null;
    i += a > 0xffff ? 2 : 1;
    j += b > 0xffff ? 2 : 1;
    if (a < 0x3400 || a > 0x9fff) continue;
    cjk++;
    if (a !== b) changed++;
  }
  return cjk === 0 ? 0 : changed / cjk;
}

/** Whether a text reads as traditional script (simplified text has almost no characters the conversion changes). */
export function isTraditional(text: string): boolean {
  return traditionalShare(text) >= 0.03;
}

/** Traditional → mainland simplified, character by character. */
export function toSimplified(text: string): string {
  return mayConvert(text) ? converter()(text) : text;
}
