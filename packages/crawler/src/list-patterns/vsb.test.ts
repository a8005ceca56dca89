import { describePattern } from "../testing/pattern-table.js";
import { vsbPattern } from "./vsb.js";

/** The VSB pager as sites render it: first, numbered, next and last, with the current page unlinked. */
const pager = (
  links: string,
) => `<table class="winstyle"><tr><td><a href="../info/1011/3456.htm">某局2024年政府信息公开工作年度报告</a></td></tr></table>
<div><span class="p_pages">${links}</span></div>`;

describePattern(vsbPattern, [
  {
    name: "from the first page: every numbered page (counting down) and next/last",
    url: "http://c.gov.cn/xxgk/ndbg.htm",
    page: pager(
      `<span class="p_no_d">1</span><span class="p_no"><a href="ndbg/2.htm">2</a></span><span class="p_no"><a href="ndbg/1.htm">3</a></span><span class="p_next p_fun"><a href="ndbg/2.htm">下页</a></span><span class="p_last p_fun"><a href="ndbg/1.htm">尾页</a></span>`,
    ),
    next: ["http://c.gov.cn/xxgk/ndbg/2.htm", "http://c.gov.cn/xxgk/ndbg/1.htm"],
  },
  {
    name: "from a later page: the first page and the others",
    url: "http://c.gov.cn/xxgk/ndbg/2.htm",
    page: pager(
      `<span class="p_first p_fun"><a href="../ndbg.htm">首页</a></span><span class="p_no"><a href="../ndbg.htm">1</a></span><span class="p_no_d">2</span><span class="p_no"><a href="1.htm">3</a></span>`,
    ),
    next: ["http://c.gov.cn/xxgk/ndbg.htm", "http://c.gov.cn/xxgk/ndbg/1.htm"],
  },
  {
    name: "the sample sites' pager (pb_sys_common)",
    url: "http://c.gov.cn/xxgk/ndbg.htm",
    page: `<div class="pb_sys_common">共12条 1/3 <a href="/xxgk/ndbg/2.htm" class="Next">下页</a> <a href="/xxgk/ndbg/1.htm" class="Next">尾页</a></div>`,
    next: ["http://c.gov.cn/xxgk/ndbg/2.htm", "http://c.gov.cn/xxgk/ndbg/1.htm"],
  },
  {
    name: "numbered links without a VSB pager are not pages",
    url: "http://c.gov.cn/xxgk/ndbg.htm",
    page: `<a href="ndbg/2.htm">2</a>`,
    next: [],
  },
  {
    name: "an article list under /info/ is not paged this way",
    url: "http://c.gov.cn/info/1011.htm",
    page: pager(`<span class="p_no"><a href="1011/3456.htm">2</a></span>`),
    next: [],
  },
]);
