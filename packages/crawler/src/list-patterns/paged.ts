import { type ListPattern, getRequests } from "./list-pattern.js";

/** Lists paged by a query parameter on the same path: `?page=2`, `?page=3` (numbered pager links). */
export const pagedPattern: ListPattern = {
  name: "paged",
  findNext(page) {
    const path = new URL(page.url).pathname;
    return getRequests(
      page.links
        .filter((link) => {
          const u = new URL(link.url);
          return u.pathname === path && /^\d+$/.test(u.searchParams.get("page") ?? "");
        })
        .map((l) => l.url),
    );
  },
};
