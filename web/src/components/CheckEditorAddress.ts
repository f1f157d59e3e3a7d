/** Addresses in the check editor: the alias a name gives, the alias a message was sent to, and a check made from a message. */
import { checkAddress, makeAlias } from '../../../src/modules/checks/checks.alias.js';
import { classifyRecipient } from '../../../src/modules/evaluation/recipients.models.js';
import { type CheckForm, emptyForm, newRule } from './CheckEditorForm.js';

/** The alias the API makes from a name, to preview the address of a new check. */
export const aliasFromName = makeAlias;

const inboxParts = (inbox: string) => {
  const at = inbox.lastIndexOf('@');
  return { local: inbox.slice(0, at).toLowerCase(), domain: inbox.slice(at + 1).toLowerCase() };
};

/** The plus-alias a message was sent to (`reports+<alias>@…` for the inbox `reports@…`), if any. */
export function aliasFromRecipients(rcptTo: string[], inbox: string): string | null {
  for (const r of rcptTo) {
    const recipient = classifyRecipient(r, inboxParts(inbox));
    if (recipient.kind === 'alias') return recipient.alias;
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
export const addressOf = (inbox: string, alias: string) => checkAddress(inboxParts(inbox), alias);
