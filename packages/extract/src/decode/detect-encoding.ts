import { isAscii } from "node:buffer";
import iconv from "iconv-lite";

export interface DecodedText {
  text: string;
  /** The encoding used: `utf-8`, `utf-16le`, `utf-16be`, `gb18030`, `big5`. */
  encoding: string;
  /** What the header or the page claimed, if anything. */
  declared: string | null;
  warnings: string[];
}

const GB_FAMILY = new Set([
  "gb2312",
  "gbk",
  "gb18030",
  "x-gbk",
  "cp936",
  "euc-cn",
  "hz-gb-2312",
  "csgb2312",
  "gb_2312-80",
]);
const BIG5_FAMILY = new Set(["big5", "big5-hkscs", "cp950", "x-x-big5", "csbig5"]);
const UTF8 = new Set(["utf-8", "utf8", "unicode-1-1-utf-8"]);

function canonical(label: string): string | null {
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, "");
  if (UTF8.has(l)) return "utf-8";
  // GB2312/GBK pages routinely carry GBK-only (and GB18030) characters: decode the whole family as GB18030.
  if (GB_FAMILY.has(l)) return "gb18030";
  if (BIG5_FAMILY.has(l)) return "big5";
  if (l === "utf-16le" || l === "utf-16") return "utf-16le";
  if (l === "utf-16be") return "utf-16be";
  if (l === "iso-8859-1" || l === "latin1" || l === "windows-1252" || l === "us-ascii") return "windows-1252";
  return null;
}

export function charsetFromContentType(contentType: string | undefined): string | null {
  const match = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? "");
  return match?.[1] ?? null;
}

/** `<meta charset>` or `http-equiv` content in the first 4 KB, read as ASCII. */
export function charsetFromMeta(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString("latin1");
  const direct = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return direct?.[1] ?? null;
}

/** The bytes as UTF-8 when they are valid UTF-8 (one pass: the test is the decoding), else null. */
function validUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Whether any byte is 0x80 or above (not ASCII): in native code, not a callback a byte (64 MB took 0.4 s). */
const hasHighBytes = (bytes: Uint8Array) => !isAscii(bytes);

// Frequent characters of government prose, simplified and traditional; a wrong decoding yields rare ones.
const COMMON =
  "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家力里如化高自二理起小现实加量都两体制机当使点从业本去把性好应开合还因由其然前外天政四日那社义事平形相全表间样与关各重新内数正心反明看原又利比或但质第向道此变条只没结解问意建月公无系很情者最立代已通并提直题党程展五果料员位入常文总次品式活设及管特件长求老基资边流路级少图统接知较将组见计别角期根论运农指几九区强放决被做必先回则任取据处队给色门即保治北造百规领七口东导志世金增争济阶思术极交受联认六共权收证改清己再采转更单切打教速带安场身车例真务具万每目至达走积示议报完类八离名确才科张信节话整空元况今集传土许步群广记需段研界林律且究观越织装影算低持音众书布复容际商非验连断深难近千周委素技备半办青省列习响约支般感劳便团往历市克何除消构府称太准精值号率族维划选标写存候亲快效院查型按格养易置派层片始却专状育厂识适属圆包住调满县局照参细引听该价严飞這為會說時來們個國發經與對開關於學長現實點體產機區報員條務規辦處請資統計構數據綜總複議訴訟縣";
// By code unit: COMMON is all BMP, and the halves of an astral character are neither CJK nor U+FFFD.
const IS_COMMON = new Uint8Array(0x10000);
for (let i = 0; i < COMMON.length; i++) IS_COMMON[COMMON.charCodeAt(i)] = 1;

/** Share of CJK characters that are common, minus a penalty for undecodable bytes. */
function plausibility(text: string): number {
  let cjk = 0;
  let common = 0;
  let bad = 0;
  // Code units, not `for…of` with a regex per character: that was most of the time of this function.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd) bad++;
    else if ((code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff)) {
      cjk++;
      common += IS_COMMON[code]!;
    }
  }
  if (cjk === 0) return bad > 0 ? -bad : 0;
  return common / cjk - (bad / (cjk + bad)) * 2;
}

