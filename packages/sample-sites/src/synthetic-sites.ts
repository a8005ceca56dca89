import { carriedForward, generateFigures } from "./report-figures.js";
import { sendWithEtag } from "./conditional-get.js";
import { type LoopbackServer, listenOnLoopback } from "./loopback-server.js";
import { registryYaml } from "./registry-yaml.js";
import { renderReportBody } from "./report-html.js";
import { type ListEntry, articlePage, notFoundPage, trsListPage } from "./site-pages.js";
import type { SampleAgency, SampleReport } from "./world.js";

/**
 * A national-scale registry for benchmarks: any number of agencies spread over a few loopback
 * hosts, 20 per county (the county government and 19 departments under it), each with a TRS
 * report column listing its 2023 and 2024 reports. Pages are rendered on request from the agency
 * number, so the server's memory does not grow with the registry.
 */
export interface SyntheticAgency {
  id: string;
  name: string;
  regionCode: string;
  level: "county" | "department";
  parentId: string | null;
  /** The report column's path on the agency's host. */
  columnPath: string;
  /** Index into the hosts. */
  host: number;
}

export interface SyntheticSites {
  origins: string[];
  agencies: SyntheticAgency[];
  /** The registry (YAML) for these sites: loopback allowed, politeness off. */
  registryYaml(): string;
  /** Requests answered so far. */
  requests(): number;
  close(): Promise<void>;
}

export const SYNTHETIC_YEARS = [2023, 2024] as const;
const PER_COUNTY = 20;
const FIRST = [
  "安",
  "宝",
  "昌",
  "丰",
  "广",
  "河",
  "华",
  "嘉",
  "金",
  "开",
  "乐",
  "临",
  "平",
  "清",
  "仁",
  "瑞",
  "顺",
  "泰",
  "新",
  "永",
];
const SECOND = [
  "城",
  "川",
  "德",
  "东",
  "定",
  "和",
  "江",
  "康",
  "林",
  "陵",
  "宁",
  "浦",
  "山",
  "善",
  "水",
  "台",
  "阳",
  "义",
  "远",
  "州",
  "兴",
  "源",
  "兰",
  "西",
  "南",
];
const THIRD = ["", "上", "下", "中", "前", "后", "左", "右", "内", "外"];
const DEPARTMENTS = [
  "发展和改革局",
  "教育局",
  "科学技术局",
  "公安局",
  "民政局",
  "司法局",
  "财政局",
  "人力资源和社会保障局",
  "自然资源局",
  "生态环境分局",
  "住房和城乡建设局",
  "交通运输局",
  "水利局",
  "农业农村局",
  "商务局",
  "文化和旅游局",
  "卫生健康局",
  "应急管理局",
  "市场监督管理局",
];

function countyName(county: number): string {
  const a = FIRST[county % FIRST.length]!;
  const b = SECOND[Math.floor(county / FIRST.length) % SECOND.length]!;
  const c = THIRD[Math.floor(county / (FIRST.length * SECOND.length)) % THIRD.length]!;
  return `${c}${a}${b}县`;
}

/** The agencies of a synthetic registry of `count` agencies over `hosts` hosts. */
export function syntheticAgencies(count: number, hosts: number): SyntheticAgency[] {
  return Array.from({ length: count }, (_, i) => syntheticAgency(i, hosts));
}

function syntheticAgency(i: number, hosts: number): SyntheticAgency {
  const county = Math.floor(i / PER_COUNTY);
  const within = i % PER_COUNTY;
  const countyId = `syn-${String(county * PER_COUNTY).padStart(6, "0")}`;
  return {
    id: `syn-${String(i).padStart(6, "0")}`,
    name: within === 0 ? `${countyName(county)}人民政府` : `${countyName(county)}${DEPARTMENTS[within - 1]!}`,
    regionCode: String(110000 + county).padStart(6, "0"),
    level: within === 0 ? "county" : "department",
    parentId: within === 0 ? null : countyId,
    columnPath: `/a${i}/zfxxgk/ndbg/`,
    host: i % hosts,
  };
}

