import type { ReportFormat, ReportJob } from '../formats/formats.models.js';
import type { FormatSettings } from '../formats/formats.settings.js';
import type { Rule } from '../rules/rules.models.js';

/** Between the parts of a key (the unit separator cannot occur in any name a report prints). */
const SEPARATOR = '\u001f';

type KeyedFormat = Pick<ReportFormat, 'id' | 'key'>;

/**
 * What identifies a job across reports, by default: its tenant, device and
 * item (an item is needed). A report that names neither tenant nor device is
 * told apart by its sender: two Veeam servers' "Backup Job 1" are two jobs.
 */
const defaultKeyParts = (job: ReportJob): string[] | null =>
  job.item ? [job.tenant ?? '', job.device ?? (job.tenant === null ? (job.sender ?? '') : ''), job.item] : null;

/** Where a job comes from when its report names neither tenant nor device: the sender's domain. */
const senderDomain = (job: ReportJob) => (job.sender ? job.sender.slice(job.sender.lastIndexOf('@') + 1) : null);

/** The text key of the job a report tells of: `<format>:<parts>`; null when the format cannot tell one. */
export function jobKey(format: KeyedFormat, job: ReportJob): string | null {
  const parts = format.key ? format.key(job) : defaultKeyParts(job);
  if (!parts) return null;
  return `${format.id}:${parts.map((p) => p.normalize('NFC')).join(SEPARATOR)}`;
}

/** A key's format and parts: what a tombstone shows of the job it stands for. */
export function partsOfKey(key: string): { format: string; parts: string[] } {
  const colon = key.indexOf(':');
  return { format: key.slice(0, colon), parts: key.slice(colon + 1).split(SEPARATOR) };
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
 * Whether a report no check claimed may create one: the format reads reports
 * and discovers, the job has a key (Comet: a backup of a fully named item),
 * and the sender (of an email; null for another input) and tenant pass the
 * organization's patterns.
 */
export function mayDiscover(settings: FormatSettings, key: string | null, job: ReportJob, senders: string[] | null): boolean {
  const d = settings.autoDiscovery;
  if (!settings.enabled || !d.enabled || key === null) return false;
  if (d.tenants.length && job.tenant === null) return false;
  return (senders === null || anyMatch(d.senders, senders)) && anyMatch(d.tenants, job.tenant === null ? [] : [job.tenant]);
}

/** The group of a discovered check: the first rule that fits, else the format's naming, else the tenant, else the device. */
export function groupFor(settings: FormatSettings, job: ReportJob, fallback: string): string {
  for (const rule of settings.groups) {
    if (rule.tenant !== undefined && !(job.tenant && globMatches(rule.tenant, job.tenant))) continue;
    if (rule.device !== undefined && !(job.device && globMatches(rule.device, job.device))) continue;
    if (rule.organization !== undefined && rule.organization !== job.organization) continue;
    return rule.group;
  }
  return fallback.slice(0, 100);
}

/** The name and fallback group of a discovered check: the format's naming, else `Tenant: Device: Item`. */
export function namingOf(format: Pick<ReportFormat, 'naming' | 'product'>, job: ReportJob): { name: string; group: string } {
  const named = format.naming?.(job);
  if (named) return { name: named.name.slice(0, 200), group: named.group };
  const where = job.tenant ?? job.device ?? senderDomain(job);
  const name = [job.tenant, job.device ?? (job.tenant === null ? senderDomain(job) : null), job.item].filter(Boolean).join(': ') || format.product;
  return { name: name.slice(0, 200), group: where ?? format.product };
}

const equals = (field: string, value: string): Rule => ({ field, operator: 'equals', value, caseSensitive: true });

/** The matching rules of a discovered check: the parsed identity of its job, never the subject's wording. */
export function discoveryRules(format: Pick<ReportFormat, 'id' | 'matchRules'>, job: ReportJob): Rule[] {
  if (format.matchRules) return format.matchRules(job).map((r) => equals(r.field, r.value));
  const rules = [equals('job.format', format.id)];
  if (job.tenant) rules.push(equals('job.tenant', job.tenant));
  if (job.device) rules.push(equals('job.device', job.device));
  if (job.item) rules.push(equals('job.item', job.item));
  return rules;
}

export function discoveredDescription(format: Pick<ReportFormat, 'description' | 'product'>, job: ReportJob): string {
  if (format.description) return format.description(job);
  const lines = [];
  if (job.tenant) lines.push(`Tenant: ${job.tenant}`);
  if (job.device) lines.push(`Device: ${job.device}`);
  lines.push(`Created by ${format.product} auto-discovery.`);
  return lines.join('\n');
}

/** What a route (or tombstone) shows of the job its key names: its parts as tenant, device and item. */
export function identityOfKey(key: string): { tenant: string; device: string; item: string } {
  const { parts } = partsOfKey(key);
  return { tenant: parts[0] ?? '', device: parts[1] ?? '', item: parts.slice(2).join(' / ') };
}
