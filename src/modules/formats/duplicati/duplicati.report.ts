import type { DuplicatiDump } from './duplicati.dump.js';

/** What a Duplicati report holds, whether it came as text or as JSON. */
export interface DuplicatiReport {
  /** The operation's own result values, as text (`True`, `13919`, `2/16/2019 10:23:51 PM (1550384631)`). */
  field(key: string): string | null;
  /** BackendStatistics, where the report has them. */
  backend(key: string): string | null;
  messages: string[][] | null;
  warnings: string[][] | null;
  errors: string[][] | null;
  /** The JSON report's WarningsActualLength / ErrorsActualLength (it leaves the lists out). */
  warningCount: number | null;
  errorCount: number | null;
  /** The exception that stopped the run (`Failed: …`), when one did. */
  failed: string | null;
  details: string[];
  logLines: string[];
  /** Lists the text ends inside of. */
  unclosed: string[];
  /** From the JSON report's Extra. */
  operationName: string | null;
  backupName: string | null;
  machineName: string | null;
  problems: string[];
}

export function reportOfDump(dump: DuplicatiDump): DuplicatiReport {
  return {
    field: (key) => dump.fields.get(key) ?? null,
    backend: (key) => dump.sections.get('BackendStatistics')?.get(key) ?? null,
    messages: dump.lists.get('Messages') ?? null,
    warnings: dump.lists.get('Warnings') ?? null,
    errors: dump.lists.get('Errors') ?? null,
    warningCount: null,
    errorCount: null,
    failed: dump.failed,
    details: dump.details,
    logLines: dump.logData,
    unclosed: dump.unclosed,
    operationName: null,
    backupName: null,
    machineName: null,
    problems: [],
  };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON value as the text report would print it. */
function asText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return null;
}

const asCount = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);
const asItems = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').map((s) => s.split(/\r?\n/)) : null);
const asName = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** The message of an exception as Json.NET writes it (`{"ClassName": …, "Message": …}`), or a plain string. */
function exceptionMessage(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  return isObject(v) && typeof v.Message === 'string' ? v.Message : null;
}

/**
 * `--send-mail-result-output-format=Json`: `{"Data": <result>, "Extra": {…}, "LogLines": […]}`.
 * A run stopped by an exception has the exception as Data (or, in newer builds, beside it).
 */
export function reportOfJson(body: string): DuplicatiReport {
  const report = reportOfDump({ fields: new Map(), lists: new Map(), unclosed: [], sections: new Map(), failed: null, details: [], logData: [] });
  let top: unknown;
  try {
    top = JSON.parse(body);
  } catch (e) {
    report.problems.push(`the JSON report could not be read: ${(e as Error).message}`);
    return report;
  }
  if (!isObject(top)) {
    report.problems.push('the JSON report is not an object');
    return report;
  }
  const data = isObject(top.Data) ? top.Data : {};
  const backend = isObject(data.BackendStatistics) ? data.BackendStatistics : {};
  const extra = isObject(top.Extra) ? top.Extra : {};
  const isException = !('ParsedResult' in data) && 'ClassName' in data;
  report.field = (key) => asText(data[key]);
  report.backend = (key) => asText(backend[key]);
  report.messages = asItems(data.Messages);
  report.warnings = asItems(data.Warnings);
  report.errors = asItems(data.Errors);
  report.warningCount = asCount(data.WarningsActualLength);
  report.errorCount = asCount(data.ErrorsActualLength);
  report.failed = exceptionMessage(top.Exception) ?? (isException ? exceptionMessage(data) : null);
  if (isException && typeof data.StackTraceString === 'string') report.details = data.StackTraceString.split(/\r?\n/).map((l) => l.trim());
  report.logLines = (asItems(top.LogLines) ?? []).flat().filter((l) => l.trim() !== '');
  report.operationName = asName(extra.OperationName);
  report.backupName = asName(extra['backup-name']);
  report.machineName = asName(extra['machine-name']);
  return report;
}
