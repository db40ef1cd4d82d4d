/**
 * Renders the handlebars templates over the view model. Templates are compiled once, with
 * `noEscape` (HTML escaping is wrong for code; values are escaped per context in the view
 * model) and `strict` (a misspelt field fails instead of printing nothing).
 */
import Handlebars from 'handlebars';
import { TEMPLATE_SOURCES as SOURCES, type TemplateName } from './templates.js';

let compiled: Record<TemplateName, Handlebars.TemplateDelegate> | undefined;

export function render(name: TemplateName, view: object): string {
  if (!compiled) {
    const hbs = Handlebars.create();
    compiled = Object.fromEntries(
      Object.entries(SOURCES).map(([key, source]) => [key, hbs.compile(source, { noEscape: true, strict: true, preventIndent: true })]),
    ) as Record<TemplateName, Handlebars.TemplateDelegate>;
  }
  return normalise(compiled[name](view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false }));
}

/** LF only, no trailing whitespace, exactly one final newline. */
export function normalise(text: string): string {
  return `${text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
