import type { ReportFormat, ReportMessage } from '../formats.models.js';
import { readDump } from './duplicati.dump.js';
import { DUPLICATI_FIELDS, DUPLICATI_PRODUCT, jobOfReport } from './duplicati.job.js';
import { reportOfDump, reportOfJson } from './duplicati.report.js';
import { readDuplicatiSubject } from './duplicati.subject.js';

/** What is read of a body: a report is a few KB; a log can be long, a hostile body longer. */
const MAX_TEXT = 512 * 1024;
/** What recognition looks at. */
const HEAD = 16 * 1024;

// Lines only Duplicati's result dump starts with, at the start of a line.
const DUMP_KEY = /^(?:ParsedResult|MainOperation|DeletedFiles|ExaminedFiles|SizeOfExaminedFiles|BeginTime|EndTime|Failed): /m;
const MAIN_OPERATION = /^MainOperation: [A-Za-z]+\s*$/m;
const PARSED_RESULT = /^ParsedResult: [A-Za-z]+\s*$/m;

const isJson = (head: string) => head.startsWith('{"Data"') || (head.startsWith('{') && head.includes('"Data"'));

/** A body that is Duplicati's result dump whatever the subject (a custom `--send-mail-subject`). */
function hasSignature(head: string): boolean {
  if (isJson(head)) return head.includes('"MainOperation"') && head.includes('"ParsedResult"');
  return MAIN_OPERATION.test(head) && PARSED_RESULT.test(head);
}

/** cron mails a script's output; a script that prints a Duplicati dump is still cron's to read. */
const isCronMail = (message: ReportMessage) =>
  message.subject.startsWith('Cron <') || message.headers.some((h) => h.name === 'x-cron-env');

export const duplicatiFormat: ReportFormat = {
  id: 'duplicati',
  product: DUPLICATI_PRODUCT,
  fields: DUPLICATI_FIELDS,

  recognises(message) {
    const head = message.text.slice(0, HEAD).trimStart();
    if (readDuplicatiSubject(message.subject) !== null && (isJson(head) || DUMP_KEY.test(head))) return true;
    return hasSignature(head) && !isCronMail(message);
  },

  read(message, context) {
    const text = message.text.slice(0, MAX_TEXT);
    const body = text.trimStart();
    const report = body.startsWith('{') ? reportOfJson(body) : reportOfDump(readDump(text));
    if (text.length < message.text.length) report.problems.push(`the report is longer than ${MAX_TEXT / 1024} KB; the rest was not read`);
    return [jobOfReport(report, readDuplicatiSubject(message.subject), context.timezone)];
  },
};
