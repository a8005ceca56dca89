import type { Exporter } from "./exporter.js";

/**
 * A JSON array of records (objects keyed by column), one record per line: a whole-file JSON parser
 * reads it, and so does a line reader once it drops the brackets and trailing commas.
 */
export const jsonLinesExporter: Exporter = {
  extension: "json",
  start(columns) {
    // `{"a":`, `,"b":`…: each column's name as it opens its member of a record.
    const keys = columns.map((c, i) => `${i === 0 ? "{" : ","}${JSON.stringify(c)}:`);
    let records = 0;
    return {
      header: () => "[",
      record(cells) {
        // The same as JSON.stringify of the record, without building it (millions of records).
        let record = "";
        for (let i = 0; i < keys.length; i++) record += `${keys[i]}${JSON.stringify(cells[i] ?? null)}`;
        return `${records++ === 0 ? "\n" : ",\n"}${record}}`;
      },
      footer: () => "\n]\n",
    };
  },
};