function asSampleAgency(agency: SyntheticAgency): SampleAgency {
  return {
    id: agency.id,
    name: agency.name,
    regionCode: agency.regionCode,
    level: agency.level,
    style: "trs",
    scale: agency.level === "county" ? 3 : 1,
    encoding: "utf-8",
    columnPath: agency.columnPath,
    registryStart: "column",
    faults: {},
  };
}

function reportsOf(agency: SampleAgency, number: number): SampleReport[] {
  const reports: SampleReport[] = [];
  let carried: number[] = [];
  for (const year of SYNTHETIC_YEARS) {
    const figures = generateFigures(agency.id, year, agency.scale, carried);
    carried = carriedForward(figures);
    // One agency in 25 publishes after the deadline.
    const late = number % 25 === 7;
    const publishDate = late
      ? `${year + 1}-03-${10 + (number % 15)}`
      : `${year + 1}-01-${10 + (number % 18)}`;
    reports.push({
      agencyId: agency.id,
      year,
      title: `${agency.name}${year}年政府信息公开工作年度报告`,
      publishDate,
      format: "2021",
      kind: "html",
      path: `${agency.columnPath}${year}/t${publishDate.replaceAll("-", "")}_${number}.html`,
      figures,
      problems: late ? ["late"] : [],
    });
  }
  return reports;
}

type Page = { status: number; body: string };

function page(path: string, hosts: number, count: number, host: number): Page {
  const m = /^\/a(\d+)\/zfxxgk\/ndbg\/(?:(index\.html)?|(\d{4})\/t\d+_\d+\.html)$/.exec(path);
  const number = m ? Number(m[1]) : -1;
  if (!m || number >= count || number % hosts !== host) return { status: 404, body: "" };
  const agency = asSampleAgency(syntheticAgency(number, hosts));
  const reports = reportsOf(agency, number);
  if (m[3] === undefined) {
    const entries: ListEntry[] = reports
      .map((r) => ({ title: r.title, date: r.publishDate, href: r.path }))
      .reverse();
    return { status: 200, body: trsListPage(agency, entries, 0) };
  }
  const report = reports.find((r) => r.path === path);
  if (!report) return { status: 404, body: notFoundPage(agency) };
  const meta = {
    title: report.title,
    publishDate: report.publishDate,
    indexNo: `${agency.regionCode}/${number}`,
  };
  return { status: 200, body: articlePage(agency, meta, renderReportBody(agency, report)) };
}

/** Starts `hosts` loopback servers that serve the report columns of `count` synthetic agencies. */
export async function startSyntheticSites(options: {
  count: number;
  hosts?: number;
}): Promise<SyntheticSites> {
  const hosts = options.hosts ?? 8;
  const servers: LoopbackServer[] = [];
  let requests = 0;
  const close = () => Promise.all(servers.map((s) => s.close())).then(() => undefined);
  try {
    for (let host = 0; host < hosts; host++) {
      servers.push(
        await listenOnLoopback(
          (req, res) => {
            requests++;
            const path = new URL(req.url ?? "/", "http://x").pathname;
            if (path === "/robots.txt") {
              res.writeHead(200, { "content-type": "text/plain" });
              res.end("User-agent: *\nDisallow: /admin/\n");
              return;
            }
            const { status, body } = page(path, hosts, options.count, host);
            sendWithEtag(
              req,
              res,
              status,
              { "content-type": "text/html; charset=utf-8" },
              Buffer.from(body, "utf8"),
            );
          },
          { keepAliveTimeoutMs: 5000 },
        ),
      );
    }
  } catch (error) {
    // A host that cannot listen: the ones already started do not stay behind.
    await close();
    throw error;
  }
  const origins = servers.map((s) => s.origin);
  const agencies = syntheticAgencies(options.count, hosts);
  return {
    origins,
    agencies,
    registryYaml: () =>
      registryYaml({
        comment: "A synthetic registry over loopback hosts (packages/sample-sites, synthetic-sites.ts).",
        hostConcurrency: 8,
        agencies: agencies.map((a) => ({
          ...a,
          parent: a.parentId,
          listUrls: [`${origins[a.host]}${a.columnPath}`],
        })),
      }),
    requests: () => requests,
    close,
  };
}
