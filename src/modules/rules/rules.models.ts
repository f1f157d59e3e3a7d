import { COMET_RULE_FIELDS, type CometJob } from '../comet/comet.models.js';
import type { ReportStatus } from '../../shared/status.js';

/** Message fields, then the fields of a parsed Comet job report. */
export const RULE_FIELDS = ['subject', 'body', 'from', 'to', 'attachmentName', ...COMET_RULE_FIELDS] as const;
export const RULE_OPERATORS = ['contains', 'notContains', 'equals', 'startsWith', 'endsWith', 'regex'] as const;
export const CRITERIA_MODES = ['all', 'any'] as const;

export type RuleField = (typeof RULE_FIELDS)[number];
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
  /** The Comet job the message reports, when it is a Comet report, with the status Comet gave it. */
  comet: CometReading | null;
}

/** A Comet job and what its own status says, before any check's rules. */
export interface CometReading {
  job: CometJob;
  /** The job's status mapped to ours (null when it could not be read), and why it is not plain success. */
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
