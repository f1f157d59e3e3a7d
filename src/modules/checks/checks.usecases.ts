import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, notFound } from '../../shared/errors.js';
import { messageIdsOfCheck } from '../activities/activities.repository.js';
import { unmatchOrphans } from '../messages/messages.repository.js';
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

export interface CheckDeps {
  db: Db;
  clock: Clock;
  /** Told after every committed change, so evaluation sees it at once. */
  catalog: { invalidate(): void };
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

/** A transaction that changes checks: it bumps the revision and tells the catalog once committed. */
async function changing<T>(catalog: CheckDeps['catalog'], db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  const result = await db.transaction().execute(async (trx) => {
    const out = await work(trx);
    await bumpChecksRevision(trx);
    return out;
  });
  catalog.invalidate();
  return result;
}

const groupId = (trx: Db, group: string | null | undefined, now: string) => (group ? ensureGroup(trx, group, now) : Promise.resolve(null));

export async function createCheck({ db, clock, catalog }: CheckDeps, input: CreateCheckInput): Promise<Check> {
  const now = clock.now().toISOString();
  return changing(catalog, db, async (trx) => {
    const id = await insertCheck(trx, {
      name: input.name,
      group_id: await groupId(trx, input.group, now),
      description: input.description,
      asset_id: input.assetId ?? null,
      alias: await chooseAlias(trx, input.alias, input.name),
      paused: input.paused ? 1 : 0,
      matching: JSON.stringify(input.matching),
      status_rules: JSON.stringify(input.status),
      schedule: JSON.stringify(input.schedule),
      created_at: now,
      updated_at: now,
    });
    await replaceLabels(trx, id, input.labels);
    return (await findCheck(trx, id))!;
  });
}

export async function getCheck(db: Db, id: number): Promise<Check> {
  const check = await findCheck(db, id);
  if (!check) throw notFound('check', id);
  return check;
}

export async function updateCheck({ db, clock, catalog }: CheckDeps, id: number, patch: UpdateCheckInput): Promise<Check> {
  const now = clock.now().toISOString();
  return changing(catalog, db, async (trx) => {
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
      updated_at: now,
    });
    if (patch.labels) await replaceLabels(trx, id, patch.labels);
    return getCheck(trx, id);
  });
}

/** Deletes a check and its history; messages it alone had claimed become unmatched again. */
export async function deleteCheck({ db, catalog }: CheckDeps, id: number): Promise<void> {
  await changing(catalog, db, async (trx) => {
    const messageIds = await messageIdsOfCheck(trx, id);
    if (!(await deleteCheckRow(trx, id))) throw notFound('check', id);
    for (let i = 0; i < messageIds.length; i += 500) await unmatchOrphans(trx, messageIds.slice(i, i + 500));
  });
}
