import { type ListPattern, getRequests } from "./list-pattern.js";

const NEXT_TEXT = /^(下一页|下页|后页|尾页|末页|next|>|›|»|>>)$/i;

/** Any CMS: a link whose text says next page (下一页, 下页, 尾页, ›, »…). */
export const nextLinkPattern: ListPattern = {
  name: "next-link",
  findNext: (page) => getRequests(page.links.filter((l) => NEXT_TEXT.test(l.title.trim())).map((l) => l.url)),
};
