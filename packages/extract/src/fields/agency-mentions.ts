/**
 * Agency names as printed in report text: a place (淮安市, 淮安市洪泽区, 平潭综合实验区) followed by a
 * body (人民政府, 管委会, 民政局, 科委) and any office of it (办公厅, 办公室).
 *
 * A name starts where a word can start: at the start of the text, after punctuation or a digit, or
 * after a function word (从, 与, 在, 年, …). That keeps sentence fragments out ("告电子版可从上海市…",
 * "网站围绕市委") and keeps the first character after a label ("联系:朝阳区…").
 */

import { LEAD_WORD_MAX, leadWordAt, leadWordEndsAt, leadWordWithin } from "./lead-words.js";

/**
 * Characters that never belong to a place name's head but often stand just before a name: function
 * words, verbs of reference, date words. A name may start right after one of them.
 */
export const STOP =
  "的了和与及或从由向在对将为经据是请可至到被把给以于按照根令其该本我各全每等年月日号第之并而也还已即自当含副";
const CJK = "[\\u4e00-\\u9fff]";
const HEAD = `(?:(?![${STOP}])${CJK})`;
/** Place words, longest first so that 综合实验区 wins over 区. */
export const PLACE_WORDS = [
  "特别行政区",
  "自治区",
  "自治州",
  "自治县",
  "自治旗",
  "综合实验区",
  "综合试验区",
  "经济技术开发区",
  "高新技术产业开发区",
  "经济开发区",
  "开发区",
  "高新区",
  "保税区",
  "新区",
  "地区",
  "省",
  "市",
  "州",
  "盟",
  "县",
  "旗",
  "区",
  "乡",
  "镇",
  "街道",
];
/** A place word that makes a name of its own: a zone is governed by a 管委会 the report may not print. */
export const ZONE_WORD =
  /(?:综合实验区|综合试验区|经济技术开发区|高新技术产业开发区|经济开发区|开发区|高新区|保税区|新区)$/;
const PLACE = `(?:${PLACE_WORDS.join("|")})`;
/** Bodies, longest first: 管委会 must win over 委, or 平潭综合实验区管委会 loses its 会. */
const BODY = [
  "人民政府",
  "管理委员会",
  "党工委管委会",
  "管委会",
  "常委会",
  "委员会",
  "办公厅",
  "办公室",
  "管理局",
  "管理中心",
  "服务中心",
  "中心",
  "局",
  "厅",
  "委",
  "办",
  "署",
  "院",
  "所",
  "队",
  "站",
  "馆",
  "公司",
].join("|");
/** What may follow a body and still be part of the name: its office (管委会办公室, 人民政府办公厅). */
const OFFICE = "(?:办公厅|办公室|管委会|管理委员会|委员会)";
/** Between place and body: a department's own words (民政, 发展和改革, 科). */
const MIDDLE = `(?:(?![的了在对将是从由向为以于])${CJK})`;

/** A place's head never starts with a bare place word: "各县区人民政府" names no one. */
const FIRST_UNIT = `(?![省市县区州旗乡镇盟])(?:${HEAD}{1,4}${PLACE}|${HEAD}{1,7}(?:自治区|自治州|自治县|自治旗))`;
const NEXT_UNIT = `${HEAD}{1,4}?${PLACE}`;
const FULL = new RegExp(`${FIRST_UNIT}(?:${NEXT_UNIT}){0,2}${MIDDLE}{0,10}?(?:${BODY})${OFFICE}*`, "y");
const ZONE = new RegExp(`${FIRST_UNIT}(?:${NEXT_UNIT}){0,2}`, "y");
/** Prose words a regex can swallow between place and body: a name holds none of them. */
const NOT_A_NAME =
  /(贯彻|落实|深入|关于|根据|按照|要求|开展|工作|推进|公开|领导小组|报告|条例|规定|制度|意见|通知|办法|年度|网站|信息)/;

export interface AgencyMention {
  name: string;
  start: number;
  end: number;
  /** A zone's name without its body (平潭综合实验区): the agency is the zone's 管委会. */
  bare: boolean;
}

/** Whether the code unit at `i` is a Han character (U+4E00–U+9FFF). */
function isHan(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code >= 0x4e00 && code <= 0x9fff;
}

/** STOP by code unit: `text[i]` of a Han character would allocate a string at every position. */
const STOP_CODES = new Set([...STOP].map((ch) => ch.charCodeAt(0)));

/**
 * A cheap test that FULL and ZONE cannot match at `i`, run before them at every character. Both
 * start with FIRST_UNIT: one to seven HEAD characters (Han, not STOP), then a place word (Han, at
 * most PLACE_MAX long) ending in one of PLACE_ENDS. So a place-word end must follow within the run
 * of Han characters, at most 12 characters on and at most PLACE_MAX - 1 past the first STOP
 * character (the place word starts by then). Most positions of prose fail it.
 */
