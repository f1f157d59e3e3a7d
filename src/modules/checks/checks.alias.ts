/** A check's alias and address; this file imports nothing, so the console's bundle takes it as it is. */

export const MAX_ALIAS_LENGTH = 48;
export const ALIAS_PATTERN = /^[a-z0-9](?:[a-z0-9_-]|\.(?!\.))*$/;

/**
 * The default alias: the name lower-cased, accents folded, and everything that is
 * not safe in an address's local part dropped (whitespace included). "+" is dropped
 * too: it separates the inbox from the alias.
 */
export function makeAlias(name: string): string {
  const alias = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._-]+/, '')
    .slice(0, MAX_ALIAS_LENGTH)
    .replace(/\.+$/, '');
  return alias || 'check';
}

/** The first of alias, alias-2, alias-3… that `taken` does not hold. */
export function uniqueAlias(base: string, taken: (alias: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = base.slice(0, MAX_ALIAS_LENGTH - suffix.length) + suffix;
    if (!taken(candidate)) return candidate;
  }
}

export function checkAddress(inbox: { local: string; domain: string }, alias: string): string {
  return `${inbox.local}+${alias}@${inbox.domain}`;
}
