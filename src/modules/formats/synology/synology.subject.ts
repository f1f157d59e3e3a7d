import { fold, squeeze } from './synology.languages.js';

/** The Synology packages whose task mails are read, as their names stand in every language. */
export const PRODUCTS = [
  { name: 'Active Backup for Business', dashed: true },
  { name: 'Active Backup for Microsoft 365', dashed: true },
  { name: 'Active Backup for Google Workspace', dashed: true },
  { name: 'Hyper Backup', dashed: false },
] as const;
export type ProductName = (typeof PRODUCTS)[number]['name'];

/** `<prefix> <product> - <task phrase>`, split. */
export interface SynologySubject {
  product: ProductName;
  /** The DSM subject prefix ("[NAS01]", "NAS-BCK"), brackets removed; null when there is none. */
  prefix: string | null;
  phrase: string;
}

const MAX_SUBJECT = 1_000;
const HOST = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,62}$/u;

/**
 * Reads the subject DSM writes: Active Backup mails put " - " between the
 * product and the task phrase (seen in every real sample); Hyper Backup's
 * form is unverified, so the dash is optional there.
 */
export function readSubject(subject: string): SynologySubject | null {
  if (subject.length > MAX_SUBJECT) return null;
  const text = squeeze(subject);
  const folded = fold(text);
  for (const product of PRODUCTS) {
    const at = folded.indexOf(product.name.toLowerCase());
    if (at < 0) continue;
    let rest = text.slice(at + product.name.length);
    if (rest.startsWith(' - ')) rest = rest.slice(3);
    else if (product.dashed) continue;
    else if (rest.startsWith(': ')) rest = rest.slice(2);
    const prefix = text.slice(0, at).trim().replace(/^\[(.*)\]$/, '$1').trim();
    return { product: product.name, prefix: prefix || null, phrase: rest.trim() };
  }
  return null;
}

/** The NAS a subject prefix names, when it is one host name. */
export const prefixHost = (prefix: string | null): string | null => (prefix !== null && HOST.test(prefix) ? prefix : null);

/** A product name in a text (a body's first lines), for a subject that names none. */
export function productIn(text: string): ProductName | null {
  const folded = fold(text);
  return PRODUCTS.find((p) => folded.includes(p.name.toLowerCase()))?.name ?? null;
}
