import type { Db } from '../../db/database.js';
import { type Alerting, raiseAlerts } from '../alerts/alerts.raise.js';
import { loadAlertContext } from '../alerts/alerts.repository.js';
import type { Expectation } from '../schedule/schedule.models.js';
import { deleteOverdueAfter, expectationColumns } from '../schedule/schedule.repository.js';
import { applyActivityToCheck, insertActivity, type NewActivity, refreshCheckStatus } from './activities.repository.js';

export interface Report {
  activity: NewActivity;
  /** The expectation to re-arm the check's schedule with. */
  next: Expectation | null;
  /** The report's text, for the key lines of an alert. */
  text: string;
  /** The key lines a report format read from it, which win over the text's. */
  keyLines?: string[];
}

/**
 * Adds a report's activity to a check's history. When the report is the
 * check's newest, it moves the check's status, re-arms its schedule and raises
 * whatever alerts that calls for, all in the caller's transaction.
 */
export async function recordReport(trx: Db, alerting: Alerting, r: Report): Promise<number> {
  const { activity } = r;
  const before = await loadAlertContext(trx, activity.checkId);
  const id = await insertActivity(trx, activity);
  // The newest report's Comet job becomes the check's, in the same update.
  const also = { ...expectationColumns(r.next), ...(activity.jobId ? { last_job_id: activity.jobId } : {}) };
  const apply = () => applyActivityToCheck(trx, activity.checkId, activity.status, activity.receivedAt, also);
  let newest = await apply();
  // Something newer stands. If it is an overdue mark for a deadline this report had
  // arrived before (it was still on its way to the disk), the mark was never true.
  if (!newest && (await deleteOverdueAfter(trx, activity.checkId, activity.receivedAt))) {
    await refreshCheckStatus(trx, activity.checkId);
    newest = await apply();
  }
  if (newest && before) {
    await raiseAlerts(trx, alerting, before, {
      checkId: activity.checkId,
      activityId: id,
      messageId: activity.messageId,
      status: activity.status,
      at: activity.receivedAt,
      subject: activity.subject,
      matchedRules: activity.evaluation?.matchedRules ?? [],
      statusSource: activity.evaluation?.statusSource ?? null,
      reasons: activity.evaluation?.reasons ?? [],
      text: r.text,
      keyLines: r.keyLines,
      expectedAt: null,
      now: activity.createdAt,
    });
  }
  return id;
}