const PLACE_MAX = Math.max(...PLACE_WORDS.map((w) => w.length));
const HAN = 1;
const STOP_CHAR = 2;
const PLACE_END = 4;
const CHAR_CLASS = new Uint8Array(0x10000);
CHAR_CLASS.fill(HAN, 0x4e00, 0xa000);
for (const ch of STOP) CHAR_CLASS[ch.charCodeAt(0)]! |= STOP_CHAR;
for (const word of PLACE_WORDS) CHAR_CLASS[word.charCodeAt(word.length - 1)]! |= PLACE_END;

/**
 * mayHoldPlace over one text, asked at rising positions, in time linear in the text: three
 * positions that only move forward (the next place-word end, STOP character and non-Han character)
 * instead of a look-ahead of up to PLACE_MAX + 3 characters at every position. At `i` the test
 * holds when the first place-word end after `i` comes before the Han run ends, within
 * PLACE_MAX + 3 characters, and within PLACE_MAX - 1 of a STOP character before it.
 */
export class PlaceScan {
  #placeEnd = 0;
  #stop = 0;
  #nonHan = 0;
  constructor(private readonly text: string) {}

  #next(from: number, at: number, flag: number, want: boolean): number {
    const { text } = this;
    let j = Math.max(at, from);
    while (j < text.length && ((CHAR_CLASS[text.charCodeAt(j)]! & flag) !== 0) !== want) j++;
    return j;
  }

  mayHoldPlace(i: number): boolean {
    this.#nonHan = this.#next(this.#nonHan, i, HAN, false);
    if (this.#nonHan === i) return false;
    this.#placeEnd = this.#next(this.#placeEnd, i + 1, PLACE_END, true);
    const end = this.#placeEnd;
    if (end >= this.#nonHan) return false;
    this.#stop = this.#next(this.#stop, i, STOP_CHAR, true);
    const limit = Math.min(i + 4 + PLACE_MAX - 1, this.#stop < end ? this.#stop + PLACE_MAX - 1 : Infinity);
    return end <= limit;
  }
}

/** Whether position `i` falls inside a lead word ("联系人" covers 人: no name starts there). */
function insideLeadWord(text: string, i: number): boolean {
  for (let j = 1; j < LEAD_WORD_MAX && j <= i; j++) {
    const lead = leadWordAt(text, i - j);
    if (lead && lead.length > j) return true;
  }
  return false;
}

/** Whether a name may start at `i`: not inside a word. */
function canStart(text: string, i: number): boolean {
  if (!isHan(text, i) || STOP_CODES.has(text.charCodeAt(i)) || leadWordAt(text, i) !== undefined)
    return false;
  if (insideLeadWord(text, i)) return false;
  return i === 0 || !isHan(text, i - 1) || STOP_CODES.has(text.charCodeAt(i - 1)) || leadWordEndsAt(text, i);
}

/** The name starting at `i`, if one does; a head holding a verb ("紧紧围绕省委") is prose. */
function mentionAt(text: string, i: number): AgencyMention | null {
  if (leadWordWithin(text, i, 5)) return null;
  FULL.lastIndex = i;
  const full = FULL.exec(text);
  if (full && !NOT_A_NAME.test(full[0]) && full[0].length <= 30) {
    return { name: full[0], start: i, end: i + full[0].length, bare: false };
  }
  ZONE.lastIndex = i;
  const zone = ZONE.exec(text);
  if (zone && ZONE_WORD.test(zone[0]) && !NOT_A_NAME.test(zone[0])) {
    return { name: zone[0], start: i, end: i + zone[0].length, bare: true };
  }
  return null;
}

/** Agency names printed in a text, in order, none overlapping. */
export function agencyMentions(text: string): AgencyMention[] {
  const mentions: AgencyMention[] = [];
  const places = new PlaceScan(text);
  for (let i = 0; i < text.length; i++) {
    if (!places.mayHoldPlace(i) || !canStart(text, i)) continue;
    const mention = mentionAt(text, i);
    if (!mention) continue;
    mentions.push(mention);
    i = mention.end - 1;
  }
  return mentions;
}

/** Agency names (with a body, not bare zones) in a text, in order of appearance. */
export function agencyNamesIn(text: string): string[] {
  return agencyMentions(text)
    .filter((m) => !m.bare)
    .map((m) => m.name);
}

/** The text, whole, when it is exactly one agency name (a title block, a signature line). */
export function wholeAgencyName(text: string): AgencyMention | null {
  const t = text.replace(/\s+/g, "");
  const [only] = agencyMentions(t);
  return only && only.start === 0 && only.end === t.length ? only : null;
}
