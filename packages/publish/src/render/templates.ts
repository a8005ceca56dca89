import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { stylesheet } from "./stylesheet.js";

const dir = fileURLToPath(new URL("../../templates/", import.meta.url));

export type Template = (view: object) => string;

/** The compiled page templates, and a hash of their text (a changed template makes its pages stale). */
export interface Templates {
  card: Template;
  summary: Template;
  index: Template;
  /** The 评分细则 page of the rubric. */
  rubric: Template;
  version: string;
}

/**
 * The card, summary, index and 评分细则 templates. Every `{{value}}` is HTML-escaped by Handlebars; the only
 * triple-stash `{{{…}}}` are charts, which are built from numbers here and escape their labels.
 */
export function loadTemplates(): Templates {
  const hbs = Handlebars.create();
  // The templates' own text, hashed: a changed template makes every page it renders stale.
  const version = createHash("sha256");
  const source = (file: string) => {
    const text = readFileSync(`${dir}${file}`, "utf8");
    version.update(file).update(text);
    return text;
  };
  hbs.registerPartial("layout", source("partials/layout.hbs"));
  // The stylesheet's name is its hash: a changed stylesheet renews every page.
  source("assets/touming.css");
  hbs.registerHelper("stylesheet", () => stylesheet().path);
  const compile = (name: string): Template => hbs.compile(source(`${name}.hbs`), { strict: false });
  const templates = {
    card: compile("card"),
    summary: compile("summary"),
    index: compile("index"),
    rubric: compile("rubric"),
  };
  return { ...templates, version: version.digest("hex") };
}
