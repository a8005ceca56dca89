import { type Figures, carriedForward, generateFigures } from "./report-figures.js";

/**
 * How a site lists its reports (each named like the crawler's list pattern that reads it): TRS
 * createPageHTML, Hanweb datastore + data proxy, `?page=N` links, JSON list APIs (paged by `page`, by
 * `pageNo`, or by `start` + `rows`), VSB, and plain legacy pages found from the site root.
 */
export type SiteStyle =
  "trs" | "hanweb" | "paged" | "json-api" | "json-api-pageno" | "json-api-start-rows" | "vsb" | "legacy";

export interface SiteFaults {
  /** Every response waits this long before its first byte. */
  slowMs?: number;
  /** Each URL fails its first attempt with 503 and its second with a reset connection. */
  flaky?: boolean;
  /** Every page is a 412 JavaScript cookie challenge (瑞数-style). */
  antiBot?: boolean;
  /** robots.txt disallows these path prefixes. */
  robotsDisallow?: string[];
}

export interface SampleAgency {
  id: string;
  name: string;
  regionCode: string;
  level: "province" | "city" | "county" | "district" | "department";
  parent?: string;
  style: SiteStyle;
  /** Size factor for request counts. */
  scale: number;
  /** How the site encodes its pages. */
  encoding: "utf-8" | "gbk-no-header" | "traditional-pinyin";
  /** The report column on the site. */
  columnPath: string;
  /** What the registry lists: the column, an old column URL that now redirects, or only the site root. */
  registryStart: "column" | "old-column" | "site-only";
  /** The column's list page is a JavaScript redirect shell. */
  jsRedirectShell?: boolean;
  deadline?: string;
  faults: SiteFaults;
}

export type ReportKind = "html" | "pdf-attachment" | "seed-text";

export interface SampleReport {
  agencyId: string;
  year: number;
  title: string;
  publishDate: string;
  format: "legacy" | "2019" | "2021";
  kind: ReportKind;
  /** Article path on the agency's site. */
  path: string;
  figures: Figures;
  /** Deliberate problems a correct pipeline must find. */
  problems: (
    | "identity-error"
    | "late"
    | "copied"
    | "year-less-title"
    | "behind-robots"
    | "dead-attachment"
    | "undated"
    | "blank-totals"
  )[];
  /** Seed text file (legacy-era real reports) or attachment file in fixtures/. */
  file?: string;
  /** An attachment's name on the site: the `filename` its download script is given. */
  attachmentName?: string;
  /**
   * The attachment is a scan of the signed and sealed paper copy: page images, no text layer. The
   * site says so in the title it lists and heads the article with, and in the attachment's name.
   */
  scanned?: true;
  /** The title on the site, where it is not the report's own (a scan's 「（扫描件）」). */
  siteTitle?: string;
  /** The report copied: its text is that year's with the year changed. */
  copiedFrom?: number;
}

export interface LookAlike {
  agencyId: string;
  title: string;
  date: string;
  path: string;
}

const LINJIANG_DEPARTMENTS: [string, string, SiteStyle][] = [
  ["fgw", "临江市发展和改革委员会", "trs"],
  ["jyj", "临江市教育局", "trs"],
  ["gaj", "临江市公安局", "trs"],
  ["mzj", "临江市民政局", "trs"],
  ["czj", "临江市财政局", "hanweb"],
  ["rsj", "临江市人力资源和社会保障局", "hanweb"],
  ["zrj", "临江市自然资源和规划局", "paged"],
  ["zjj", "临江市住房和城乡建设局", "paged"],
  ["wjw", "临江市卫生健康委员会", "json-api"],
  ["scj", "临江市市场监督管理局", "trs"],
];
const QINGHE_DEPARTMENTS: [string, string, SiteStyle][] = [
  ["jyj", "清河县教育局", "trs"],
  ["mzj", "清河县民政局", "trs"],
  ["czj", "清河县财政局", "trs"],
  ["nyj", "清河县农业农村局", "paged"],
  ["wjj", "清河县卫生健康局", "trs"],
  ["jtj", "清河县交通运输局", "paged"],
];

