import { APPLICATION_COLUMNS } from "@touming/vocabulary";

export interface Indicator {
  label: string;
  value: string;
  /** How it is computed, printed under the value. */
  basis: string;
  /** Below the minimum sample the value is shown but not judged. */
  lowSample: boolean;
  change: string | null;
  /** The report's value keys it is computed from (a card marks it when they were read from a scan). */
  keys: readonly string[];
}

type Values = ReadonlyMap<string, number | null>;

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
const num = (v: Values, key: string) => v.get(key) ?? null;
const sum = (...xs: (number | null)[]) =>
  xs.every((x) => x === null) ? null : xs.reduce<number>((a, b) => a + (b ?? 0), 0);

function ratio(n: number | null, d: number | null): number | null {
  return n === null || d === null || d === 0 ? null : n / d;
}

/**
 * A row's 总计 of table 三 as a figure: as printed; 0 for a row left wholly blank (reports leave
 * zeros blank); unknown (null) for a blank 总计 beside printed cells — a blank is not a 0.
 */
function rowTotal(v: Values, row: string): number | null {
  const total = num(v, `apply.${row}.total`);
  if (total !== null) return total;
  const cells = APPLICATION_COLUMNS.filter((c) => c !== "total").map((c) => num(v, `apply.${row}.${c}`));
  return cells.every((c) => c === null) ? 0 : null;
}

/**
 * 公开率: (予以公开 + 部分公开) ÷ 办理结果总计, from table 三's totals; null when one of them is not
 * known. The one definition the card's indicator and its trend chart use.
 */
export function grantRate(v: Values): number | null {
  const granted = rowTotal(v, "granted");
  const partly = rowTotal(v, "partially_granted");
  if (num(v, "apply.handled_total.total") === null || granted === null || partly === null) return null;
  return ratio(granted + partly, num(v, "apply.handled_total.total"));
}

function changeOf(now: number | null, before: number | null, asPercent: boolean): string | null {
  if (now === null || before === null) return null;
  const d = now - before;
  if (asPercent) return `${d >= 0 ? "+" : ""}${(d * 100).toFixed(1)}个百分点`;
  return `${d >= 0 ? "+" : ""}${Number.isInteger(d) ? d : d.toFixed(1)}`;
}

/**
 * The indicators a card shows (not graded): each with a fixed, printed denominator and the change
 * against the previous year; rates are not judged under `minSample` requests.
 */
export function indicators(now: Values, before: Values | null, minSample: number): Indicator[] {
  const out: Indicator[] = [];
  // One definition everywhere: 收到申请 is 本年新收 (the summary adds up the same); 本年新收＋上年结转
  // is its own indicator, labelled so. A legacy report's figure is the one its prose states.
  const fromTable = (v: Values) => num(v, "apply.new_received.total") !== null;
  const newReceived = (v: Values) =>
    num(v, "apply.new_received.total") ?? num(v, "text.applications_received");
  const inHand = (v: Values) =>
    fromTable(v) ? sum(num(v, "apply.new_received.total"), num(v, "apply.carried_over.total")) : null;
  const received = inHand;
  const handled = (v: Values) => num(v, "apply.handled_total.total");
  const grant = grantRate;
  const forward = (v: Values) => ratio(num(v, "apply.carried_forward.total"), inHand(v));
  const reviews = (v: Values) => num(v, "review.total") ?? num(v, "text.reviews");
  const suits = (v: Values) =>
    sum(num(v, "litigation_direct.total"), num(v, "litigation_after_review.total")) ??
    num(v, "text.lawsuits");
  const correction = (v: Values) =>
    ratio(
      num(v, "review.corrected"),
      sum(num(v, "review.total"), num(v, "review.pending") === null ? null : -num(v, "review.pending")!),
    );
  const proactive = (v: Values) => num(v, "text.proactive_items");
  const low = (handled(now) ?? newReceived(now) ?? 0) < minSample;
  // A change only between figures of the same definition (a table's against a table's).
  const comparable = before !== null && fromTable(before) === fromTable(now);
  const n = newReceived(now);
  if (n !== null)
    out.push({
      label: "收到申请（本年新收）",
      value: `${n}件`,
      basis: fromTable(now) ? "表三「本年新收政府信息公开申请数量」总计" : "报告正文所述收到申请数",
      lowSample: false,
      change: comparable ? changeOf(n, newReceived(before!), false) : null,
      keys: [fromTable(now) ? "apply.new_received.total" : "text.applications_received"],
    });
  const r = received(now);
  if (r !== null)
    out.push({
      label: "本年新收＋上年结转",
      value: `${r}件`,
      basis: "表三「本年新收」＋「上年结转」总计",
      lowSample: false,
      change: comparable ? changeOf(r, received(before!), false) : null,
      keys: ["apply.new_received.total", "apply.carried_over.total"],
    });
  const g = grant(now);
  if (g !== null)
    out.push({
      label: "公开率",
      value: pct(g),
      basis: `（予以公开＋部分公开）÷ 办理结果总计 ${handled(now)}件`,
      lowSample: low,
      change: changeOf(g, before ? grant(before) : null, true),
      keys: ["apply.granted.total", "apply.partially_granted.total", "apply.handled_total.total"],
    });
  const f = forward(now);
  if (f !== null)
    out.push({
      label: "结转占比",
      value: pct(f),
      basis: `结转下年度 ÷（本年新收＋上年结转）${r}件`,
      lowSample: low,
      change: changeOf(f, before ? forward(before) : null, true),
      keys: ["apply.carried_forward.total", "apply.new_received.total", "apply.carried_over.total"],
    });
  const rv = reviews(now);
  if (rv !== null)
    out.push({
      label: "行政复议",
      value: `${rv}件`,
      basis: "表四 行政复议总计",
      lowSample: false,
      change: changeOf(rv, before ? reviews(before) : null, false),
      keys: [num(now, "review.total") !== null ? "review.total" : "text.reviews"],
    });
  const s = suits(now);
  if (s !== null)
    out.push({
      label: "行政诉讼",
      value: `${s}件`,
      basis: "未经复议直接起诉＋复议后起诉",
      lowSample: false,
      change: changeOf(s, before ? suits(before) : null, false),
      keys:
        sum(num(now, "litigation_direct.total"), num(now, "litigation_after_review.total")) !== null
          ? ["litigation_direct.total", "litigation_after_review.total"]
          : ["text.lawsuits"],
    });
  const c = correction(now);
  if (c !== null)
    out.push({
      label: "复议纠错率",
      value: pct(c),
      basis: `结果纠正 ÷（复议总计 − 尚未审结）`,
      lowSample: (num(now, "review.total") ?? 0) < minSample,
      change: null,
      keys: ["review.corrected", "review.total", "review.pending"],
    });
  const p = proactive(now);
  if (p !== null)
    out.push({
      label: "主动公开信息",
      value: `${p}条`,
      basis: "报告正文所述",
      lowSample: false,
      change: changeOf(p, before ? proactive(before) : null, false),
      keys: ["text.proactive_items"],
    });
  return out;
}
