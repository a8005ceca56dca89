/** Chinese digits as report titles write years (二〇二三年). */
const CN_DIGITS: Record<string, string> = {
  〇: "0",
  零: "0",
  "○": "0",
  O: "0",
  一: "1",
  二: "2",
  三: "3",
  四: "4",
  五: "5",
  六: "6",
  七: "7",
  八: "8",
  九: "9",
};

/** The report year named in a title: the year right before 年/年度 (2023年度…, 二〇二三年…). */
export function yearFromTitle(title: string): number | null {
  const t = title.replace(/\s+/g, "");
  const arabic = /((?:19|20)\d{2})年/.exec(t);
  if (arabic) return Number(arabic[1]);
  const chinese = /([〇零○O一二三四五六七八九]{4})年/.exec(t);
  if (chinese) {
    const year = Number([...chinese[1]!].map((c) => CN_DIGITS[c] ?? "").join(""));
    return year >= 1990 && year <= 2100 ? year : null;
  }
  return null;
}
