import type { SubstanceConfig } from "@touming/grade";
import { percentText as pct, pointsText as p } from "./numbers.js";

/** 内容实质: problems and improvements by length and specificity, and originality against last year. */
export function substanceRules(s: SubstanceConfig): string[] {
  const o = s.originality;
  return [
    `存在的主要问题${p(s.problems)}分，改进措施${p(s.improvements)}分：写得具体（不少于${s.specificMinChars}字，且分条列出或写有具体数字）的得满分，较笼统（不少于${s.vagueMinChars}字）的得一半，不足${s.vagueMinChars}字或未写的不得分`,
    `与本机关上年报告相比，正文相似度低于${pct(o.fullBelow)}的得${p(o.max)}分，${pct(o.fullBelow)}及以上、低于${pct(o.partialBelow)}的得${p(o.partialPoints)}分，达到${pct(o.partialBelow)}的不得分（内容雷同）；没有上年报告可比的得${p(o.max)}分`,
  ];
}
