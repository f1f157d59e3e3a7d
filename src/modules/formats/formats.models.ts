import type { Db } from '../../db/database.js';
import type { JobStatus } from '../../shared/status.js';
import type { JobSettingsStore } from '../jobs/jobs.settings.js';
import type { FormatSettings } from './formats.settings.js';

/**
 * A report format: one product's job-report mails, read into jobs. Each
 * format lives in its own folder (`formats/<id>/`) and is listed once in
 * `formats.registry.ts`; nothing else names a particular format.
 */

/** What a format sees of a received message. */
export interface ReportMessage {
  /** Decoded and unfolded (a folded subject reads as one line, its line breaks as spaces). */
  subject: string;
  /** Every form of the sender: addresses, the From header as displayed, the SMTP envelope sender. */
  from: string[];
  /** Header names in lower case, values decoded. */
  headers: { name: string; value: string }[];
  /** The text part, or for HTML-only mail its text rendering (table cells apart, one row per line). */
  text: string;
  /** The HTML part as sent (never executed), or null. */
  html: string | null;
  attachments: { filename: string | null; contentType: string; text: string | null }[];
}

/** What a format reads with, beyond the message. */
export interface ReadContext {
  /** The IANA zone of times a report prints without a zone (the organization's, BACKWATCH_TIMEZONE). */
  timezone: string;
  /** When the message arrived (ISO-8601 UTC): a report that prints a time of day without a date means the day it came. */
  receivedAt: string;
  /** The format's options (as it declares them in `options`), as the organization set them. */
  options: Readonly<Record<string, unknown>>;
}

export interface JobLogLine {
  /** ISO-8601 UTC, when the line's time could be read. */
  at: string | null;
  text: string;
}

/** One object a job protected, where the report lists them (a Veeam VM, a Duplicati source). */
export interface JobObject {
  name: string;
  status: JobStatus | null;
  statusText: string | null;
  sizeBytes: number | null;
  durationSeconds: number | null;
  /** The object's own message (an error, "Retry 2 of 3"). */
  detail: string | null;
}

/**
 * One job as a report told it. A field the report does not carry, or that
 * could not be read, is null; `problems` says in words what could not be read
 * ("Total size: \"12 XB\" is not a size"), and is empty for a clean report.
 */
export interface ReportJob {
  /** The product as people name it: "Veeam Backup & Replication", "Proxmox VE". */
  product: string;
  /** The customer, account or organization above the device, where the product has one. */
  tenant: string | null;
  /** Above the tenant, where the product has one (Comet's OwnerOrganizationID on a multi-tenant server). */
  organization?: string | null;
  /** The machine, host, NAS or client the job ran on or for. */
  device: string | null;
  /** The job, task, guest or protected item: what a check watches. */
  item: string | null;
  /** The kind of job in the product's words: "Backup", "Verify", "Incremental file backup". */
  type: string | null;
  /** The product's status in our words; null when none could be read. */
  status: JobStatus | null;
  /** The status as the report wrote it ("backup failed", "Success"), for display. */
  statusText: string | null;
  startedAt: string | null;
  stoppedAt: string | null;
  durationSeconds: number | null;
  /** The data the job protected (total or processed size), in bytes. */
  sizeBytes: number | null;
  /** The data the job wrote or sent (transferred, uploaded), in bytes. */
  transferredBytes: number | null;
  files: number | null;
  /** VMs, guests, mailboxes or other objects the job covered. */
  objects: number | null;
  errorCount: number | null;
  warningCount: number | null;
  /** The product's version, where the report says it. */
  version: string | null;
  /** The lines worth reading first: errors and warnings, at most 20. */
  keyLines: string[];
  log: JobLogLine[];
  /** The objects the report lists one by one (empty when it does not). */
  parts: JobObject[];
  problems: string[];
  /** The format's own fields, by the names it declares in `fields`. */
  extra: Record<string, string | number | null>;
  /**
   * Who sent the report (the From address, else the envelope's), filled in by
   * the registry: what tells two installations' jobs of one name apart when the
   * report names neither tenant nor device (a Veeam server's "Backup Job 1").
   */
  sender?: string | null;
}

/** A rule field a format adds beyond the generic ones: `veeam.jobType`. */
export interface FormatField {
  /** `<format id>.<name>`. */
  name: string;
  /** As people read it in an alert ("Comet username"); default: the product and the name. */
  label?: string;
  description: string;
  /** The values it takes, where they are a known few (offered as suggestions in the rule editor). */
  values?: readonly string[];
}

