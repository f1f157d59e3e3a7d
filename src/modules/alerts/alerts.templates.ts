import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { AlertEvent, AlertView } from './alerts.models.js';

type Compiled = Handlebars.TemplateDelegate;

/** Only Handlebars' own block helpers: templates (the operator's included) cannot call code. */
const COMPILE: CompileOptions = {
  noEscape: true,
  knownHelpersOnly: true,
  knownHelpers: { if: true, unless: true, each: true, with: true, lookup: true },
};

const hb = Handlebars.create();

/** Applies a channel's text escaping to every string the template can print. */
function escapeView<T>(value: T, escape: (s: string) => string): T {
  if (typeof value === 'string') return escape(value) as T;
  if (Array.isArray(value)) return value.map((v) => escapeView(v, escape)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeView(v, escape)])) as T;
  return value;
}

/**
 * The message texts, `<dir>/<folder>/<name>.hbs` (a channel's `alert`, `restore`
 * and `test`; the tickets' `open`, `note` and `close`), compiled once at start.
 * The built-in folder comes first; an operator's folder (BACKWATCH_TEMPLATES_DIR)
 * replaces any file it has.
 */
export class TemplateSet {
  private constructor(private readonly compiled: Map<string, Compiled>) {}

  static load(dirs: (string | undefined)[]): TemplateSet {
    const compiled = new Map<string, Compiled>();
    for (const dir of dirs) {
      if (!dir || !fs.existsSync(dir)) continue;
      for (const channel of fs.readdirSync(dir)) {
        const folder = path.join(dir, channel);
        if (!fs.statSync(folder).isDirectory()) continue;
        for (const name of fs.readdirSync(folder).filter((f) => f.endsWith('.hbs')).map((f) => f.slice(0, -4))) {
          const file = path.join(folder, `${name}.hbs`);
          try {
            const template = hb.compile(fs.readFileSync(file, 'utf8'), COMPILE);
            template({}); // surfaces syntax errors now, at start, rather than at the first alert
            compiled.set(`${channel}/${name}`, template);
          } catch (e) {
            throw new Error(`template ${file}: ${(e as Error).message}`, { cause: e });
          }
        }
      }
    }
    return new TemplateSet(compiled);
  }

  has(folder: string, name: string): boolean {
    return this.compiled.has(`${folder}/${name}`);
  }

  render(folder: string, name: AlertEvent | string, view: AlertView, escape: (s: string) => string = (s) => s): string {
    const template = this.compiled.get(`${folder}/${name}`);
    if (!template) throw new Error(`no template ${folder}/${name}.hbs`);
    return template(escapeView(view, escape)).replace(/\n{3,}/g, '\n\n').trim();
  }
}

const userTemplates = new Map<string, Compiled>();

/** An operator's template from a channel's config (a webhook body), compiled once per text. */
export function renderUserTemplate(source: string, view: AlertView, escape: (s: string) => string = (s) => s): string {
  let template = userTemplates.get(source);
  if (!template) {
    template = hb.compile(source, COMPILE);
    if (userTemplates.size > 500) userTemplates.clear();
    userTemplates.set(source, template);
  }
  return template(escapeView(view, escape));
}

/** Why a template cannot be used, or null. */
export function templateProblem(source: string): string | null {
  try {
    hb.compile(source, COMPILE)({});
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A message's first line is its title; the rest is its body. */
export function splitTitle(text: string): { title: string; body: string } {
  const newline = text.indexOf('\n');
  return newline < 0 ? { title: text, body: '' } : { title: text.slice(0, newline).trim(), body: text.slice(newline + 1).trim() };
}
