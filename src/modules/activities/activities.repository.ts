import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { olderThan } from '../../db/keyset.js';
import { pick, queryTemplate } from '../../db/query-template.js';
import type { ActivityRow, NewActivityRow } from '../../db/schema.js';
import { likePattern, type TimeKey } from '../../shared/pagination.js';
import type { Evaluation } from '../evaluation/evaluation.models.js';
import type { CheckStatus } from '../../shared/status.js';
import type { Scope } from '../../shared/scope.js';
import { groupWithin, scoped } from '../../db/scope.js';

export interface Activity {
  id: number;
  checkId: number;
  checkName: string;
  messageId: number | null;
  jobId: number | null;
  status: Exclude<CheckStatus, 'pending'>;
  receivedAt: string;
  subject: string;
  matchedBy: Evaluation['matchedBy'] | null;
  statusSource: Evaluation['statusSource'] | null;
  matchedRules: Evaluation['matchedRules'];
  reasons: string[];
}

export interface NewActivity {
  checkId: number;
  messageId: number | null;
  jobId?: number | null;
  status: Activity['status'];
  receivedAt: string;
  subject: string;
  evaluation: Evaluation | null;
  createdAt: string;
}

const ACTIVITY_COLUMNS = ['check_id', 'message_id', 'job_id', 'status', 'received_at', 'subject', 'evaluation', 'created_at'] as const;
const insertActivityQuery = queryTemplate((db, v: Required<Omit<NewActivityRow, 'id'>>) => db.insertInto('activities').values(pick(v, ACTIVITY_COLUMNS)).returning('id'));

export async function insertActivity(db: Db, a: NewActivity): Promise<number> {
  const { rows } = await insertActivityQuery(db, {
    check_id: a.checkId,
    message_id: a.messageId,
    job_id: a.jobId ?? null,
    status: a.status,
    received_at: a.receivedAt,
    subject: a.subject,
    evaluation: JSON.stringify(a.evaluation),
    created_at: a.createdAt,
  });
  return rows[0]!.id;
}

export async function updateActivityVerdict(db: Db, id: number, status: Activity['status'], evaluation: Evaluation, subject: string) {
  await db.updateTable('activities').set({ status, evaluation: JSON.stringify(evaluation), subject }).where('id', '=', id).execute();
}

export async function messageIdsOfCheck(db: Db, checkId: number): Promise<number[]> {
  const rows = await db.selectFrom('activities').select('message_id').where('check_id', '=', checkId).where('message_id', 'is not', null).execute();
  return [...new Set(rows.map((r) => r.message_id!))];
}

export async function deleteActivity(db: Db, id: number): Promise<void> {
  await db.deleteFrom('activities').where('id', '=', id).execute();
}

/**
 * Moves the check to the activity's status (and whatever else `also` sets) unless
 * a newer activity already stands; `status_since` moves only when the status changes.
 * Answers whether it did.
 */
export async function applyActivityToCheck(
  db: Db,
  checkId: number,
  status: Activity['status'],
  receivedAt: string,
  also: { due_at?: string | null; deadline_at?: string | null; last_job_id?: number } = {},
): Promise<boolean> {
  const keys = (Object.keys(also) as (keyof typeof also)[]).filter((k) => also[k] !== undefined);
  const success = status === 'success';
  const shape = `${keys.join()}${success ? '+success' : ''}`;
  let query = applyQueries.get(shape);
  if (!query) applyQueries.set(shape, (query = applyQuery(keys, success)));
  const result = await query(db, { ...also, checkId, status, receivedAt });
  return result.numAffectedRows! > 0n;
}

