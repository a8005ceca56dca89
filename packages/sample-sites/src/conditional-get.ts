import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Sends an answer the way the CMSs do: a 200 carries a hash of its body as the ETag and becomes a
 * bodiless 304 when the request already holds that ETag; other statuses go out as they are.
 *
 * ```ts
 * sendWithEtag(req, res, 200, { "content-type": "text/html; charset=utf-8" }, Buffer.from(page));
 * ```
 */
export function sendWithEtag(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
): void {
  if (status === 200) {
    const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
    if (req.headers["if-none-match"] === etag) {
      const { "content-type": _type, ...kept } = headers;
      res.writeHead(304, { ...kept, etag });
      res.end();
      return;
    }
    headers = { ...headers, etag };
  }
  res.writeHead(status, { ...headers, "content-length": String(body.length) });
  res.end(req.method === "HEAD" ? undefined : body);
}
