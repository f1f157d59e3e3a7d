import type { Db } from '../../db/database.js';
import { isRetryableConflict, isUniqueViolation } from '../../db/dialect.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, invalid, notFound } from '../../shared/errors.js';
import { existingChannelIds, setCheckChannels } from '../channels/channels.repository.js';
import { applyActivityToCheck, insertActivity, messageIdsOfCheck } from '../activities/activities.repository.js';
import { rearm, resume } from '../schedule/schedule.expectations.js';
import { expectationColumns, lastReportAt, setExpectation } from '../schedule/schedule.repository.js';
import { overdueActivity, overdueChange } from '../schedule/schedule.usecases.js';
import { type Alerting, raiseAlerts } from '../alerts/alerts.raise.js';
import { loadAlertContext } from '../alerts/alerts.repository.js';
import { unmatchOrphans } from '../messages/messages.repository.js';
import { identityOfKey } from '../jobs/jobs.discovery.models.js';
import { packJobSettings, patchedJobSettings } from '../jobs/jobs.settings.js';
import { putRoute } from '../jobs/jobs.repository.js';
import { mergeChecksInto } from './checks.merge.js';
import { makeAlias, uniqueAlias, type Check } from './checks.models.js';
import {
  bumpChecksRevision,
  deleteCheckRow,
  ensureGroup,
  findCheck,
  insertCheck,
  replaceLabels,
  takenAliases,
  updateCheckRow,
} from './checks.repository.js';
import type { CreateCheckInput, UpdateCheckInput } from './checks.schemas.js';
import type { NewCheckRow } from '../../db/schema.js';
import type { Scope } from '../../shared/scope.js';

export interface CheckDeps {
  db: Db;
  clock: Clock;
  /** The zone for schedules that name none. */
  timezone: string;
  alerting: Alerting;
  /** Called after every committed change, so ingestion and the scheduler see it at once. */
  checksChanged: () => void;
}

const aliasTaken = () => new AppError('check.alias_taken', 'alias: another check already uses this alias', 409);

async function chooseAlias(trx: Db, requested: string | undefined, name: string, exceptId?: number): Promise<string> {
  if (requested !== undefined) {
    if ((await takenAliases(trx, requested, exceptId)).has(requested)) throw aliasTaken();
    return requested;
  }
  const base = makeAlias(name);
  const taken = await takenAliases(trx, base, exceptId);
  return uniqueAlias(base, (a) => taken.has(a));
}

const CONFLICT_TRIES = 10;

/** A transaction that changes checks: it bumps the revision and, once committed, tells whoever caches checks. */
async function changing<T>(deps: CheckDeps, work: (trx: Db) => Promise<T>): Promise<T> {
  const attempt = () =>
    deps.db.transaction().execute(async (trx) => {
      const out = await work(trx);
      await bumpChecksRevision(trx);
      return out;
    });
  for (let tries = 1; ; tries++) {
    try {
      const result = await attempt();
      deps.checksChanged();
      return result;
    } catch (e) {
      // Another request (or node) took the alias or made the group between our look and our write: looking
      // again sees it, and picks the next free alias or answers that the one asked for is taken.
      if (tries >= CONFLICT_TRIES || !(isUniqueViolation(e) || isRetryableConflict(e))) throw e;
    }
  }
}

const withoutNulls = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

async function knownChannels(trx: Db, ids: number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  const known = new Set(await existingChannelIds(trx, unique));
  const missing = unique.findIndex((id) => !known.has(id));
  if (missing >= 0) throw invalid(`notifications.channelIds[${ids.indexOf(unique[missing]!)}]`, `no channel ${unique[missing]}`);
  return unique;
}

const groupId = (trx: Db, group: string | null | undefined, now: string) => (group ? ensureGroup(trx, group, now) : Promise.resolve(null));

export async function createCheck(deps: CheckDeps, input: CreateCheckInput): Promise<Check> {
  return changing(deps, async (trx) => (await findCheck(trx, await insertNewCheck(trx, deps, input)))!);
}

/** What a check made by the service itself (discovery) carries beyond what the API takes. */
export type CheckOrigin = Pick<NewCheckRow, 'origin' | 'job_key' | 'schedule_set_by'>;

/** Inserts a check in the caller's transaction (which must bump the checks revision). */
export async function insertNewCheck(trx: Db, deps: Pick<CheckDeps, 'clock' | 'timezone'>, input: CreateCheckInput, origin: CheckOrigin = {}): Promise<number> {
  const now = deps.clock.now();
  const { expectation } = rearm({ schedule: input.schedule, paused: input.paused, lastReportAt: null, overdue: false }, now, deps.timezone);
  const { channelIds = [], ...overrides } = input.notifications;
  const id = await insertCheck(trx, {
    ...expectationColumns(expectation),
    ...origin,
    notifications: JSON.stringify(withoutNulls(overrides)),
    ticket_fields: JSON.stringify(input.ticketFields),
    name: input.name,
    group_id: await groupId(trx, input.group, now.toISOString()),
    description: input.description,
    asset_id: input.assetId ?? null,
    alias: await chooseAlias(trx, input.alias, input.name),
    paused: input.paused ? 1 : 0,
    matching: JSON.stringify(input.matching),
    status_rules: JSON.stringify(input.status),
    schedule: JSON.stringify(input.schedule),
    job_settings: packJobSettings(input),
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  });
  await replaceLabels(trx, id, input.labels);
  await setCheckChannels(trx, id, await knownChannels(trx, channelIds));
  return id;
}

