import { visibleTextLength } from "./visible-text.js";

/** Only a page shorter than this (characters) can be a challenge made of script alone. */
const SMALL_CHARS = 4096;
/** The head of a page where a challenge's marks are looked for (characters). */
const HEAD_CHARS = 3072;
/** A character is at most this many bytes (UTF-8): a body this many times longer is not small. */
const MAX_CHAR_BYTES = 4;

/**
 * Recognises anti-bot front ends (瑞数 412/202, 加速乐/创宇盾 521, 安全狗 blank pages, 360 访问异常页面,
 * JavaScript cookie challenges) so they are recorded as "blocked", never solved.
 */
export function antiBotReason(status: number, body: string): string | null {
  return challengeIn(status, body.slice(0, HEAD_CHARS), body.length < SMALL_CHARS ? body : null);
}

/**
 * antiBotReason of a body not decoded yet: only what the test reads is decoded (the whole of a body
 * that may be small, else its head), not a whole PDF for each fetch.
 */
export function antiBotReasonOfBody(
  status: number,
  body: Uint8Array,
  encoding: "utf8" | "latin1" = "utf8",
): string | null {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.length < SMALL_CHARS * MAX_CHAR_BYTES) return antiBotReason(status, bytes.toString(encoding));
  const head = bytes
    .subarray(0, HEAD_CHARS * MAX_CHAR_BYTES)
    .toString(encoding)
    .slice(0, HEAD_CHARS);
  return challengeIn(status, head, null);
}

/**
 * `small`: the whole page when it is short enough to be a challenge of script alone. Whether it is
 * script alone (its visible text measured) is asked only when the rest of a rule holds.
 */
function challengeIn(status: number, head: string, small: string | null): string | null {
  let only: boolean | undefined;
  const scriptOnly = () =>
    (only ??= small !== null && /<script/i.test(small) && visibleTextLength(small, 20) < 20);
  if (ruishuMarked(head)) return `瑞数-style JavaScript challenge (HTTP ${status})`;
  if (status === 521 || /__jsluid|__jsl_clearance/.test(head))
    return `加速乐-style cookie challenge (HTTP ${status})`;
  if (/访问异常页面|安全狗|Access Denied by/i.test(head)) return `WAF block page (HTTP ${status})`;
  if (
    (status === 412 || status === 202 || status === 200) &&
    /document\.cookie|location\.reload|setTimeout/.test(head) &&
    scriptOnly()
  ) {
    return `JavaScript cookie challenge (HTTP ${status})`;
  }
  if ((status === 412 || status === 202) && scriptOnly())
    return `script-only challenge page (HTTP ${status})`;
  return null;
}

/** `$_ts=` or `r='m'` (瑞数's marks), each looked for as plain text before its pattern is tried. */
function ruishuMarked(head: string): boolean {
  if (head.includes("$_ts") && /\$_ts\s*=/.test(head)) return true;
  return (head.includes("r='m'") || head.includes('r="m"')) && /\br=['"]m['"]/.test(head);
}

/** A tiny page whose only content is a JavaScript redirect (followed one level, same host). */
export function redirectShellTarget(body: string, baseUrl: string): string | null {
  if (body.length > 4096 || visibleTextLength(body, 40) > 40) return null;
  const m =
    /(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*["']([^"']+)["']/.exec(body) ??
    /location\.(?:replace|assign)\(\s*["']([^"']+)["']\s*\)/.exec(body) ??
    /<meta[^>]+http-equiv=["']?refresh["']?[^>]+url=([^"'>\s]+)/i.exec(body);
  if (!m) return null;
  try {
    const target = new URL(m[1]!, baseUrl);
    return target.host === new URL(baseUrl).host && target.toString() !== baseUrl ? target.toString() : null;
  } catch {
    return null;
  }
}
