import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";

const dir = fileURLToPath(new URL("../../templates/", import.meta.url));

export type Template = (view: object) => string;

/**
 * The card, summary and index templates. Every `{{value}}` is HTML-escaped by Handlebars; the only
 * triple-stash `{{{…}}}` are charts, which are built from numbers here and escape their labels.
 */
export function loadTemplates(): { card: Template; summary: Template; index: Template } {
  const hbs = Handlebars.create();
  hbs.registerPartial("layout", readFileSync(`${dir}partials/layout.hbs`, "utf8"));
  const compile = (name: string): Template =>
    hbs.compile(readFileSync(`${dir}${name}.hbs`, "utf8"), { strict: false });
  return { card: compile("card"), summary: compile("summary"), index: compile("index") };
}
