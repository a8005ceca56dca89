import { type LinkCandidate, MAX_LINKS_READ, isAttachmentUrl, resolveLink } from "./page-links.js";
import { mayHoldAttachments } from "./attachment-precheck.js";
import { capNesting } from "./nesting-cap.js";
import { PageImageReader } from "./page-images.js";
import { type PageVisitor, walkCappedPage } from "./page-walk.js";

/** Where an embed names its file: an iframe or embed by its src, an object by its data. */
const EMBED_SOURCE: Readonly<Record<string, string>> = { iframe: "src", embed: "src", object: "data" };

/** A link, in the order it opened: its text is what the page holds until it closes. */
interface Link {
  href: string;
  onclick: string;
  text: string;
}

/**
 * Reads an article's attachments as it is walked: file links, download scripts (the name in
 * showname or the link text), embeds and viewers. Links are read up to MAX_LINKS_READ; embeds come
 * after every link, as each is found once.
 */
class AttachmentReader implements PageVisitor {
  /** Per open element, the link it opened (null for any other element). */
  private readonly open_: ({ link: Link; from: number } | null)[] = [];
  /** Text read while a link is open (links never nest once capped, but a DOM would allow it). */
  private linkText: string[] = [];
  private openLinks = 0;
  private readonly links: Link[] = [];
  private readonly embeds: string[] = [];
  /** Links opened, the ones beyond MAX_LINKS_READ included. */
  read = 0;

  open(name: string, attributes: Readonly<Record<string, string>>): void {
    let opened: { link: Link; from: number } | null = null;
    if (name === "a" && ++this.read <= MAX_LINKS_READ) {
      const link = { href: attributes.href ?? "", onclick: attributes.onclick ?? "", text: "" };
      this.links.push(link);
      opened = { link, from: this.linkText.length };
      this.openLinks++;
    }
    this.open_.push(opened);
    const source = EMBED_SOURCE[name];
    const src = source === undefined ? undefined : attributes[source];
    if (src !== undefined) this.embeds.push(src);
  }

  close(): void {
    const opened = this.open_.pop();
    if (!opened) return;
    opened.link.text = this.linkText.slice(opened.from).join("");
    if (--this.openLinks === 0) this.linkText = [];
  }

  text(data: string): void {
    if (this.openLinks > 0) this.linkText.push(data);
  }

  /** The attachments, in document order of the links that name them, then of the embeds. */
  attachments(pageUrl: string): LinkCandidate[] {
    const out: LinkCandidate[] = [];
    const seen = new Set<string>();
    const push = (url: string | null, title: string) => {
      if (!url || seen.has(url)) return;
      seen.add(url);
      out.push({ url, title, date: null });
    };
    for (const { href, onclick, text: raw } of this.links) {
      const text = raw.replace(/\s+/g, " ").trim();
      const url = resolveLink(href, pageUrl);
      if (!url) {
        const opened = /window\.open\(\s*["']([^"']+)["']/.exec(onclick)?.[1];
        if (opened && isAttachmentUrl(opened)) push(resolveLink(opened, pageUrl), text);
        continue;
      }
      const u = new URL(url);
      const shown = u.searchParams.get("showname") ?? u.searchParams.get("filename") ?? "";
      if (
        isAttachmentUrl(u.pathname) ||
        (/down(load|file)/i.test(u.pathname) && isAttachmentUrl(shown || text))
      ) {
        push(url, text || shown);
      } else if (/viewer\.html$/i.test(u.pathname) && u.searchParams.get("file")) {
        push(resolveLink(u.searchParams.get("file")!, url), text);
      }
    }
    for (const src of this.embeds) {
      const url = resolveLink(src, pageUrl);
      if (url && isAttachmentUrl(url)) push(url, "");
    }
    return out;
  }
}

/** Attachments of an article: file links, download scripts (name in showname or link text), embeds, viewers. */
export function findAttachments(html: string, pageUrl: string): LinkCandidate[] {
  return readAttachments(html, pageUrl).attachments;
}

/**
 * findAttachments, and whether the page had more links than MAX_LINKS_READ (the rest were not read);
 * and the article's page images when its body is the report's scanned pages (see PageImageReader).
 * One walk of the page reads both, and none an article that cannot hold either (mayHoldAttachments:
 * most articles attach nothing).
 */
export function readAttachments(html: string, pageUrl: string): ArticleReading {
  const page = capNesting(html);
  if (!mayHoldAttachments(page, pageUrl)) return { attachments: [], pageImages: [], capped: false };
  return walkArticle(page, pageUrl);
}

/** What readAttachments reads from an article. */
export interface ArticleReading {
  attachments: LinkCandidate[];
  pageImages: LinkCandidate[];
  capped: boolean;
}

/** readAttachments of a page through capNesting, walked whatever mayHoldAttachments says of it. */
export function walkArticle(page: string, pageUrl: string): ArticleReading {
  const attachments = new AttachmentReader();
  const images = new PageImageReader(pageUrl);
  walkCappedPage(page, [attachments, images]);
  return {
    attachments: attachments.attachments(pageUrl),
    pageImages: images.pageImages(),
    capped: attachments.read > MAX_LINKS_READ,
  };
}