/** Where a CMS of this style puts an article (the field guide's shapes). */
function articlePath(
  agency: SampleAgency,
  date: string,
  docid: number,
  y: number,
  m: number,
  d: number,
): string {
  const column = agency.columnPath.replace(/[^/]*$/, "");
  switch (agency.style) {
    case "hanweb":
      return `/art/${y}/${m}/${d}/art_${/col(\d+)/.exec(agency.columnPath)?.[1] ?? "1"}_${docid}.html`;
    case "vsb":
      return `/info/1011/${docid}.htm`;
    default:
      return `${column}${date.slice(0, 7).replace("-", "")}/t${date.replace(/-/g, "")}_${docid}.html`;
  }
}

/** The sample world: two jurisdictions, the seed agencies and 淮安, with the deliberate problems. */
export function buildWorld(): { agencies: SampleAgency[]; reports: SampleReport[]; lookAlikes: LookAlike[] } {
  const agencies: SampleAgency[] = [];
  const base = { faults: {}, encoding: "utf-8" as const, registryStart: "column" as const };
  agencies.push({
    ...base,
    id: "linjiang-city",
    name: "临江市人民政府",
    regionCode: "339900",
    level: "city",
    style: "trs",
    scale: 8,
    columnPath: "/zwgk/zfxxgknb/",
  });
  const linjiangDepartment = ([slug, name, style]: [string, string, SiteStyle]): SampleAgency => ({
    ...base,
    id: `linjiang-${slug}`,
    name,
    regionCode: "339900",
    level: "department",
    parent: "linjiang-city",
    style,
    scale: 2,
    columnPath: style === "hanweb" ? "/col/col1523/index.html" : "/zwgk/ndbg/",
  });
  agencies.push(...LINJIANG_DEPARTMENTS.map(linjiangDepartment));
  agencies.push({
    ...base,
    id: "qinghe-county",
    name: "清河县人民政府",
    regionCode: "339921",
    level: "county",
    parent: "linjiang-city",
    style: "vsb",
    scale: 3,
    columnPath: "/xxgk/ndbg.htm",
  });
  for (const [slug, name, style] of QINGHE_DEPARTMENTS) {
    agencies.push({
      ...base,
      id: `qinghe-${slug}`,
      name,
      regionCode: "339921",
      level: "department",
      parent: "qinghe-county",
      style,
      scale: 1,
      columnPath: "/zwgk/ndbg/",
      deadline: "01-28",
    });
  }
  const seeds: [string, string, string, SampleAgency["level"], SampleAgency["encoding"]][] = [
    ["jilin-mzj", "吉林市民政局", "220200", "department", "utf-8"],
    ["lingyuan-city", "凌源市人民政府", "211382", "city", "utf-8"],
    ["changzhi-mzj", "长治市民政局", "140400", "department", "utf-8"],
    ["wuyuan-mzj", "五原县民政局", "150821", "department", "traditional-pinyin"],
    ["longling-mzj", "龙陵县民政局", "530523", "department", "utf-8"],
  ];
  for (const [id, name, regionCode, level, encoding] of seeds) {
    agencies.push({
      ...base,
      id,
      name,
      regionCode,
      level,
      style: "legacy",
      scale: 1,
      encoding,
      columnPath: "/xxgk/gknb/",
      registryStart: "site-only",
    });
  }
  agencies.push({
    ...base,
    id: "huaian-city",
    name: "淮安市人民政府",
    regionCode: "320800",
    level: "city",
    style: "hanweb",
    scale: 1,
    columnPath: "/col/col16720/index.html",
  });

  // List APIs that do not page by `page` (added last, so that the others' paths and ports stay put).
  agencies.push(
    ...(
      [
        ["jtj", "临江市交通运输局", "json-api-pageno"],
        ["wlj", "临江市文化广电和旅游局", "json-api-start-rows"],
      ] as [string, string, SiteStyle][]
    ).map(linjiangDepartment),
  );

  const byId = (id: string) => agencies.find((a) => a.id === id)!;
  // The messy sites of the field guide.
  byId("linjiang-gaj").faults = { flaky: true };
  byId("linjiang-zjj").registryStart = "old-column";
  byId("linjiang-fgw").jsRedirectShell = true;
  byId("qinghe-czj").faults = { antiBot: true };
  byId("qinghe-wjj").faults = { robotsDisallow: ["/internal/"] };
  byId("qinghe-jtj").faults = { slowMs: 150 };
  byId("qinghe-mzj").encoding = "gbk-no-header";

  const reports: SampleReport[] = [];
  for (const agency of agencies.filter((a) => a.style !== "legacy" && a.id !== "huaian-city")) {
    let carried: number[] = [];
    const isGovernment = agency.level !== "department";
    const firstYear = isGovernment ? 2017 : 2019;
    for (let year = firstYear; year <= 2024; year++) {
      const figures = generateFigures(agency.id, year, agency.scale, carried);
      carried = carriedForward(figures);
      const format = year < 2019 ? "legacy" : year < 2021 ? "2019" : "2021";
      const deadlineMonthDay = isGovernment || year < 2019 ? "03-31" : (agency.deadline ?? "01-31");
      const day = 10 + (year % 15);
      const publishDate = isGovernment
        ? `${year + 1}-03-${String(day).padStart(2, "0")}`
        : `${year + 1}-01-${String(day).padStart(2, "0")}`;
      const docid = 100000 + ((reports.length * 7919) % 900000);
      const [py, pm, pd] = publishDate.split("-").map(Number);
      reports.push({
        agencyId: agency.id,
        year,
        title: `${agency.name}${year}年政府信息公开工作年度报告`,
        publishDate:
          deadlineMonthDay < publishDate.slice(5) ? `${year + 1}-${deadlineMonthDay}` : publishDate,
        format,
        kind: "html",
        path: articlePath(agency, publishDate, docid, py!, pm!, pd!),
        figures,
        problems: [],
      });
    }
  }
  const report = (agencyId: string, year: number) =>
    reports.find((r) => r.agencyId === agencyId && r.year === year)!;

  // An identity error in the source: T3-A fails for natural persons and for the total.
  const wrong = report("linjiang-mzj", 2023);
  wrong.figures = { ...wrong.figures };
  wrong.figures["apply.carried_forward.natural_person"]! += 2;
  wrong.figures["apply.carried_forward.total"]! += 2;
  wrong.problems.push("identity-error");
  // One failed identity: table 四's 行政复议 总计 is one more than its four results (T4-A). A wrong
  // cell of table 三 always breaks two identities at least (its column's and its row's), so one
  // failure alone is a total of table 四.
  const oneWrong = report("linjiang-rsj", 2022);
  oneWrong.figures = { ...oneWrong.figures };
  oneWrong.figures["review.total"]! += 1;
  oneWrong.problems.push("identity-error");
  // Three failed identities from one mistyped cell: 自然人's 总计 of the results is 10 too many, so
  // T3-A and T3-C fail in that column and T3-B in that row.
  const threeWrong = report("linjiang-zrj", 2023);
  threeWrong.figures = { ...threeWrong.figures };
  threeWrong.figures["apply.handled_total.natural_person"]! += 10;
  threeWrong.problems.push("identity-error");
  // Table 三 printed with zeros and most of the 总计 column left blank: identities a blank keeps
  // from holding are not evaluable (无法核对), never failures.
  report("linjiang-fgw", 2024).problems.push("blank-totals");
  // Late: more than 30 days after the 01-28 local deadline.
  const late = report("qinghe-jyj", 2024);
  late.publishDate = "2025-03-10";
  late.problems.push("late");
  // Missing year.
  reports.splice(reports.indexOf(report("linjiang-czj", 2022)), 1);
  // Copied from the previous year with the year changed.
  const copied = report("qinghe-nyj", 2024);
  copied.copiedFrom = 2023;
  copied.figures = report("qinghe-nyj", 2023).figures;
  copied.problems.push("copied");
  // A title without a year.
  const yearless = report("qinghe-mzj", 2022);
  yearless.title = "清河县民政局政府信息公开工作年度报告";
  yearless.problems.push("year-less-title");
  // Behind robots.txt: the crawler must not fetch it.
  const hidden = report("qinghe-wjj", 2020);
  hidden.path = `/internal/ndbg/${hidden.year + 1}/t_${hidden.year}.html`;
  hidden.problems.push("behind-robots");
  // An attachment link that is dead (an HTML error page served with 200) beside a good HTML report.
  report("linjiang-jyj", 2021).problems.push("dead-attachment");
  // No publish date anywhere: no meta tag, no 发布日期 in the page's header table, no date beside
  // its link on the column, no date under the signature. Only the crawler's first sight of it.
  report("linjiang-scj", 2021).problems.push("undated");

  // Legacy-era seed reports, served as text pages of their agencies.
  const seedFiles: [string, number, string, string][] = [
    ["jilin-mzj", 2015, "000_ad97968e123bbae8.txt", "2016-01-15"],
    ["lingyuan-city", 2013, "001_c30767c77fd7db29.txt", "2014-01-20"],
    ["changzhi-mzj", 2017, "002_4f5ee346c1dc28ae.txt", "2018-02-08"],
    ["wuyuan-mzj", 2020, "003_0728df078b1b9443.txt", "2021-01-26"],
    ["longling-mzj", 2016, "004_a9779d5d28e6cc83.txt", "2016-12-30"],
  ];
  for (const [agencyId, year, file, publishDate] of seedFiles) {
    reports.push({
      agencyId,
      year,
      title: `${byId(agencyId).name}${year}年政府信息公开工作年度报告`,
      publishDate,
      format: "legacy",
      kind: "seed-text",
      path: `/xxgk/gknb/${year + 1}/${file.slice(0, 3)}.html`,
      figures: {},
      problems: [],
      file,
    });
  }
  // The corpus PDF: the article only points at it; it is served as application/octet-stream.
  reports.push({
    agencyId: "huaian-city",
    year: 2024,
    title: "淮安市人民政府2024年政府信息公开工作年度报告",
    publishDate: "2025-01-24",
    format: "2021",
    kind: "pdf-attachment",
    path: "/art/2025/1/24/art_16720_4827412.html",
    figures: {},
    problems: [],
    file: "huaian-city-2024.pdf",
    attachmentName: "5b1e9c0e4f.pdf",
  });
  // A scanned report: 临江市财政局's 2023 report as generated (its figures are the world's), printed,
  // signed and sealed, and published as a scan of the paper copy (a PDF of page images, no text
  // layer). fixtures/linjiang-czj-2023-scan.pdf is made by scripts/make-scanned-fixture.mjs.
  const scan = report("linjiang-czj", 2023);
  Object.assign(scan, {
    kind: "pdf-attachment",
    siteTitle: `${scan.title}（扫描件）`,
    scanned: true,
    file: "linjiang-czj-2023-scan.pdf",
    attachmentName: "a3d7f20c61.pdf",
  } satisfies Partial<SampleReport>);

  const lookAlikes: LookAlike[] = [];
  for (const agency of agencies.filter((a) => a.style !== "legacy")) {
    lookAlikes.push(
      {
        agencyId: agency.id,
        title: `${agency.name}2024年政务公开工作要点`,
        date: "2024-03-20",
        path: `${agency.columnPath.replace(/[^/]*$/, "")}202403/t20240320_11.html`,
      },
      {
        agencyId: agency.id,
        title: `${agency.name}2023年部门决算`,
        date: "2024-07-30",
        path: `${agency.columnPath.replace(/[^/]*$/, "")}202407/t20240730_12.html`,
      },
      {
        agencyId: agency.id,
        title: `${agency.name}2023年政府网站工作年度报表`,
        date: "2024-01-15",
        path: `${agency.columnPath.replace(/[^/]*$/, "")}202401/t20240115_13.html`,
      },
    );
  }
  // A department column republishing its government's report: not the department's own.
  lookAlikes.push({
    agencyId: "linjiang-mzj",
    title: "临江市人民政府2023年政府信息公开工作年度报告",
    date: "2024-03-25",
    path: "/zwgk/ndbg/202403/t20240325_21.html",
  });
  return { agencies, reports, lookAlikes };
}
