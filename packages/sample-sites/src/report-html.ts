import { createRandom, hashSeed } from "./random.js";
import { COLUMNS, OUTCOME_ROWS_2021, type Figures } from "./report-figures.js";
import type { SampleAgency, SampleReport } from "./world.js";

const LABELS: Record<string, string> = {
  new_received: "一、本年新收政府信息公开申请数量",
  carried_over: "二、上年结转政府信息公开申请数量",
  granted: "（一）予以公开",
  partially_granted: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
  "withheld.state_secret": "1.属于国家秘密",
  "withheld.law_forbidden": "2.其他法律行政法规禁止公开",
  "withheld.security_stability": "3.危及“三安全一稳定”",
  "withheld.third_party": "4.保护第三方合法权益",
  "withheld.internal_affairs": "5.属于三类内部事务信息",
  "withheld.process_info": "6.属于四类过程性信息",
  "withheld.enforcement_file": "7.属于行政执法案卷",
  "withheld.admin_query": "8.属于行政查询事项",
  "unable.not_held": "1.本机关不掌握相关政府信息",
  "unable.needs_creation": "2.没有现成信息需要另行制作",
  "unable.unclear": "3.补正后申请内容仍不明确",
  "not_processed.complaint": "1.信访举报投诉类申请",
  "not_processed.repeat": "2.重复申请",
  "not_processed.publication": "3.要求提供公开出版物",
  "not_processed.mass_repeat": "4.无正当理由大量反复申请",
  "not_processed.confirmation": "5.要求行政机关确认或重新出具已获取信息",
  "other_handling.no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
  "other_handling.fee_unpaid": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
  "other_handling.misc": "3.其他",
  "other_handling.total": "（六）其他处理",
  handled_total: "（七）总计",
  carried_forward: "四、结转下年度继续办理",
};
const GROUPS: Record<string, string> = {
  withheld: "（三）不予公开",
  unable: "（四）无法提供",
  not_processed: "（五）不予处理",
  other_handling: "（六）其他处理",
};

const td = (text: string | number, attrs = "") => `<td${attrs}>${text}</td>`;

/**
 * Table 三. `blankTotals`: as some real reports print it (上海市人民政府办公厅 2019), zeros left blank
 * and the 总计 column blank except on the rows 一、二、（七）总计 and 四 — a blank is not a 0.
 */
function applicationsTable(f: Figures, format: "2019" | "2021", blankTotals = false): string {
  const cols = [...COLUMNS, "total"] as const;
  const outcomeRows: string[] =
    format === "2021"
      ? [...OUTCOME_ROWS_2021]
      : [...OUTCOME_ROWS_2021.filter((r) => !r.startsWith("other_handling.")), "other_handling.total"];
  const value = (row: string, col: string) => {
    if (row === "other_handling.total") {
      return ["no_correction", "fee_unpaid", "misc"].reduce(
        (s, r) => s + (f[`apply.other_handling.${r}.${col}`] ?? 0),
        0,
      );
    }
    return f[`apply.${row}.${col}`] ?? 0;
  };
  const PRINTED_TOTALS = ["new_received", "carried_over", "handled_total", "carried_forward"];
  const cell = (row: string, col: string) => {
    const n = value(row, col);
    if (!blankTotals) return n;
    if (col === "total" && !PRINTED_TOTALS.includes(row)) return "&nbsp;";
    return n === 0 ? "&nbsp;" : n;
  };
  const nums = (row: string) => cols.map((c) => td(cell(row, c))).join("");
  const out = [
    `<tr>${td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", ' colspan="3" rowspan="3"')}${td("申请人情况", ' colspan="7"')}</tr>`,
    `<tr>${td("自然人", ' rowspan="2"')}${td("法人或其他组织", ' colspan="5"')}${td("总计", ' rowspan="2"')}</tr>`,
    `<tr>${["商业<br>企业", "科研<br>机构", "社会公益<br>组织", "法律服务<br>机构", "其他"].map((t) => td(t)).join("")}</tr>`,
    `<tr>${td(LABELS.new_received!, ' colspan="3"')}${nums("new_received")}</tr>`,
    `<tr>${td(LABELS.carried_over!, ' colspan="3"')}${nums("carried_over")}</tr>`,
  ];
  const resultRows = [...outcomeRows, "handled_total"];
  const seenGroups = new Set<string>();
  resultRows.forEach((row, i) => {
    let head = i === 0 ? td("三、本年度办理结果", ` rowspan="${resultRows.length}"`) : "";
    const group = row.includes(".") && row !== "other_handling.total" ? row.split(".")[0]! : null;
    if (!group) head += td(LABELS[row]!, ' colspan="2"');
    else {
      if (!seenGroups.has(group)) {
        seenGroups.add(group);
        head += td(
          GROUPS[group]!,
          ` rowspan="${outcomeRows.filter((r) => r.startsWith(`${group}.`)).length}"`,
        );
      }
      head += td(LABELS[row]!);
    }
    out.push(`<tr>${head}${nums(row)}</tr>`);
  });
  out.push(`<tr>${td(LABELS.carried_forward!, ' colspan="3"')}${nums("carried_forward")}</tr>`);
  return `<table border="1" cellspacing="0" class="MsoNormalTable">${out.join("")}</table>`;
}

