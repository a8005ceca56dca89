import { Agent, type Dispatcher } from "undici";
import { type Lookup, guardedConnector } from "./address-guard.js";

export interface HttpClientOptions {
  connectTimeoutMs: number;
  lookup?: Lookup;
  /** Connections per origin and dispatcher. Default 4. */
  connections?: number;
  /** The dial step after the address check; tests replace it so no packet leaves loopback. */
  connect?: Parameters<typeof guardedConnector>[0]["connect"];
}

/**
 * The connections of one crawl: a dispatcher per way of connecting. Private addresses are refused
 * unless the agency allows them; TLS certificates must verify unless the agency's registry entry
 * accepts invalid ones, and then each host whose certificate did not verify is remembered.
 */
export class HttpClient {
  private readonly agents = new Map<string, Agent>();
  private readonly unverified = new Map<string, string>();

  constructor(private readonly options: HttpClientOptions = { connectTimeoutMs: 10_000 }) {}

  dispatcher(allowPrivate: boolean, allowInvalidCertificates = false): Dispatcher {
    const key = `${allowPrivate}/${allowInvalidCertificates}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new Agent({
        connect: guardedConnector({
          allowPrivate,
          allowInvalidCertificates,
          connectTimeoutMs: this.options.connectTimeoutMs,
          onUnverifiedCertificate: (host, reason) => this.unverified.set(host, reason),
          ...(this.options.lookup ? { lookup: this.options.lookup } : {}),
          ...(this.options.connect ? { connect: this.options.connect } : {}),
        }),
        connections: this.options.connections ?? 4,
        keepAliveTimeout: 4_000,
      });
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** Why the certificate of a host reached with allowInvalidCertificates did not verify; null if it did. */
  unverifiedCertificate(hostname: string): string | null {
    return this.unverified.get(hostname) ?? null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.close()));
  }
}
