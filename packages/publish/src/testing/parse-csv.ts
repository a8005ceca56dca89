/**
 * Parses CSV text as RFC 4180 reads it (quoted fields with `""`, CRLF or LF line ends, a leading
 * UTF-8 BOM dropped): the records, a list of fields each. For the tests, to read back what the CSV
 * exporter wrote without trusting its own quoting.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.startsWith("\ufeff") ? 1 : 0;
  const endField = () => {
    record.push(field);
    field = "";
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") endField();
    else if (c === "\n" || (c === "\r" && text[i + 1] === "\n")) {
      if (c === "\r") i++;
      endField();
      records.push(record);
      record = [];
    } else field += c;
  }
  if (quoted) throw new Error("CSV: a quoted field is not closed");
  if (field !== "" || record.length > 0) {
    endField();
    records.push(record);
  }
  return records;
}