function reviewTable(f: Figures): string {
  const heads = ["结果<br>维持", "结果<br>纠正", "其他<br>结果", "尚未<br>审结", "总计"]
    .map((t) => td(t))
    .join("");
  const nums = ["review", "litigation_direct", "litigation_after_review"]
    .flatMap((g) => ["upheld", "corrected", "other", "pending", "total"].map((o) => td(f[`${g}.${o}`] ?? 0)))
    .join("");
  return `<table border="1" cellspacing="0"><tr>${td("行政复议", ' colspan="5" rowspan="2"')}${td("行政诉讼", ' colspan="10"')}</tr><tr>${td("未经复议直接起诉", ' colspan="5"')}${td("复议后起诉", ' colspan="5"')}</tr><tr>${heads}${heads}${heads}</tr><tr>${nums}</tr></table>`;
}

function proactiveTable(f: Figures, format: "2019" | "2021"): string {
  const section = (title: string) => `<tr>${td(title, ' colspan="4"')}</tr>`;
  const header = (...cols: string[]) =>
    `<tr>${td("信息内容")}${cols.map((c, i) => td(c, i === cols.length - 1 && cols.length < 3 ? ` colspan="${4 - cols.length}"` : "")).join("")}</tr>`;
  const row = (label: string, ...values: (number | string)[]) =>
    `<tr>${td(label)}${values.map((v, i) => td(v, i === values.length - 1 && values.length < 3 ? ` colspan="${4 - values.length}"` : "")).join("")}</tr>`;
  if (format === "2021") {
    return `<table border="1" cellspacing="0">${section("第二十条第（一）项")}${header("本年制发件数", "本年废止件数", "现行有效件数")}${row("规章", f["proactive.rules.issued"]!, f["proactive.rules.repealed"]!, f["proactive.rules.in_force"]!)}${row("行政规范性文件", f["proactive.normative_docs.issued"]!, f["proactive.normative_docs.repealed"]!, f["proactive.normative_docs.in_force"]!)}${section("第二十条第（五）项")}${header("本年处理决定数量")}${row("行政许可", f["proactive.licensing.decisions"]!)}${section("第二十条第（六）项")}${header("本年处理决定数量")}${row("行政处罚", f["proactive.penalty.decisions"]!)}${row("行政强制", f["proactive.coercion.decisions"]!)}${section("第二十条第（八）项")}${header("本年收费金额（单位：万元）")}${row("行政事业性收费", f["proactive.fees.amount_10k_yuan"]!)}</table>`;
  }
  return `<table border="1" cellspacing="0">${section("第二十条第（一）项")}${header("本年新制作数量", "本年新公开数量", "对外公开总数量")}${row("规章", f["proactive.rules.issued"]!, f["proactive.rules.issued"]!, f["proactive.rules.in_force"]!)}${row("规范性文件", f["proactive.normative_docs.issued"]!, f["proactive.normative_docs.issued"]!, f["proactive.normative_docs.in_force"]!)}${section("第二十条第（五）项")}${header("上一年项目数量", "本年增/减", "处理决定数量")}${row("行政许可", 20, 0, f["proactive.licensing.decisions"]!)}${row("其他对外管理服务事项", 6, 0, 0)}${section("第二十条第（六）项")}${header("上一年项目数量", "本年增/减", "处理决定数量")}${row("行政处罚", 35, 0, f["proactive.penalty.decisions"]!)}${row("行政强制", 4, 0, f["proactive.coercion.decisions"]!)}${section("第二十条第（八）项")}${header("上一年项目数量", "本年增/减")}${row("行政事业性收费", 3, 0)}${section("第二十条第（九）项")}${header("采购项目数量", "采购总金额")}${row("政府集中采购", 5, "1200000元")}</table>`;
}

