import { visibleTextLength } from "./visible-text.js";

/**
 * Recognises anti-bot front ends (瑞数 412/202, 加速乐/创宇盾 521, 安全狗 blank pages, 360 访问异常页面,
 * JavaScript cookie challenges) so they are recorded as "blocked", never solved.
 */
export function antiBotReason(status: number, body: string): string | null {
  const head = body.slice(0, 3072);
  // Only a small page can be a challenge; the text of a large one is never looked at.
  const scriptOnly = body.length < 4096 && /<script/i.test(body) && visibleTextLength(body, 20) < 20;
  if (/\$_ts\s*=|\br=['"]m['"]/.test(head)) return `瑞数-style JavaScript challenge (HTTP ${status})`;
  if (status === 521 || /__jsluid|__jsl_clearance/.test(head))
    return `加速乐-style cookie challenge (HTTP ${status})`;
  if (/访问异常页面|安全狗|Access Denied by/i.test(head)) return `WAF block page (HTTP ${status})`;
  if (
    (status === 412 || status === 202 || status === 200) &&
    scriptOnly &&
    /document\.cookie|location\.reload|setTimeout/.test(head)
  ) {
    return `JavaScript cookie challenge (HTTP ${status})`;
  }
  if ((status === 412 || status === 202) && scriptOnly) return `script-only challenge page (HTTP ${status})`;
  return null;
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
