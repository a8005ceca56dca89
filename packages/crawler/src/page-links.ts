import * as cheerio from "cheerio";
import { dateInText } from "./list-dates.js";

export interface LinkCandidate {
  url: string;
  /** The full title: `a[title]`, else the link text (often truncated with …). */
  title: string;
  /** A date printed next to the link (YYYY-MM-DD), if any. */
  date: string | null;
}

/** An href resolved against its page, without its fragment; null unless it is an http(s) URL. */
export function resolveLink(href: string, base: string): string | null {
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
      resolveLink(href, base) ??
      resolveLink(/(?:window\.open|go)\(\s*(?:this\s*,\s*)?["']([^"']+)["']/.exec(onclick)?.[1] ?? "", base);
    if (!target) return;
    const title = (a.attr("title") ?? "").trim() || a.text().replace(/\s+/g, " ").trim();
    const container = a.closest("li, tr, dd, p, div");
    out.push({
      url: target,
      title,
      date: dateInText(container.length ? container.text() : a.parent().text()),
    });
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
  return mergeLinks(out);
}

/**
 * One link per URL, in first-seen order: a later copy replaces the title only when it is longer and
 * not cut short with …, keeping a date either copy had.
 */
export function mergeLinks(links: Iterable<LinkCandidate>): LinkCandidate[] {
  const seen = new Map<string, LinkCandidate>();
  for (const link of links) {
    const prev = seen.get(link.url);
    if (!prev) seen.set(link.url, link);
    else if (link.title.length > prev.title.length && !link.title.endsWith("…"))
      seen.set(link.url, { ...link, date: link.date ?? prev.date });
  }
  return [...seen.values()];
}

const ATTACHMENT_EXT = /\.(pdf|docx?|wps|xlsx?|rtf)(?:$|[?#])/i;

/** Whether a URL names a report file (PDF, DOC, DOCX, WPS, XLS, RTF) rather than a page. */
export function isAttachmentUrl(url: string): boolean {
  return ATTACHMENT_EXT.test(url);
}

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
    const url = resolveLink(href, pageUrl);
    if (!url) {
      const opened = /window\.open\(\s*["']([^"']+)["']/.exec(a.attr("onclick") ?? "")?.[1];
      if (opened && ATTACHMENT_EXT.test(opened)) push(resolveLink(opened, pageUrl), text);
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
      push(resolveLink(u.searchParams.get("file")!, url), text);
    }
  });
  $("iframe[src], embed[src], object[data]").each((_, el) => {
    const src = $(el).attr("src") ?? $(el).attr("data") ?? "";
    const url = resolveLink(src, pageUrl);
    if (url && ATTACHMENT_EXT.test(url)) push(url, "");
  });
  return out;
}
