import { resolveLink } from "../page-links.js";
import type { ListPattern, NextRequest } from "./list-pattern.js";

/** Records past which a column is not paged through (a column of reports has a few dozen). */
const MAX_RECORDS = 20_000;

/**
 * Hanweb (大汉) jpage: the column page holds the first records and a script naming the data proxy,
 * `perPage` and `totalRecord`; the other records come from POSTs to the proxy, `startrecord` to
 * `endrecord`, answered as a datastore.
 */
export const hanwebDataproxyPattern: ListPattern = {
  name: "hanweb-dataproxy",
  findNext(page) {
    const proxy = /proxyUrl\s*:\s*["']([^"']+)["']/.exec(page.text);
    const total = /totalRecord\s*:\s*(\d+)/.exec(page.text);
    const perPage = /perPage\s*:\s*(\d+)/.exec(page.text);
    const column = /columnId\s*:\s*["']?(\d+)/.exec(page.text);
    if (!proxy || !total || !perPage) return [];
    const per = Math.max(1, Number(perPage[1]));
    const out: NextRequest[] = [];
    for (let start = per + 1; start <= Math.min(Number(total[1]), MAX_RECORDS); start += per) {
      const params = new URLSearchParams({
        startrecord: String(start),
        endrecord: String(start + per - 1),
        perpage: String(per),
      });
      if (column) params.set("columnid", column[1]!);
      const url = resolveLink(`${proxy[1]}?${params}`, page.url);
      if (url) out.push({ url, method: "POST" });
    }
    return out;
  },
};
