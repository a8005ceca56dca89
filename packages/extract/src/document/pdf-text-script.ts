/**
 * The script `mutool run` runs over a PDF (MuJS, MuPDF's JavaScript; see pdf-text.ts), its arguments
 * the file, the pages to read and the characters past which it stops. It prints one line per record,
 * tab-separated, so that nothing it prints needs more than a split to read:
 *   D <pages in the file> <the Info dictionary's Title, as JSON>
 *   R                                       (the file was damaged and MuPDF rebuilt its cross-references)
 *   P <page width> <page height>            (as displayed: its rotation applied; in points)
 *   C <character> <x> <y> <size> <font> <advance>  (a character that is not white space: its
 *                                             origin on the baseline, from the page's top left)
 *   X                                       (more characters than the limit: the rest is not read)
 *   E                                       (the end)
 * White space is left out: the reader places words by the gaps between characters, as pdf.js did.
 */
export const PDF_TEXT_SCRIPT = `
var doc = new Document(scriptArgs[0]);
var maxPages = parseInt(scriptArgs[1], 10);
var maxChars = parseInt(scriptArgs[2], 10);
var pages = doc.countPages();
print("D\\t" + pages + "\\t" + JSON.stringify(doc.getMetaData("info:Title") || ""));
if (doc.wasRepaired && doc.wasRepaired()) print("R");
var chars = 0;
// Compiled once: a literal in the callback is compiled again at every character (a quarter of the time).
var SPACE = /^\\s*$/;
for (var p = 0; p < Math.min(pages, maxPages); p++) {
  var page = doc.loadPage(p);
  var bounds = page.bound();
  var out = ["P\\t" + (bounds[2] - bounds[0]) + "\\t" + (bounds[3] - bounds[1])];
  page.toStructuredText("inhibit-spaces").walk({
    onChar: function (c, origin, font, size, quad) {
      if (SPACE.test(c)) return;
      // Past the limit nothing more is kept: the walk of the page cannot be stopped, only made cheap.
      if (++chars > maxChars) return;
      out.push("C\\t" + c + "\\t" + origin[0] + "\\t" + origin[1] + "\\t" + size + "\\t" + font.getName() + "\\t" + (quad[2] - quad[0]));
    }
  });
  if (chars > maxChars) {
    print("X");
    quit();
  }
  print(out.join("\\n"));
}
print("E");
`;
