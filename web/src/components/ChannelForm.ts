import type { Field } from './ChannelTypes.js';

// The channel editor's form model: config in, form values, config out (pure; ChannelFields.tsx renders it).

/** What the form holds for a field: text as typed, lists as rows, groups nested. */
export type FormValue = string | boolean | string[] | [string, string][] | FormValues;
export interface FormValues {
  [key: string]: FormValue;
}

type Config = Record<string, unknown>;

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** The form's starting values: the channel's config (secrets stay empty: they are write-only), or each field's default. */
export function toForm(fields: Field[], config: Config | undefined, isNew: boolean): FormValues {
  const out: FormValues = {};
  for (const f of fields) {
    const stored = config?.[f.key];
    const given = isNew ? ('default' in f ? f.default : undefined) : stored;
    const writeOnly = !isNew && f.secret;
    switch (f.type) {
      case 'checkbox':
        out[f.key] = typeof stored === 'boolean' ? stored : f.default;
        break;
      case 'select':
        out[f.key] = str(stored ?? f.default ?? f.options[0]?.value);
        break;
      case 'list': {
        const items = Array.isArray(given) ? given.map(str) : [];
        out[f.key] = items.length || !f.required ? items : [''];
        break;
      }
      case 'keyvalue':
        out[f.key] = !writeOnly && given && typeof given === 'object' ? Object.entries(given as Record<string, unknown>).map(([k, v]) => [k, str(v)] as [string, string]) : [];
        break;
      case 'group':
        out[f.key] = toForm(f.fields, (isNew ? undefined : (stored as Config | undefined)) ?? {}, isNew);
        break;
      default:
        out[f.key] = writeOnly ? '' : str(given);
    }
  }
  return out;
}

export interface BuildResult {
  config: Config;
  /** Problems found before asking the server, by field path (priorities.high). */
  errors: Record<string, string>;
}

/**
 * The config to send. A new channel gets every field filled in; a change
 * sends every plain field (an emptied optional one as null, which removes
 * it), and a secret only when it is being replaced.
 */
export function fromForm(fields: Field[], values: FormValues, mode: 'create' | 'update', replacing: Set<string>, prefix = ''): BuildResult {
  const config: Config = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const path = prefix + f.key;
    if (f.secret && mode === 'update' && !replacing.has(f.key)) continue;
    const raw = values[f.key];
    let value: unknown;
    switch (f.type) {
      case 'checkbox':
        value = raw === true;
        break;
      case 'select': {
        const option = f.options.find((o) => String(o.value) === raw);
        value = option ? option.value : undefined;
        break;
      }
      case 'number': {
        const s = String(raw ?? '').trim();
        if (s === '') break;
        const n = Number(s);
        if (!Number.isFinite(n)) errors[path] = 'Enter a number.';
        else value = n;
        break;
      }
      case 'list': {
        const items = (raw as string[]).map((s) => s.trim()).filter(Boolean);
        if (f.item === 'number') {
          if (items.some((s) => !Number.isFinite(Number(s)))) errors[path] = 'Enter numbers only.';
          value = items.map(Number);
        } else value = items;
        if (f.required && !items.length) errors[path] = 'Add at least one.';
        break;
      }
      case 'keyvalue':
        value = Object.fromEntries((raw as [string, string][]).filter(([k]) => k.trim()).map(([k, v]) => [k.trim(), v]));
        break;
      case 'group': {
        const nested = fromForm(f.fields, raw as FormValues, 'create', replacing, `${path}.`);
        Object.assign(errors, nested.errors);
        value = nested.config;
        break;
      }
      default: {
        const s = f.type === 'password' || f.type === 'textarea' ? String(raw ?? '') : String(raw ?? '').trim();
        if (s !== '') value = f.type !== 'textarea' && 'numericText' in f && f.numericText && /^\d+$/.test(s) ? Number(s) : s;
      }
    }
    if (value === undefined) {
      if (f.required && !errors[path]) errors[path] = 'Required.';
      else if (mode === 'update' && !prefix) config[f.key] = null;
    } else config[f.key] = value;
  }
  return { config, errors };
}

/** A config error from the API ("config.to.1") belongs to the field whose path starts it ("to"). */
export function fieldOf(fields: Field[], issuePath: string, prefix = ''): string | null {
  for (const f of fields) {
    const path = prefix + f.key;
    if (issuePath === path || issuePath.startsWith(`${path}.`)) {
      if (f.type === 'group') return fieldOf(f.fields, issuePath, `${path}.`) ?? path;
      return path;
    }
  }
  return null;
}


/** A setting's name as the form shows it ("Priorities › High (failure, overdue)"), for a path such as priorities.high. */
export function fieldLabel(fields: Field[], path: string, prefix = ''): string | null {
  for (const f of fields) {
    const at = prefix + f.key;
    if (path === at) return f.label;
    if (f.type === 'group' && path.startsWith(`${at}.`)) {
      const inner = fieldLabel(f.fields, path, `${at}.`);
      return inner && `${f.label} › ${inner}`;
    }
  }
  return null;
}

/** The form's current value of a setting by its path (priorities.high), as text; a list's first item. */
export function valueAt(values: FormValues, path: string): string {
  let v: FormValue | undefined = values;
  for (const part of path.split('.')) v = v && typeof v === 'object' && !Array.isArray(v) ? v[part] : undefined;
  if (Array.isArray(v)) return String(v[0] ?? '');
  return typeof v === 'string' ? v : '';
}

/** API issues on config.* paths, by the field that shows each; what names no field is said apart. */
export function issuesByField(fields: Field[], issues: { path: string; message: string }[]): { byField: Record<string, string>; rest: string[] } {
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  for (const issue of issues) {
    const path = issue.path === 'name' ? 'name' : issue.path.startsWith('config.') ? fieldOf(fields, issue.path.slice(7)) : null;
    if (path) byField[path] = byField[path] ? `${byField[path]} ${issue.message}` : issue.message;
    else rest.push(issue.message);
  }
  return { byField, rest };
}
