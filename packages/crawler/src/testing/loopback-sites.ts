import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { Store } from "@touming/store";
import { useCleanups, useTempStore } from "@touming/testing";
import { parseRegistry } from "../registry.js";

/** One answer of a loopback test site. */
export interface Page {
  status?: number;
  /** Sent as it is: no charset added. */
  type?: string;
  /** More response headers (an `etag`). */
  headers?: Record<string, string>;
  body: string | Buffer;
}

/** A test site's pages by path and query (`/list/?page=2`); anything else is a 404. */
export type Routes = (pathAndQuery: string, req: IncomingMessage) => Page | undefined;

export interface LoopbackSite {
  origin: string;
  /** "GET /path?query", in arrival order. */
  requests: string[];
}

/** One agency of a test registry on loopback (private addresses allowed, no politeness delay). */
export interface TestAgency {
  id: string;
  name: string;
  listUrls: string[];
  /** Where the crawler starts when `listUrls` is empty: the report column is looked for from here. */
  siteUrl?: string;
  /** More crawl options, as YAML mapping entries: `allowInvalidCertificates: true`. */
  crawl?: string;
}

/** A report article page whose title the crawler recognises. */
export const article = (title: string, body = "<p>全文</p>"): Page => ({
  type: "text/html; charset=utf-8",
  body: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`,
});

/** A list page of dated links. */
export const listPage = (entries: { href: string; title: string; date: string }[], more = ""): Page => ({
  type: "text/html; charset=utf-8",
  body: `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><ul>${entries
    .map((e) => `<li><a href="${e.href}" title="${e.title}">${e.title}</a><span>${e.date}</span></li>`)
    .join("")}</ul>${more}</body></html>`,
});

/** Loopback sites and stores for one test file, closed and removed after each test. */
export function useLoopback() {
  const defer = useCleanups();
  const newStore = useTempStore();
  return {
    /** Starts a site on 127.0.0.1 (HTTPS with the given certificate). */
    site: async (routes: Routes, tls?: { cert: string; key: string }): Promise<LoopbackSite> => {
      const requests: string[] = [];
      const sockets = new Set<Socket>();
      const handler = (req: IncomingMessage, res: ServerResponse) => {
        requests.push(`${req.method} ${req.url}`);
        req.resume();
        req.on("end", () => {
          const page = routes(req.url ?? "/", req) ?? { status: 404, type: "text/plain", body: "not found" };
          const body = Buffer.isBuffer(page.body) ? page.body : Buffer.from(page.body, "utf8");
          const headers: Record<string, string> = { ...page.headers, "content-length": String(body.length) };
          if (page.type) headers["content-type"] = page.type;
          res.writeHead(page.status ?? 200, headers).end(body);
        });
      };
      const server: Server = tls ? createTlsServer(tls, handler) : createServer(handler);
      server.on("connection", (socket: Socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
      defer(async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => server.close(resolve));
      });
      const port = (server.address() as AddressInfo).port;
      return { origin: `${tls ? "https" : "http"}://127.0.0.1:${port}`, requests };
    },
    /** A fresh store in a temporary directory holding these agencies. */
    store: (agencies: TestAgency[]): Promise<Store> =>
      newStore(parseRegistry(testRegistry(agencies), "agencies.yaml").agencies),
  };
}

/** A registry of test agencies (YAML). */
export function testRegistry(agencies: TestAgency[]): string {
  const lines = [
    "version: 1",
    "defaults:",
    "  crawl: { minHostDelayMs: 0, allowPrivateAddresses: true }",
    "agencies:",
  ];
  for (const a of agencies) {
    lines.push(`  - id: ${a.id}`, `    name: ${a.name}`, '    regionCode: "339900"', "    level: department");
    if (a.siteUrl) lines.push(`    siteUrl: ${a.siteUrl}`);
    if (a.listUrls.length > 0) lines.push(`    listUrls: [${a.listUrls.join(", ")}]`);
    if (a.crawl) lines.push(`    crawl: { ${a.crawl} }`);
  }
  return `${lines.join("\n")}\n`;
}
