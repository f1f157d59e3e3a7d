/** Addresses in the check editor: the alias a name gives, the alias a message was sent to, and a check made from a message. */
import { type CheckForm, emptyForm, newRule } from './CheckEditorForm.js';

/** The alias the API makes from a name (checks.models makeAlias), to preview the address of a new check. */
export function aliasFromName(name: string): string {
  const alias = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._-]+/, '')
    .slice(0, 48)
    .replace(/\.+$/, '');
  return alias || 'check';
}

/** The plus-alias a message was sent to (`reports+<alias>@…` for the inbox `reports@…`), if any. */
export function aliasFromRecipients(rcptTo: string[], inbox: string): string | null {
  const at = inbox.lastIndexOf('@');
  const local = inbox.slice(0, at).toLowerCase();
  const domain = inbox.slice(at + 1).toLowerCase();
  for (const r of rcptTo) {
    const i = r.lastIndexOf('@');
    const [l, d] = [r.slice(0, i).toLowerCase(), r.slice(i + 1).toLowerCase()];
    if (d === domain && l.startsWith(`${local}+`) && l.length > local.length + 1) return l.slice(local.length + 1);
  }
  return null;
}

/** A new check's form for a message nobody claimed: named after its subject, at its alias, matching its subject. */
export function formFromMessage(m: { subject: string; rcptTo: string[] }, inbox: string): CheckForm {
  const f = emptyForm();
  f.name = m.subject.trim().slice(0, 200);
  f.alias = aliasFromRecipients(m.rcptTo, inbox) ?? '';
  if (m.subject.trim()) f.matching.rules = [{ ...newRule(), value: m.subject.trim() }];
  return f;
}

/** The address a check receives at. */
export function addressOf(inbox: string, alias: string): string {
  const at = inbox.lastIndexOf('@');
  return `${inbox.slice(0, at)}+${alias}${inbox.slice(at)}`;
}