type ApplyValues = { checkId: number; status: string; receivedAt: string; due_at?: string | null; deadline_at?: string | null; last_job_id?: number };
// One compiled query for each set of extra columns.
const applyQueries = new Map<string, ReturnType<typeof applyQuery>>();
const applyQuery = (also: ('due_at' | 'deadline_at' | 'last_job_id')[], success: boolean) =>
  queryTemplate((db, v: ApplyValues) =>
    db
      .updateTable('checks')
      .set({
        status_since: sql<string>`case when status = ${v.status} then status_since else ${v.receivedAt} end`,
        status: v.status,
        last_activity_at: v.receivedAt,
        ...(success ? { last_success_at: v.receivedAt } : {}),
        ...pick(v, also),
      })
      .where('id', '=', v.checkId)
      .where((eb) => eb.or([eb('last_activity_at', 'is', null), eb('last_activity_at', '<=', v.receivedAt)])),
  );

/** Recomputes a check's status from its history, after activities were changed or removed. */
export async function refreshCheckStatus(db: Db, checkId: number): Promise<void> {
  const newestFirst = () =>
    db.selectFrom('activities').select(['status', 'received_at']).where('check_id', '=', checkId).orderBy('received_at', 'desc').orderBy('id', 'desc');
  const newest = await newestFirst().limit(1).executeTakeFirst();
  if (!newest) {
    await db.updateTable('checks').set({ status: 'pending', status_since: null, last_activity_at: null, last_success_at: null }).where('id', '=', checkId).execute();
    return;
  }
  const lastSuccess = await newestFirst().where('status', '=', 'success').limit(1).executeTakeFirst();
  const lastOther = await newestFirst().where('status', '!=', newest.status).limit(1).executeTakeFirst();
  let runStart = db.selectFrom('activities').select('received_at').where('check_id', '=', checkId);
  if (lastOther) runStart = runStart.where('received_at', '>', lastOther.received_at);
  const since = await runStart.orderBy('received_at').orderBy('id').limit(1).executeTakeFirst();
  await db
    .updateTable('checks')
    .set({ status: newest.status, status_since: since?.received_at ?? newest.received_at, last_activity_at: newest.received_at, last_success_at: lastSuccess?.received_at ?? null })
    .where('id', '=', checkId)
    .execute();
}

function toActivity(row: ActivityRow & { check_name: string }): Activity {
  const evaluation: Evaluation | null = JSON.parse(row.evaluation);
  return {
    id: row.id,
    checkId: row.check_id,
    checkName: row.check_name,
    messageId: row.message_id,
    jobId: row.job_id,
    status: row.status as Activity['status'],
    receivedAt: row.received_at,
    subject: row.subject,
    matchedBy: evaluation?.matchedBy ?? null,
    statusSource: evaluation?.statusSource ?? null,
    matchedRules: evaluation?.matchedRules ?? [],
    reasons: evaluation?.reasons ?? [],
  };
}

const selectActivities = (db: Db) =>
  db.selectFrom('activities').innerJoin('checks', 'checks.id', 'activities.check_id').selectAll('activities').select('checks.name as check_name');

export interface ActivityFilter {
  checkId?: number;
  messageId?: number;
  status?: Activity['status'];
  from?: string;
  to?: string;
  q?: string;
}

/** Newest first; `from` is inclusive and `to` exclusive. */
export async function listActivities(db: Db, f: ActivityFilter, limit: number, after?: TimeKey, scope: Scope = null): Promise<Activity[]> {
  let query = scoped(selectActivities(db), scope, (groups) => groupWithin(groups, 'checks.group_id'));
  if (f.checkId !== undefined) query = query.where('activities.check_id', '=', f.checkId);
  if (f.messageId !== undefined) query = query.where('activities.message_id', '=', f.messageId);
  if (f.status) query = query.where('activities.status', '=', f.status);
  if (f.from) query = query.where('activities.received_at', '>=', f.from);
  if (f.to) query = query.where('activities.received_at', '<', f.to);
  if (f.q) query = query.where(sql<boolean>`lower(activities.subject) like ${likePattern(f.q)} escape '\\'`);
  if (after) query = query.where(olderThan('activities', after));
  const rows = await query.orderBy('activities.received_at', 'desc').orderBy('activities.id', 'desc').limit(limit).execute();
  return rows.map(toActivity);
}
