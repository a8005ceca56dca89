import type { ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback-server.js";
import { registryYaml } from "./registry-yaml.js";
import { type SyntheticSites, startSyntheticSites } from "./synthetic-sites.js";

/**
 * A hostile agency site on loopback, every attack of the hostile-sites issue in one report column
 * each, served beside a well-behaved agency (a synthetic site). Its registry lists both.
 */
export interface HostileSites {
  /** The hostile site's origin (http://127.0.0.1:port). */
  origin: string;
  /** The hostile agency's id, and the well-behaved one's. */
  hostileId: string;
  goodId: string;
  /** The registry (YAML) for both agencies: loopback allowed, politeness off. */
  registryYaml(): string;
  /** Requests the hostile site answered, by attack (the first path segment). */
  hits(): Record<string, number>;
  close(): Promise<void>;
}

/** The hostile agency's report columns, one attack each (see `page`). */
export const HOSTILE_COLUMNS = [
  "flood",
  "nest",
  "attributes",
  "links",
  "pager/1.html",
  "shell/1.html",
  "busy",
  "drip",
] as const;

const REPORT = "年政府信息公开工作年度报告";
const PDF_FILLER = Buffer.alloc(256 * 1024, "0");

/**
 * What the hostile site answers:
 * - `/flood/`: 3 MB of `<` (once froze the anti-bot check for hours);
 * - `/nest/`: 200,000 unclosed `<div>`s, then one report link;
 * - `/attributes/`: links with 100 KB attributes;
 * - `/links/`: 30,000 report links in one `div`, a few to eight other loopback hosts;
 * - `/pager/N.html`: a pager without end, each page one report;
 * - `/shell/N.html`: a script redirect to the next shell, without end;
 * - `/busy/`: 429 with `Retry-After: 1`, always;
 * - `/drip/`: a body of one byte every 300 ms, without end;
 * - `/art/N.html`: an article with 200 attachments, `/files/…pdf` each 256 KB.
 */
function page(path: string, origin: string, res: ServerResponse): void {
  const html = (body: string, status = 200) => {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
    res.end(body);
  };
  const [, first = "", rest = ""] = /^\/([^/]*)\/?(.*)$/.exec(path) ?? [];
  switch (first) {
    case "robots.txt":
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("User-agent: *\nAllow: /\n");
      return;
    case "flood":
      return html("<".repeat(3 * 1024 * 1024));
    case "nest":
      return html(`${"<div>".repeat(200_000)}<a href="/art/nest.html">2023${REPORT}</a>`);
    case "attributes":
      return html(
        Array.from(
          { length: 20 },
          (_, i) => `<a href="/art/attr${i}.html" data-x="${"x".repeat(100_000)}">2023${REPORT}（${i}）</a>`,
        ).join(""),
      );
    case "links": {
      const others = Array.from(
        { length: 8 },
        (_, k) =>
          `<a href="http://127.0.0.${k + 2}:${new URL(origin).port}/art/x${k}.html">2022${REPORT}（外站${k}）</a>`,
      );
      const many = Array.from(
        { length: 30_000 },
        (_, i) => `<a href="/art/${i}.html">2023${REPORT}（${i}）</a><span>2024-01-15</span>`,
      );
      return html(`<div>${others.join("")}${many.join("")}</div>`);
    }
    case "pager": {
      const n = Number(/^(\d+)\.html$/.exec(rest)?.[1] ?? 1);
      return html(
        `<ul><li><a href="/art/p${n}.html">2023${REPORT}（第${n}页）</a> 2024-01-15</li></ul><a href="/pager/${n + 1}.html">下一页</a>`,
      );
    }
    case "shell": {
      const n = Number(/^(\d+)\.html$/.exec(rest)?.[1] ?? 1);
      return html(`<script>location.href="/shell/${n + 1}.html"</script>`);
    }
    case "busy":
      res.writeHead(429, { "retry-after": "1", "content-type": "text/plain" });
      res.end("busy");
      return;
    case "drip": {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      const timer = setInterval(() => res.write("<"), 300);
      res.on("close", () => clearInterval(timer));
      return;
    }
    case "art": {
      const id = rest.replace(/\.html$/, "");
      const files = Array.from({ length: 200 }, (_, k) => `<a href="/files/${id}-${k}.pdf">附件${k}.pdf</a>`);
      return html(`<html><body><h1>2023${REPORT}</h1><p>见附件。</p>${files.join("<br>")}</body></html>`);
    }
    case "files":
      res.writeHead(200, { "content-type": "application/pdf" });
      res.end(Buffer.concat([Buffer.from("%PDF-1.4\n"), PDF_FILLER, Buffer.from("\n%%EOF\n")]));
      return;
    default:
      return html("<p>not found</p>", 404);
  }
}

/** Starts the hostile site and a well-behaved agency's site beside it. */
export async function startHostileSites(): Promise<HostileSites> {
  const hits: Record<string, number> = {};
  let origin = "";
  const hostile = await listenOnLoopback((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const first = /^\/([^/]*)/.exec(path)?.[1] ?? "";
    hits[first] = (hits[first] ?? 0) + 1;
    page(path, origin, res);
  });
  origin = hostile.origin;
  let good: SyntheticSites;
  try {
    good = await startSyntheticSites({ count: 1, hosts: 1 });
  } catch (error) {
    await hostile.close();
    throw error;
  }
  const goodAgency = good.agencies[0]!;
  return {
    origin,
    hostileId: "hostile",
    goodId: goodAgency.id,
    registryYaml: () =>
      registryYaml({
        comment: "A hostile agency site beside a well-behaved one (loopback).",
        agencies: [
          {
            id: "hostile",
            name: "恶意测试局",
            regionCode: "110000",
            level: "department",
            listUrls: HOSTILE_COLUMNS.map((c) => `${origin}/${c}${c.includes(".") ? "" : "/"}`),
          },
          {
            id: goodAgency.id,
            name: goodAgency.name,
            regionCode: goodAgency.regionCode,
            level: goodAgency.level,
            listUrls: [`${good.origins[0]}${goodAgency.columnPath}`],
          },
        ],
      }),
    hits: () => ({ ...hits }),
    close: async () => {
      await Promise.all([hostile.close(), good.close()]);
    },
  };
}