const WORK = [
  "围绕中心工作深化政务公开，推进决策、执行、管理、服务、结果公开",
  "完善政府信息公开指南和目录，及时更新政府信息公开专栏",
  "加强政策解读，采用图解、视频等形式解读重要政策文件",
  "推进重点领域信息公开，做好财政预决算、重大建设项目等信息发布",
  "规范依申请公开办理流程，严格落实登记、审核、答复各环节要求",
  "加强政务新媒体管理，及时回应社会关切",
  "落实公文公开属性源头认定制度，公开属性标注率达到百分之百",
  "开展政府开放日活动，邀请群众代表走进机关了解工作",
  "健全保密审查机制，坚持先审查、后公开",
  "组织政务公开业务培训，提升工作人员业务能力",
  "优化政府网站栏目设置，提升信息检索的便利程度",
  "推进基层政务公开标准化规范化建设，编制公开事项清单",
  "做好建议提案办理结果公开，回应人大代表和政协委员关切",
  "加强政务公开工作考核，将其纳入年度绩效考核",
];
const PROBLEMS = [
  "政策解读的形式还不够丰富，解读的深度和针对性有待加强",
  "部分信息发布不够及时，更新频率有待提高",
  "依申请公开答复的规范性还需进一步提升",
  "基层政务公开标准化规范化水平仍有差距",
  "政务新媒体互动回应不够及时",
  "工作人员业务能力与新形势新要求还有差距",
  "主动公开的内容与群众需求的契合度不够高",
  "公开平台之间的信息同步机制尚不健全",
];
const MEASURES = [
  "建立政策解读与政策文件同步起草、同步审签、同步发布机制",
  "完善信息发布审核流程，压实信息发布责任",
  "加强依申请公开答复文书的合法性审查",
  "推动公开事项标准目录在基层落地落实",
  "健全政务舆情回应机制，提高回应时效",
  "常态化开展业务培训和工作交流",
  "开展公众满意度调查，精准对接公众需求",
  "统筹政府网站和政务新媒体信息发布",
];

function pickSome(seed: string, pool: readonly string[], n: number): string[] {
  const random = createRandom(hashSeed(seed));
  const left = [...pool];
  const out: string[] = [];
  while (out.length < n && left.length > 0) out.push(left.splice(random.int(0, left.length - 1), 1)[0]!);
  return out;
}

const cn = ["一", "二", "三", "四", "五"];

