import * as cheerio from "cheerio";

export interface LinkCandidate {
  url: string;
  /** The full title: `a[title]`, else the link text (often truncated with …). */
  title: string;
  /** A date printed next to the link (YYYY-MM-DD), if any. */
  date: string | null;
}

export interface NextRequest {
  url: string;
  method: "GET" | "POST";
}

const DATE = /((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})/;

function isoDate(text: string): string | null {
  const m = DATE.exec(text);
  return m ? `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}` : null;
}

function resolve(href: string, base: string): string | null {
  const h = href.trim();
  if (!h || /^(javascript:|mailto:|tel:|#)/i.test(h)) return null;
  try {
    const url = new URL(h, base);
    url.hash = "";
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

function anchorsIn($: cheerio.CheerioAPI, base: string, out: LinkCandidate[]) {
  $("a").each((_, el) => {
    const a = $(el);
    const href = a.attr("href") ?? "";
    const onclick = a.attr("onclick") ?? "";
    const target =
      resolve(href, base) ??
      resolve(/(?:window\.open|go)\(\s*(?:this\s*,\s*)?["']([^"']+)["']/.exec(onclick)?.[1] ?? "", base);
    if (!target) return;
    const title = (a.attr("title") ?? "").trim() || a.text().replace(/\s+/g, " ").trim();
    const container = a.closest("li, tr, dd, p, div");
    out.push({ url: target, title, date: isoDate(container.length ? container.text() : a.parent().text()) });
  });
}

/**
 * Links wherever the page source holds them: the DOM, HTML inside CDATA or script templates
 * (Hanweb's datastore), and onclick handlers. Deduplicated by URL, first title wins.
 */
export function findLinks(html: string, baseUrl: string): LinkCandidate[] {
  const out: LinkCandidate[] = [];
  const $ = cheerio.load(html);
  anchorsIn($, baseUrl, out);
  const embedded = [
    ...html.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g),
    ...html.matchAll(
      /<script[^>]+type=["']text\/(?:html|template|x-template)["'][^>]*>([\s\S]*?)<\/script>/gi,
    ),
  ];
  for (const m of embedded) {
    if (/<a\s/i.test(m[1]!)) anchorsIn(cheerio.load(m[1]!), baseUrl, out);
  }
  const seen = new Map<string, LinkCandidate>();
  for (const link of out) {
    const prev = seen.get(link.url);
    if (!prev) seen.set(link.url, link);
    else if (link.title.length > prev.title.length && !link.title.endsWith("…"))
      seen.set(link.url, { ...link, date: link.date ?? prev.date });
  }
  return [...seen.values()];
}

const NEXT_TEXT = /^(下一页|下页|后页|尾页|末页|next|>|›|»|>>)$/i;

/** Further list pages: TRS createPageHTML, next/last links, ?page=N, Hanweb's data proxy, JSON APIs. */
export function findPagination(
  html: string,
  pageUrl: string,
  links: readonly LinkCandidate[],
): NextRequest[] {
  const out: NextRequest[] = [];
  const add = (url: string | null, method: "GET" | "POST" = "GET") => {
    if (url && url !== pageUrl && !out.some((r) => r.url === url)) out.push({ url, method });
  };
  const trs = /createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*["']([\w-]+)["']\s*,\s*["'](\w+)["']/.exec(html);
  if (trs) {
    const count = Math.min(Number(trs[1]), 500);
    // The current page (createPageHTML's second argument) is this page, whatever URL reached it.
    const current = Number(trs[2]);
    for (let i = 0; i < count; i++)
      if (i !== current) add(resolve(i === 0 ? `${trs[3]}.${trs[4]}` : `${trs[3]}_${i}.${trs[4]}`, pageUrl));
  }
  for (const link of links) {
    if (NEXT_TEXT.test(link.title.trim())) add(link.url);
  }
  const current = new URL(pageUrl);
  for (const link of links) {
    const u = new URL(link.url);
    if (u.pathname === current.pathname && /^\d+$/.test(u.searchParams.get("page") ?? "")) add(link.url);
  }
  const proxy = /proxyUrl\s*:\s*["']([^"']+)["']/.exec(html);
  const total = /totalRecord\s*:\s*(\d+)/.exec(html);
  const perPage = /perPage\s*:\s*(\d+)/.exec(html);
  const column = /columnId\s*:\s*["']?(\d+)/.exec(html);
  if (proxy && total && perPage) {
    const per = Math.max(1, Number(perPage[1]));
    for (let start = per + 1; start <= Math.min(Number(total[1]), 20_000); start += per) {
      const params = new URLSearchParams({
        startrecord: String(start),
        endrecord: String(start + per - 1),
        perpage: String(per),
      });
      if (column) params.set("columnid", column[1]!);
      add(resolve(`${proxy[1]}?${params}`, pageUrl), "POST");
    }
  }
  for (const m of html.matchAll(/["'](\/[\w/.-]*\/api\/[\w/.-]+)["']/g)) {
    add(resolve(`${m[1]}?page=1`, pageUrl));
  }
  return out;
}

/** Records of a JSON list API: arrays of objects with a title and a URL, plus the next page. */
export function readJsonList(body: string, apiUrl: string): { links: LinkCandidate[]; next: string | null } {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return { links: [], next: null };
  }
  const root = data as Record<string, unknown>;
  const list = ["articles", "data", "list", "records", "items", "rows"]
    .map((k) => root[k])
    .find(Array.isArray) as Record<string, unknown>[] | undefined;
  if (!list) return { links: [], next: null };
  const links: LinkCandidate[] = [];
  for (const item of list) {
    const title = String(item.title ?? item.name ?? "");
    const href = String(item.url ?? item.href ?? item.link ?? "");
    const url = resolve(href, apiUrl);
    if (!url || !title) continue;
    const date = isoDate(String(item.date ?? item.publish_date ?? item.pubDate ?? ""));
    links.push({ url, title, date });
  }
  const u = new URL(apiUrl);
  const page = Number(u.searchParams.get("page") ?? 1);
  const total = Number(root.total ?? root.totalCount ?? NaN);
  const more = links.length > 0 && (!Number.isFinite(total) || page * links.length < total);
  if (!more) return { links, next: null };
  u.searchParams.set("page", String(page + 1));
  return { links, next: u.toString() };
}

const ATTACHMENT_EXT = /\.(pdf|docx?|wps|xlsx?|rtf)(?:$|[?#])/i;

/** Attachments of an article: file links, download scripts (name in showname or link text), embeds, viewers. */
export function findAttachments(html: string, pageUrl: string): LinkCandidate[] {
  const $ = cheerio.load(html);
  const out: LinkCandidate[] = [];
  const push = (url: string | null, title: string) => {
    if (url && !out.some((o) => o.url === url)) out.push({ url, title, date: null });
  };
  $("a").each((_, el) => {
    const a = $(el);
    const href = a.attr("href") ?? "";
    const text = a.text().replace(/\s+/g, " ").trim();
    const url = resolve(href, pageUrl);
    if (!url) {
      const opened = /window\.open\(\s*["']([^"']+)["']/.exec(a.attr("onclick") ?? "")?.[1];
      if (opened && ATTACHMENT_EXT.test(opened)) push(resolve(opened, pageUrl), text);
      return;
    }
    const u = new URL(url);
    const shown = u.searchParams.get("showname") ?? u.searchParams.get("filename") ?? "";
    if (
      ATTACHMENT_EXT.test(u.pathname) ||
      (/down(load|file)/i.test(u.pathname) && ATTACHMENT_EXT.test(shown || text))
    ) {
      push(url, text || shown);
    } else if (/viewer\.html$/i.test(u.pathname) && u.searchParams.get("file")) {
      push(resolve(u.searchParams.get("file")!, url), text);
    }
  });
  $("iframe[src], embed[src], object[data]").each((_, el) => {
    const src = $(el).attr("src") ?? $(el).attr("data") ?? "";
    const url = resolve(src, pageUrl);
    if (url && ATTACHMENT_EXT.test(url)) push(url, "");
  });
  return out;
}
