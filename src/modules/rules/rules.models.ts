import type { ReportJob } from '../formats/formats.models.js';
import type { ReportStatus } from '../../shared/status.js';

/** The fields of the message itself. */
export const MESSAGE_FIELDS = ['subject', 'body', 'from', 'to', 'attachmentName'] as const;

/** The fields of the job a report tells of, whichever product's report it is. */
export const JOB_FIELDS = [
  'job.format', 'job.product', 'job.tenant', 'job.device', 'job.item', 'job.type', 'job.status', 'job.statusText',
  'job.sizeBytes', 'job.transferredBytes', 'job.files', 'job.objects', 'job.errorCount', 'job.warningCount', 'job.durationSeconds', 'job.version',
] as const;

export const RULE_OPERATORS = ['contains', 'notContains', 'equals', 'startsWith', 'endsWith', 'regex'] as const;
export const CRITERIA_MODES = ['all', 'any'] as const;

/** A message field, a job field, or a field a report format declares (`comet.username`). */
export type RuleField = string;
export type RuleOperator = (typeof RULE_OPERATORS)[number];
export type CriteriaMode = (typeof CRITERIA_MODES)[number];

export interface Rule {
  field: RuleField;
  operator: RuleOperator;
  value: string;
  caseSensitive: boolean;
}

/** A set of rules combined with all/any, with the two text options the seeds describe. */
export interface Criteria {
  mode: CriteriaMode;
  rules: Rule[];
  condenseWhitespace: boolean;
  combineAttachments: boolean;
}

/** What the rules can look at in one message. Lists hold every candidate value of a field. */
export interface RuleSubject {
  subject: string;
  body: string;
  attachmentTexts: string[];
  from: string[];
  to: string[];
  attachmentNames: string[];
  /** The job the message reports, when a report format read it, with the status its product gave it. */
  job: JobReading | null;
}

/** A job a report format read, and what its own status says, before any check's rules. */
export interface JobReading {
  /** The format's id. */
  format: string;
  /** The format's product name, for reasons in words. */
  product: string;
  job: ReportJob;
  /** A job field's or the format's own field's value as text; null when the report did not tell it. */
  value(field: string): string | null;
  /** The job's status in our words (null when it says nothing we can use), and why it is not plain success. */
  verdict: { status: ReportStatus | null; reasons: string[] };
}

export interface RuleResult {
  index: number;
  field: RuleField;
  operator: RuleOperator;
  value: string;
  matched: boolean;
}

export interface CriteriaResult {
  matched: boolean;
  rules: RuleResult[];
}
