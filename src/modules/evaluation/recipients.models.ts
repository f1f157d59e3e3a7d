export interface Inbox {
  local: string;
  domain: string;
}

export type Recipient = { kind: 'inbox' } | { kind: 'alias'; alias: string } | { kind: 'foreign' };

/**
 * Where an address points: the bare inbox, one of its plus-aliases, or somewhere
 * we do not receive for. Comparison ignores case, as mail systems do in practice.
 */
export function classifyRecipient(address: string, inbox: Inbox): Recipient {
  const at = address.lastIndexOf('@');
  if (at < 1) return { kind: 'foreign' };
  const local = address.slice(0, at).toLowerCase();
  const domain = address.slice(at + 1).toLowerCase().replace(/\.$/, '');
  if (domain !== inbox.domain) return { kind: 'foreign' };
  if (local === inbox.local) return { kind: 'inbox' };
  const prefix = `${inbox.local}+`;
  if (local.startsWith(prefix) && local.length > prefix.length) return { kind: 'alias', alias: local.slice(prefix.length) };
  return { kind: 'foreign' };
}
