import type { Rule } from '../rules/rules.models.js';
import type { CometJob } from './comet.models.js';
import type { CometSettings } from './comet.settings.js';

/** A protected item as Comet identifies it: the account, the device and the item's name. */
export interface ItemIdentity {
  username: string;
  device: string;
  protectedItem: string;
}

/** The text key of a protected item (the unit separator cannot occur in any of the three names). */
export const cometKey = (i: ItemIdentity) => [i.username, i.device, i.protectedItem].map((s) => s.normalize('NFC')).join('\u001f');

export function identityOfKey(key: string): ItemIdentity {
  const [username = '', device = '', protectedItem = ''] = key.split('\u001f');
  return { username, device, protectedItem };
}

export function itemOf(job: CometJob): ItemIdentity | null {
  if (!job.username || !job.device || !job.protectedItem) return null;
  return { username: job.username, device: job.device, protectedItem: job.protectedItem };
}

/** `*` and `?` wildcards, case-insensitive; linear in practice (no regex engine involved). */
export function globMatches(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

const anyMatch = (patterns: string[], values: string[]) => patterns.length === 0 || patterns.some((p) => values.some((v) => globMatches(p, v)));

/**
 * Whether a Comet report no check claimed may create one: discovery is on, the
 * report names its item fully, it is a backup job (restores and retention passes
 * of an item are kept as jobs but do not make checks), and the sender (of an
 * email; null for a webhook event) and username pass the organization's patterns.
 */
export function mayDiscover(settings: CometSettings, job: CometJob, senders: string[] | null): boolean {
  const d = settings.autoDiscovery;
  if (!d.enabled || !itemOf(job) || job.type !== 'Backup') return false;
  // A webhook event has no sender: the sender patterns are about email only.
  return (senders === null || anyMatch(d.senders, senders)) && anyMatch(d.usernames, [job.username!]);
}

/** The customer group of a discovered check: the first mapping rule that fits, else the Comet username. */
export function groupFor(settings: CometSettings, job: CometJob): string {
  for (const rule of settings.groups) {
    if (rule.username !== undefined && !(job.username && globMatches(rule.username, job.username))) continue;
    if (rule.tenant !== undefined && rule.tenant !== job.ids.tenant) continue;
    return rule.group;
  }
  return job.username!.slice(0, 100);
}

const equals = (field: Rule['field'], value: string): Rule => ({ field, operator: 'equals', value, caseSensitive: true });

/** The matching rules of a discovered check: the parsed identity of its item, never the subject's wording. */
export function itemRules(i: ItemIdentity): Rule[] {
  return [equals('comet.username', i.username), equals('comet.device', i.device), equals('comet.protectedItem', i.protectedItem), equals('comet.type', 'Backup')];
}

export const discoveredName = (i: ItemIdentity) => `${i.username}: ${i.protectedItem}`.slice(0, 200);

export const IDENTIFIERS_NOTE = 'Known so far by the identifiers in Comet webhook events; the names follow from the first email report of this item.';

export function discoveredDescription(job: CometJob): string {
  const lines = [`Device: ${job.device}`];
  if (job.vault) lines.push(`Storage Vault: ${job.vault}`);
  if ((job.ids.deviceId && job.ids.deviceId === job.device) || (job.ids.sourceGuid && job.ids.sourceGuid === job.protectedItem)) lines.push(IDENTIFIERS_NOTE);
  lines.push('Created by Comet auto-discovery.');
  return lines.join('\n');
}