export interface FormatOption {
  name: string;
  description: string;
  default: boolean;
}

export interface ReportFormat {
  /** Lower-case letters: the folder, the rule-field prefix, the settings key, the `origin` of checks it discovers. */
  id: string;
  /** The product family as the console shows it. */
  product: string;
  /** Whether the message looks like this format's report: cheap (subject, sender, a first look at the body). */
  recognises(message: ReportMessage): boolean;
  /** The jobs the report tells of: zero or more. May throw; the registry turns that into a problem. */
  read(message: ReportMessage, context: ReadContext): ReportJob[];
  /** What identifies the same job across reports; default: tenant, device and item. Null: not discoverable. */
  key?(job: ReportJob): string[] | null;
  /** The name and group of a check discovery makes; default: `Tenant: Device: Item`, grouped by tenant, else device. */
  naming?(job: ReportJob): { name: string; group: string } | null;
  fields?: readonly FormatField[];
  /** Reads `extra[name]` for a declared field (default). */
  fieldValue?(job: ReportJob, field: string): string | number | null;
  options?: readonly FormatOption[];
  /** The description of a check discovery makes; default: its tenant and device, and who made it. */
  description?(job: ReportJob): string;
  /** The matching rules of a check discovery makes; default: the format, and the job's tenant, device and item. */
  matchRules?(job: ReportJob): { field: string; value: string }[];
  /** The organization's settings before anyone changed them, where they differ from the defaults. */
  defaults?: { discovery?: boolean };
  /** Where the format keeps a job itself, knowing the same job from another input (Comet: its webhook events). */
  store?: JobStoreHook;
}

/**
 * What a format adds to the running service (its own settings, routes and
 * inputs), started once. Listed apart from the formats (formats.runtimes.ts):
 * it sits above the API kit, which lists the formats' rule fields.
 */
export type FormatStarter = (host: FormatHost) => Promise<FormatRuntime>;

/** A job as stored: its id, what is known of it now, and the activities it already gave, by check. */
export interface StoredJob {
  id: number;
  job: ReportJob;
  activities: Map<number, number>;
  /** Checks were created, renamed or merged while storing it. */
  checksChanged: boolean;
  /** The same job arrived before (a webhook event sent again): nothing new happened. */
  duplicate?: boolean;
}

export interface JobStoreContext {
  messageId: number | null;
  receivedAt: string;
  /** The job's log as stored (JSON), or null for none. */
  log: string | null;
  /** What the format's runtime says to the writer (plain data: it may cross to the database thread). */
  state: unknown;
  /** Stores the job as any format's, as a new job. */
  insert(): Promise<StoredJob>;
}

export type JobStoreHook = (trx: Db, job: ReportJob, context: JobStoreContext) => Promise<StoredJob>;

/** What the service gives a format that has more to it than reading mail. */
export interface FormatHost {
  db: Db;
  /** Told after the format changed its settings or state (the other nodes reload). */
  changed(): void;
  /** The organization's job settings (schedule inference, anomalies, RPO), which a format's own settings may show. */
  jobs: JobSettingsStore;
  /** The format's generic settings as they are now. */
  settings(): FormatSettings;
}

export interface FormatRuntime {
  /** Read options the format takes from its own settings (Comet: its status mapping). */
  readOptions?(): Record<string, unknown>;
  /** Plain data the writer passes to `store` (Comet: whether webhook events ever came). */
  writerState?(): unknown;
  /** Registers the format's own HTTP routes on the API (typed loosely: the API kit sits above the formats). */
  routes?(api: any, deps: any): void;
  /** Reads again what another node changed. */
  reload?(): Promise<void>;
  /** The generic settings as the format's own settings say them (Comet keeps its discovery settings in its own). */
  overlay?(settings: FormatSettings): FormatSettings;
}

/** A job with nothing read yet: formats start from it and fill in what their report tells. */
export function emptyJob(product: string): ReportJob {
  return {
    product,
    tenant: null,
    device: null,
    item: null,
    type: null,
    status: null,
    statusText: null,
    startedAt: null,
    stoppedAt: null,
    durationSeconds: null,
    sizeBytes: null,
    transferredBytes: null,
    files: null,
    objects: null,
    errorCount: null,
    warningCount: null,
    version: null,
    keyLines: [],
    log: [],
    parts: [],
    problems: [],
    extra: {},
  };
}

export const MAX_KEY_LINES = 20;
export const MAX_LOG_LINES = 2_000;
