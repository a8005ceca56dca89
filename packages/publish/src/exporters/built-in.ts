import { csvExporter } from "./csv.js";
import type { Exporter } from "./exporter.js";
import { jsonLinesExporter } from "./json-lines.js";

/** The open data's formats, in the order their files are written: CSV, then JSON. */
export const BUILT_IN_EXPORTERS: readonly Exporter[] = [csvExporter, jsonLinesExporter];
