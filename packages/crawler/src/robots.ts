import { createRequire } from "node:module";

// robots-parser is CommonJS with `export default` typings that NodeNext cannot call; load it as CJS.
const robotsParser = createRequire(import.meta.url)("robots-parser") as (
  url: string,
  body: string,
) => { isAllowed(url: string, ua?: string): boolean | undefined };

export interface RobotsRules {
  isAllowed(url: string): boolean;
  /** Why robots.txt could not be read; until a later crawl reads it, nothing is allowed (RFC 9309). */
  unreachable?: string;
}

export const ALLOW_ALL: RobotsRules = { isAllowed: () => true };
export const DISALLOW_ALL: RobotsRules = { isAllowed: () => false };

/**
 * robots.txt as fetched: 4xx (absent) or an HTML page (a site answering every path with its home
 * page) mean no rules; a parsed file is obeyed for our user agent.
 */
export function parseRobots(
  robotsUrl: string,
  status: number,
  contentType: string | null,
  body: string,
  userAgent: string,
): RobotsRules {
  if (status >= 400 && status < 500) return ALLOW_ALL;
  if (status >= 500) return { ...DISALLOW_ALL, unreachable: `${robotsUrl}: HTTP ${status}` };
  if (/<html|<body|<!doctype/i.test(body.slice(0, 512)) || /html/i.test(contentType ?? "")) return ALLOW_ALL;
  const parsed = robotsParser(robotsUrl, body);
  return { isAllowed: (url) => parsed.isAllowed(url, userAgent) !== false };
}
