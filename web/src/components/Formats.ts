/**
 * The report formats as GET /formats tells of them: their products, settings,
 * options, and every field a rule can test, in words. Read once per console
 * load (they change only with the server) and shared by every page.
 */
import { useEffect, useState } from 'preact/hooks';
import { JOB_STATUSES } from '../../../src/shared/status.js';
import { api } from '../api.js';

export interface RuleFieldInfo {
  name: string;
  label: string;
  description: string;
  values?: string[];
}

export interface FormatSettings {
  enabled: boolean;
  autoDiscovery: { enabled: boolean; senders: string[]; tenants: string[] };
  groups: unknown[];
  options: Record<string, boolean>;
}

export interface ReportFormat {
  id: string;
  product: string;
  settings: FormatSettings;
  fields: RuleFieldInfo[];
  options: { name: string; description: string; default: boolean }[];
  /** Where the format keeps its discovery settings when not in its own settings (Comet: /settings/comet). */
  discoverySettingsAt: string | null;
}

export interface Formats {
  items: ReportFormat[];
  messageFields: string[];
  jobFields: string[];
  /** Every rule field in words, as the server names them in alerts. */
  labels: Record<string, string>;
}

let known: Formats | null = null;
let loading: Promise<Formats> | null = null;
const waiting = new Set<() => void>();

/** GET /formats, once; a failed read is tried again by the next caller. */
export function loadFormats(): Promise<Formats> {
  loading ??= api<Formats>('GET', '/formats').then(
    (f) => {
      known = f;
      waiting.forEach((w) => w());
      return f;
    },
    (e) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** The formats once read (null before), re-rendering the caller when they arrive. */
export function useFormats(): Formats | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (known) return;
    const w = () => setTick((t) => t + 1);
    waiting.add(w);
    loadFormats().catch(() => {});
    return () => void waiting.delete(w);
  }, []);
  return known;
}

/** Keeps the cache in step after a settings change. */
export function formatChanged(format: ReportFormat) {
  if (known) known = { ...known, items: known.items.map((f) => (f.id === format.id ? format : f)) };
}

/** "Proxmox VE" for `proxmox`; the id itself while the formats are not read. */
export const productOf = (id: string, formats: Formats | null = known) => formats?.items.find((f) => f.id === id)?.product ?? id;

const MESSAGE_FIELD_LABELS: Record<string, string> = { subject: 'Subject', body: 'Body text', from: 'From', to: 'To', attachmentName: 'Attachment name' };


// Before GET /formats answers: a format's camelCase field name in words.
const words = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/** A rule field in words: "Subject", "Job device", "Comet storage vault", "Veeam data read" (the server's words once read). */
export function fieldLabel(field: string, formats: Formats | null = known): string {
  if (MESSAGE_FIELD_LABELS[field]) return MESSAGE_FIELD_LABELS[field];
  const told = formats?.labels[field];
  if (told) return told;
  const dot = field.indexOf('.');
  if (dot < 0) return field;
  return `${productOf(field.slice(0, dot), formats)} ${words(field.slice(dot + 1))}`;
}

export interface FieldGroup {
  label: string;
  fields: { name: string; label: string; description?: string; values?: string[] }[];
}


/** What the rule editor offers: the message's fields, the job's, then each format's own, by product. */
export function ruleFieldGroups(formats: Formats | null): FieldGroup[] {
  const message = formats?.messageFields ?? Object.keys(MESSAGE_FIELD_LABELS);
  const job = formats?.jobFields ?? [];
  const jobValues: Record<string, string[] | undefined> = {
    'job.status': [...JOB_STATUSES],
    'job.format': formats?.items.map((f) => f.id),
  };
  return [
    { label: 'Message', fields: message.map((name) => ({ name, label: fieldLabel(name, formats) })) },
    { label: 'Job (any report format)', fields: job.map((name) => ({ name, label: fieldLabel(name, formats), values: jobValues[name] })) },
    ...(formats?.items ?? [])
      .filter((f) => f.fields.length)
      .map((f) => ({ label: f.product, fields: f.fields.map((x) => ({ name: x.name, label: fieldLabel(x.name, formats), description: x.description, values: x.values })) })),
  ];
}

/** The id of the datalist holding a field's known values. */
export const valueListId = (field: string) => `bw-values-${field.replace(/[^A-Za-z0-9-]/g, '-')}`;
