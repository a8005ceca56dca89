import { STATUS_CODES, request as httpRequest } from "node:http";
import { type AddressInfo, type Socket, createServer } from "node:net";

/**
 * What a misbehaving host does to one request: the network failures of the field guide's
 * "Obstacles". They are played on the raw socket, where a server may lie about Content-Length,
 * stop mid-body or reset, which node:http would not let it do.
 */
export const FAULT_KINDS = {
  hang: "accepts the request and never answers",
  "stall-after-headers": "sends the status line and headers, then nothing",
  "reset-in-headers": "sends part of the headers, then resets the connection",
  "reset-in-body": "sends the headers and half the body, then resets the connection",
  truncate: "declares the whole body's Content-Length, sends half, then closes",
  "short-length": "declares half the body's Content-Length, sends all of it, then closes",
  "chunked-cut": "sends half the body as one chunk, then closes without the last chunk",
  drip: "declares the whole body, then sends one byte per drip interval",
  "redirect-loop": "redirects to a page that redirects back",
  "http-500": "answers 500 Internal Server Error",
  "http-502": "answers 502 Bad Gateway",
  "http-503": "answers 503 Service Unavailable",
} as const;

export type FaultKind = keyof typeof FAULT_KINDS;

export interface FaultRule {
  /** The requests the rule covers: a request target (`/zwgk/ndbg/?page=2`) or a pattern tested on it. */
  path: string | RegExp;
  /** What the n-th request the rule covers gets; requests past the end are passed through unharmed. */
  schedule: readonly FaultKind[];
}

export interface FaultProxyOptions {
  /** The site behind the proxy, e.g. `http://127.0.0.1:28401`. */
  upstream: string;
  /** The first rule whose path matches a request decides for it. */
  rules: readonly FaultRule[];
  /** Gap between two bytes of a drip. Default 50 ms. */
  dripIntervalMs?: number;
}

export interface InjectedFault {
  /** The request target that got the fault. */
  path: string;
  kind: FaultKind;
  /** Body bytes the answer declared (Content-Length), for the faults that declare one. */
  declaredBytes: number | null;
  /** Body bytes sent before the connection was closed or reset, for the faults that stop early. */
  sentBytes: number | null;
}

export interface FaultProxy {
  /** Where to send requests instead of the upstream, e.g. `http://127.0.0.1:41235`. */
  origin: string;
  /** The faults played so far, in order. */
  injected(): InjectedFault[];
  /** Faults scheduled but not yet played. */
  remaining(): number;
  /** Every request, in arrival order: `GET /path 200` or `GET /path truncate`. */
  log(): string[];
  close(): Promise<void>;
}

interface ProxiedRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body: Buffer;
}