function decodeAs(bytes: Uint8Array, encoding: string): string {
  if (encoding === "utf-8") return new TextDecoder("utf-8").decode(bytes);
  return iconv.decode(Buffer.from(bytes), encoding);
}

const BYTE_ORDER_MARKS = [
  { mark: [0xef, 0xbb, 0xbf], encoding: "utf-8" },
  { mark: [0xff, 0xfe], encoding: "utf-16le" },
  { mark: [0xfe, 0xff], encoding: "utf-16be" },
] as const;

function looksUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, 512);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) evenZeros++;
    else oddZeros++;
  }
  if (oddZeros > n / 6 && evenZeros < n / 40) return "utf-16le";
  if (evenZeros > n / 6 && oddZeros < n / 40) return "utf-16be";
  return null;
}

// What TextDecoder does to a lone surrogate (UTF-16 garbage, a cut four-byte GB18030 sequence):
// parse5 reads a lone low surrogate and the next as one invalid code point, and throws.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** ES2024's String.prototype.isWellFormed (Node 20 and later): no lone surrogate in `text`. */
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * Bytes to text: BOM, then what the bytes prove (valid UTF-8 with non-ASCII is UTF-8 whatever the page says),
 * then the declaration (header, then meta), then sniffing GB18030 against Big5. The text is well-formed
 * UTF-16: a lone surrogate becomes U+FFFD.
 */
export function decodeBytes(bytes: Uint8Array, options: { contentType?: string } = {}): DecodedText {
  const decoded = detectAndDecode(bytes, options);
  // Most text is well-formed: the native check costs far less than the replacement's scan.
  const text = isWellFormed(decoded.text) ? decoded.text : decoded.text.replace(LONE_SURROGATE, "\ufffd");
  return { ...decoded, text };
}

function detectAndDecode(bytes: Uint8Array, options: { contentType?: string }): DecodedText {
  const warnings: string[] = [];
  const bom = BYTE_ORDER_MARKS.find(({ mark }) => mark.every((b, i) => bytes[i] === b));
  if (bom) {
    const text = decodeAs(bytes.subarray(bom.mark.length), bom.encoding);
    return { text, encoding: bom.encoding, declared: "BOM", warnings };
  }
  const utf16 = looksUtf16(bytes);
  if (utf16) return { text: decodeAs(bytes, utf16), encoding: utf16, declared: null, warnings };

  const declaredLabel = charsetFromContentType(options.contentType) ?? charsetFromMeta(bytes);
  const declared = declaredLabel ? canonical(declaredLabel) : null;
  if (declaredLabel && !declared)
    warnings.push(`unknown charset "${declaredLabel}" declared; detected instead`);

  if (!hasHighBytes(bytes))
    return { text: decodeAs(bytes, "utf-8"), encoding: "utf-8", declared: declaredLabel, warnings };
  const utf8 = validUtf8(bytes);
  if (utf8 !== null) {
    if (declared && declared !== "utf-8") warnings.push(`declared ${declaredLabel} but the bytes are UTF-8`);
    return { text: utf8, encoding: "utf-8", declared: declaredLabel, warnings };
  }

  const candidates = ["gb18030", "big5"];
  if (declared && declared !== "utf-8" && declared !== "windows-1252") {
    const text = decodeAs(bytes, declared);
    const score = plausibility(text);
    if (score > 0.35) return { text, encoding: declared, declared: declaredLabel, warnings };
  }
  let best = { encoding: "gb18030", text: "", score: -Infinity };
  for (const encoding of candidates) {
    const text = decodeAs(bytes, encoding);
    const score = plausibility(text);
    if (score > best.score) best = { encoding, text, score };
  }
  if (declared && declared !== best.encoding) {
    warnings.push(`declared ${declaredLabel} but the bytes read as ${best.encoding}`);
  }
  if (best.score < 0.2) warnings.push(`encoding uncertain: best guess ${best.encoding}`);
  return { text: best.text, encoding: best.encoding, declared: declaredLabel, warnings };
}