/** A check; one outside the caller's scope is not found, like one that does not exist. */
export async function getCheck(db: Db, id: number, scope: Scope = null): Promise<Check> {
  const check = await findCheck(db, id, scope);
  if (!check) throw notFound('check', id);
  return check;
}

export async function updateCheck(deps: CheckDeps, id: number, patch: UpdateCheckInput): Promise<Check> {
  const now = deps.clock.now().toISOString();
  return changing(deps, async (trx) => {
    const current = await getCheck(trx, id);
    const matching = patch.matching ? { ...current.matching, ...patch.matching } : undefined;
    const statusRules = patch.status ? { ...current.statusRules, ...patch.status } : undefined;
    await updateCheckRow(trx, id, {
      name: patch.name,
      group_id: patch.group === undefined ? undefined : await groupId(trx, patch.group, now),
      description: patch.description,
      asset_id: patch.assetId,
      alias: patch.alias === undefined || patch.alias === current.alias ? undefined : await chooseAlias(trx, patch.alias, current.name, id),
      paused: patch.paused === undefined ? undefined : patch.paused ? 1 : 0,
      matching: matching && JSON.stringify(matching),
      status_rules: statusRules && JSON.stringify(statusRules),
      schedule: patch.schedule && JSON.stringify(patch.schedule),
      schedule_set_by: patch.schedule && 'user',
      ticket_fields: patch.ticketFields && JSON.stringify(patch.ticketFields),
      job_settings: patchedJobSettings(current, patch),
      updated_at: now,
    });
    if (patch.labels) await replaceLabels(trx, id, patch.labels);
    if (patch.notifications) {
      const { channelIds, ...overrides } = patch.notifications;
      await updateCheckRow(trx, id, { notifications: JSON.stringify(withoutNulls({ ...current.notifications.overrides, ...overrides })) });
      if (channelIds) await setCheckChannels(trx, id, await knownChannels(trx, channelIds));
    }
    await rearmOnChange(trx, deps, current, patch);
    return getCheck(trx, id);
  });
}

/**
 * A new schedule counts from the last report (overdue at once if that already
 * lapsed); resuming a paused check counts from now; pausing stops waiting.
 */
async function rearmOnChange(trx: Db, deps: CheckDeps, current: Check, patch: UpdateCheckInput): Promise<void> {
  const scheduleChanged = patch.schedule !== undefined && JSON.stringify(patch.schedule) !== JSON.stringify(current.schedule);
  const pausedChanged = patch.paused !== undefined && patch.paused !== current.paused;
  if (!scheduleChanged && !pausedChanged) return;
  const now = deps.clock.now();
  const timing = {
    schedule: patch.schedule ?? current.schedule,
    paused: patch.paused ?? current.paused,
    lastReportAt: await lastReportAt(trx, current.id),
    overdue: current.status === 'overdue',
  };
  if (!scheduleChanged && !timing.paused) {
    await setExpectation(trx, current.id, resume(timing, now, deps.timezone));
    return;
  }
  const { expectation, overdueNow } = rearm(timing, now, deps.timezone);
  if (overdueNow) {
    const at = now.toISOString();
    const before = await loadAlertContext(trx, current.id);
    const activityId = await insertActivity(trx, overdueActivity(current.id, at, at));
    await applyActivityToCheck(trx, current.id, 'overdue', at);
    if (before) await raiseAlerts(trx, deps.alerting, before, overdueChange(current.id, activityId, at, null, at));
  }
  await setExpectation(trx, current.id, expectation);
}

/**
 * Deletes a check and its history; messages it alone had claimed become
 * unmatched again. A check discovery made leaves a tombstone, so the next
 * report of its job does not make it again, unless `rediscover` is asked.
 */
export async function deleteCheck(deps: CheckDeps, id: number, options: { rediscover?: boolean } = {}): Promise<void> {
  await changing(deps, async (trx) => {
    const messageIds = await messageIdsOfCheck(trx, id);
    const key = (await trx.selectFrom('checks').select('job_key').where('id', '=', id).executeTakeFirst())?.job_key;
    if (!(await deleteCheckRow(trx, id))) throw notFound('check', id);
    if (key && !options.rediscover) {
      await putRoute(trx, { key, checkId: null, ...identityOfKey(key), at: deps.clock.now().toISOString() });
    }
    for (let i = 0; i < messageIds.length; i += 500) await unmatchOrphans(trx, messageIds.slice(i, i + 500));
  });
}

/** Folds other checks into this one (see mergeChecksInto); answers the check as it is now. */
export async function mergeChecks(deps: CheckDeps, id: number, otherIds: number[]): Promise<Check> {
  return changing(deps, async (trx) => {
    await getCheck(trx, id);
    const others = [...new Set(otherIds)];
    for (const [i, other] of others.entries()) {
      if (other === id) throw invalid(`checkIds[${i}]`, 'a check cannot be merged into itself');
      if (!(await findCheck(trx, other))) throw invalid(`checkIds[${otherIds.indexOf(other)}]`, `no check ${other}`);
    }
    await mergeChecksInto(trx, id, others, deps.clock.now().toISOString());
    return getCheck(trx, id);
  });
}