interface UpstreamAnswer {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

/** Where a redirect loop sends the client: this answers with a redirect back to `?to=`. */
const LOOP_PATH = "/__fault-loop__";
const MAX_HEAD_BYTES = 64 * 1024;
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host"]);
// A fault needs a body to spoil: the upstream is asked without validators so it never answers 304.
const CONDITIONAL = new Set(["if-none-match", "if-modified-since"]);

/**
 * A loopback proxy in front of one site that misbehaves on a fixed schedule counted in requests,
 * never in time, so a crawl against it fails the same way on every run of the test.
 *
 * ```ts
 * const proxy = await startFaultProxy({
 *   upstream: sites.origins.get("linjiang-mzj")!,
 *   rules: [{ path: "/zwgk/ndbg/index_1.html", schedule: ["http-503", "truncate"] }],
 * });
 * // proxy.origin serves the site; the list's second page fails twice, then works.
 * proxy.injected(); // [{ path: "/zwgk/ndbg/index_1.html", kind: "http-503", … }, …]
 * ```
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new URL(options.upstream);
  const dripIntervalMs = options.dripIntervalMs ?? 50;
  const served = options.rules.map(() => 0);
  const injected: InjectedFault[] = [];
  const log: string[] = [];
  const sockets = new Set<Socket>();

  const forward = (req: ProxiedRequest, fresh: boolean): Promise<UpstreamAnswer> =>
    new Promise((resolve, reject) => {
      const headers = Object.fromEntries(
        req.headers.filter(([name]) => !HOP_BY_HOP.has(name) && !(fresh && CONDITIONAL.has(name))),
      );
      const outgoing = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.target,
          headers: { ...headers, host: upstream.host },
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const pairs: [string, string][] = [];
            for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
              const name = res.rawHeaders[i]!.toLowerCase();
              if (!HOP_BY_HOP.has(name)) pairs.push([name, res.rawHeaders[i + 1]!]);
            }
            resolve({ status: res.statusCode ?? 502, headers: pairs, body: Buffer.concat(chunks) });
          });
          res.on("error", reject);
        },
      );
      outgoing.on("error", reject);
      outgoing.end(req.body);
    });

  const play = async (socket: Socket, req: ProxiedRequest, kind: FaultKind): Promise<InjectedFault> => {
    const fault: InjectedFault = { path: req.target, kind, declaredBytes: null, sentBytes: null };
    switch (kind) {
      case "hang":
        return fault;
      case "reset-in-headers":
        socket.write("HTTP/1.1 200 OK\r\nContent-Ty", () => socket.resetAndDestroy());
        return fault;
      case "http-500":
      case "http-502":
      case "http-503": {
        const status = Number(kind.slice(5));
        const body = Buffer.from(`<h1>${status} ${STATUS_CODES[status]}</h1>`);
        socket.end(Buffer.concat([head(status, [["content-type", "text/html"]], body.length), body]));
        return fault;
      }
      case "redirect-loop": {
        const location = `${LOOP_PATH}?to=${encodeURIComponent(req.target)}`;
        socket.end(head(302, [["location", location]], 0));
        return fault;
      }
    }
    const answer = await forward(req, true);
    const { body } = answer;
    const half = body.subarray(0, Math.floor(body.length / 2));
    switch (kind) {
      case "stall-after-headers":
        socket.write(head(answer.status, answer.headers, body.length));
        return { ...fault, declaredBytes: body.length, sentBytes: 0 };
      case "reset-in-body":
        socket.write(Buffer.concat([head(answer.status, answer.headers, body.length, false), half]), () =>
          socket.resetAndDestroy(),
        );
        return { ...fault, declaredBytes: body.length, sentBytes: half.length };
      case "truncate":
        socket.end(Buffer.concat([head(answer.status, answer.headers, body.length, false), half]));
        return { ...fault, declaredBytes: body.length, sentBytes: half.length };
      case "short-length":
        socket.end(Buffer.concat([head(answer.status, answer.headers, half.length), body]));
        return { ...fault, declaredBytes: half.length, sentBytes: body.length };
      case "chunked-cut": {
        const chunk = Buffer.concat([
          Buffer.from(`${half.length.toString(16)}\r\n`),
          half,
          Buffer.from("\r\n"),
        ]);
        socket.end(Buffer.concat([head(answer.status, answer.headers, "chunked", false), chunk]));
        return { ...fault, sentBytes: half.length };
      }
      case "drip": {
        socket.write(head(answer.status, answer.headers, body.length));
        let sent = 0;
        const timer = setInterval(() => {
          if (sent < body.length) return void socket.write(body.subarray(sent, ++sent));
          clearInterval(timer);
          socket.end();
        }, dripIntervalMs);
        socket.on("close", () => clearInterval(timer));
        return { ...fault, declaredBytes: body.length };
      }
    }
  };

  const answer = async (socket: Socket, req: ProxiedRequest) => {
    if (req.target.startsWith(`${LOOP_PATH}?`)) {
      const back = new URL(req.target, "http://loop").searchParams.get("to") ?? "/";
      socket.end(head(302, [["location", back]], 0));
      log.push(`${req.method} ${req.target} 302`);
      return;
    }
    const rule = options.rules.findIndex((r) =>
      typeof r.path === "string" ? r.path === req.target : r.path.test(req.target),
    );
    const kind = rule >= 0 ? options.rules[rule]!.schedule[served[rule]!++] : undefined;
    if (kind) {
      injected.push(await play(socket, req, kind));
      log.push(`${req.method} ${req.target} ${kind}`);
      return;
    }
    const { status, headers, body } = await forward(req, false);
    const bodyless = req.method === "HEAD" || status === 204 || status === 304;
    socket.end(
      bodyless ? head(status, headers, null) : Buffer.concat([head(status, headers, body.length), body]),
    );
    log.push(`${req.method} ${req.target} ${status}`);
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    // Clients time out and reset on purpose here; a socket error is part of the game.
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    void readRequest(socket)
      .then((req) => (req ? answer(socket, req) : void socket.destroy()))
      .catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });

  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    injected: () => [...injected],
    remaining: () =>
      options.rules.reduce((sum, r, i) => sum + Math.max(0, r.schedule.length - served[i]!), 0),
    log: () => [...log],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A response head. It says the connection closes after the response (one request per connection keeps
 * the counting simple), except for a server that dies mid-response: that one had promised keep-alive.
 */
function head(
  status: number,
  headers: readonly [string, string][],
  length: number | "chunked" | null,
  announceClose = true,
): Buffer {
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}`];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  if (length === "chunked") lines.push("transfer-encoding: chunked");
  else if (length !== null) lines.push(`content-length: ${length}`);
  if (announceClose) lines.push("connection: close");
  lines.push("", "");
  return Buffer.from(lines.join("\r\n"), "latin1");
}

/** Reads one request (head and Content-Length body) off the socket; null if the client went away first. */
function readRequest(socket: Socket): Promise<ProxiedRequest | null> {
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    const finish = (req: ProxiedRequest | null) => {
      socket.off("data", onData);
      socket.off("close", onClose);
      resolve(req);
    };
    const onClose = () => finish(null);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf("\r\n\r\n");
      if (end < 0) {
        if (buffered.length > MAX_HEAD_BYTES) finish(null);
        return;
      }
      const [requestLine = "", ...lines] = buffered.subarray(0, end).toString("latin1").split("\r\n");
      const headers = lines.map((line): [string, string] => {
        const colon = line.indexOf(":");
        return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
      });
      const length = Number(headers.find(([name]) => name === "content-length")?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      const [method = "GET", target = "/"] = requestLine.split(" ");
      finish({ method, target, headers, body: buffered.subarray(end + 4, end + 4 + length) });
    };
    socket.on("data", onData);
    socket.on("close", onClose);
  });
}