/** The article body of a generated report: narrative, and for 2019+ the three tables. */
export function renderReportBody(
  agency: SampleAgency,
  report: SampleReport,
  source: SampleReport = report,
): string {
  const y = source.year;
  const f = source.figures;
  const key = `${agency.id}/${y}`;
  const work = pickSome(`${key}/work`, WORK, 4);
  const problems = pickSome(`${key}/problems`, PROBLEMS, 2);
  const measures = pickSome(`${key}/measures`, MEASURES, 3);
  const received = f["apply.new_received.total"] ?? 0;
  const p = (text: string) => `<p class="MsoNormal" style="text-indent:2em">${text}</p>`;
  const h = (text: string) => `<p style="text-indent:2em"><strong>${text}</strong></p>`;
  const parts: string[] = [];
  parts.push(
    p(
      `本报告根据《中华人民共和国政府信息公开条例》要求，由${agency.name}编制。本报告所列数据的统计期限自${y}年1月1日起至${y}年12月31日止。如对本报告有疑问，请与${agency.name}办公室联系（电话：0571-8${String(hashSeed(agency.id) % 1000000).padStart(6, "0")}）。`,
    ),
  );
  if (source.format === "legacy") {
    parts.push(h("一、概述"), p(`${y}年，${agency.name}${work.slice(0, 2).join("；")}。`));
    parts.push(
      h("二、主动公开政府信息情况"),
      p(`全年主动公开政府信息${f["text.proactive_items"]}条，${work[2]}。`),
    );
    parts.push(
      h("三、依申请公开政府信息情况"),
      p(`全年共受理政府信息公开申请${received}件，均在法定期限内答复。`),
    );
    parts.push(h("四、政府信息公开的收费及减免情况"), p("本年度未收取任何费用。"));
    const reviews = f["review.total"] ?? 0;
    parts.push(
      h("五、因政府信息公开申请行政复议、提起行政诉讼的情况"),
      p(
        reviews === 0
          ? "本年度未发生因政府信息公开引起的行政复议和行政诉讼。"
          : `本年度因政府信息公开引起行政复议${reviews}件。`,
      ),
    );
    parts.push(
      h("六、存在的主要问题及改进措施"),
      p(`一是${problems[0]}；二是${problems[1]}。下一步，我们将${measures.join("，")}。`),
    );
  } else {
    const format = source.format;
    parts.push(
      h("一、总体情况"),
      p(
        `${y}年，${agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》，${work.map((w, i) => `${cn[i]}是${w}`).join("；")}。全年主动公开政府信息${f["text.proactive_items"]}条，共收到政府信息公开申请${received}件。`,
      ),
    );
    parts.push(h("二、主动公开政府信息情况"), proactiveTable(f, format));
    parts.push(
      h("三、收到和处理政府信息公开申请情况"),
      applicationsTable(f, format, report.problems.includes("blank-totals")),
    );
    parts.push(h("四、政府信息公开行政复议、行政诉讼情况"), reviewTable(f));
    parts.push(
      h("五、存在的主要问题及改进情况"),
      p(
        `${y}年，我们的政府信息公开工作取得了一定成效，但也存在一些不足：${problems.map((t, i) => `${cn[i]}是${t}`).join("；")}。下一步，我们将${measures.map((t, i) => `${cn[i]}是${t}`).join("；")}。`,
      ),
    );
    parts.push(
      h("六、其他需要报告的事项"),
      p(
        format === "2021"
          ? `本年度依据《政府信息公开信息处理费管理办法》收取信息处理费0元。${y}年度政务公开工作要点落实情况已在本机关网站公开。`
          : "无其他需要报告的事项。",
      ),
    );
  }
  parts.push(`<p style="text-align:right">${agency.name}</p>`);
  // An undated report is signed without a date.
  if (!report.problems.includes("undated"))
    parts.push(`<p style="text-align:right">${cnDate(report.publishDate)}</p>`);
  let html = parts.join("\n");
  if (source !== report) {
    // Copied from the previous year with only the year changed (内容雷同).
    html = html
      .replaceAll(String(source.year), String(report.year))
      .replaceAll(String(source.year - 1), String(report.year - 1));
  }
  return html;
}

function cnDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}
