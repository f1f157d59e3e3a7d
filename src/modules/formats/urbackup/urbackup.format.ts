import type { ReportFormat } from '../formats.models.js';
import { readAlert, readBackupReport, URBACKUP_PRODUCT } from './urbackup.read.js';
import { readAlertSubject, readBackupSubject } from './urbackup.subject.js';

/** A report is a few KB; the log of a long backup with many warnings more, a hostile body much more. */
const MAX_TEXT = 512 * 1024;

export const urbackupFormat: ReportFormat = {
  id: 'urbackup',
  product: URBACKUP_PRODUCT,

  // The subjects are UrBackup's own wording, with the client quoted or named before the alert.
  recognises(message) {
    return readBackupSubject(message.subject) !== null || readAlertSubject(message.subject) !== null;
  },

  read(message, context) {
    const text = message.text.slice(0, MAX_TEXT);
    const backup = readBackupSubject(message.subject);
    if (backup) {
      const job = readBackupReport(backup, text, context.timezone);
      if (text.length < message.text.length) job.problems.push(`the report is longer than ${MAX_TEXT / 1024} KB; the rest was not read`);
      return [job];
    }
    const alert = readAlertSubject(message.subject);
    return alert ? [readAlert(alert, text)] : [];
  },
};
