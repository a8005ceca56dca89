// Lead words (labels, verbs of reference) that an agency name is often printed right after, and
// where they stand in a text. Looked up by their first character with startsWith, not with regular
// expressions over slices of the text: agency-mentions.ts asks at every character of a report, and
// the slices and regex runs were a tenth of the time of extracting an HTML or text report.

/**
 * Words a name is often printed right after, with no punctuation between: labels ("联系人朝阳区…") and
 * verbs ("利用长治市民政局微信…"). A name never starts with one; it may start right after one.
 */
export const LEAD_WORDS: readonly string[] = [
  "联系人",
  "联系",
  "来源",
  "发布机构",
  "单位",
  "地址",
  "落款",
  "利用",
  "通过",
  "依托",
  "围绕",
  "结合",
  "经过",
  "配合",
  "会同",
  "督促",
  "指导",
  "组织",
  "要求",
  "加强",
  "推进",
  "推动",
  "支持",
  "印发",
  "转发",
  "报送",
  "报请",
  "邀请",
  "召开",
  "参加",
  "参与",
  "接受",
  "协助",
  "同意",
  "包括",
  "其中",
  "成立",
  "设立",
  "发布",
  "公布",
  "通报",
  "登录",
  "访问",
  "指定",
  "建立",
  "学习",
  "采取",
  "采用",
  "开设",
  "带队",
];

/** The longest lead word: every lookup below reads at most this far from where it starts. */
export const LEAD_WORD_MAX = Math.max(...LEAD_WORDS.map((w) => w.length));

// Keyed by the first character's code unit, and read with charCodeAt and plain loops: `text[i]` of
// a Han character allocates a string each time, and the garbage collector then took a third of the
// time of agency-mentions.ts.
const BY_FIRST = new Map<number, string[]>();
for (const word of LEAD_WORDS) {
  const list = BY_FIRST.get(word.charCodeAt(0)) ?? [];
  list.push(word);
  BY_FIRST.set(word.charCodeAt(0), list);
}

/**
 * The lead word starting at `i`, the first in LEAD_WORDS order when several do (what
 * `/^(?:联系人|联系|…)/.exec(text.slice(i))` gives).
 */
export function leadWordAt(text: string, i: number): string | undefined {
  const list = BY_FIRST.get(text.charCodeAt(i));
  if (list === undefined) return undefined;
  for (const word of list) if (text.startsWith(word, i)) return word;
  return undefined;
}

/** Whether a lead word ends right before `i`. */
export function leadWordEndsAt(text: string, i: number): boolean {
  for (let length = 1; length <= Math.min(LEAD_WORD_MAX, i); length++) {
    const list = BY_FIRST.get(text.charCodeAt(i - length));
    if (list === undefined) continue;
    for (const word of list) if (word.length === length && text.startsWith(word, i - length)) return true;
  }
  return false;
}

/** Whether a whole lead word stands within the `span` characters from `i`. */
export function leadWordWithin(text: string, i: number, span: number): boolean {
  const end = Math.min(text.length, i + span);
  for (let at = i; at < end; at++) {
    const list = BY_FIRST.get(text.charCodeAt(at));
    if (list === undefined) continue;
    for (const word of list) if (at + word.length <= end && text.startsWith(word, at)) return true;
  }
  return false;
}
