import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { bumpChecksRevision } from '../checks/checks.repository.js';
import { createCheckSchema } from '../checks/checks.schemas.js';
import { insertNewCheck } from '../checks/checks.usecases.js';
import { cometKey, discoveredDescription, discoveredName, groupFor, itemOf, itemRules, mayDiscover } from './comet.discovery.models.js';
import type { CometJob } from './comet.models.js';
import { checkIdByCometKey, findRoute } from './comet.repository.js';
import type { CometSettings } from './comet.settings.js';

export interface DiscoveryDeps {
  clock: Clock;
  timezone: string;
  settings: CometSettings;
}

/**
 * The check a Comet job's protected item stands for, when no check's rules
 * claimed the report: the check it was merged into, the check discovered for
 * it before (even if someone has since edited its rules), or a new one when
 * discovery may make it. A deleted discovered check leaves a tombstone: its
 * item then stays unmatched. Runs in the ingesting transaction.
 */
export async function claimForItem(trx: Db, deps: DiscoveryDeps, job: CometJob, senders: string[] | null): Promise<{ checkId: number; created: boolean } | null> {
  const item = itemOf(job);
  if (!item) return null;
  const key = cometKey(item);
  const route = await findRoute(trx, key);
  if (route) return route.check_id === null ? null : { checkId: route.check_id, created: false };
  const existing = await checkIdByCometKey(trx, key);
  if (existing !== null) return { checkId: existing, created: false };
  if (!mayDiscover(deps.settings, job, senders)) return null;
  const input = createCheckSchema.parse({
    name: discoveredName(item),
    group: groupFor(deps.settings, job),
    labels: ['Comet'],
    description: discoveredDescription(job),
    matching: { mode: 'all', rules: itemRules(item) },
    status: { default: 'failure', comet: true },
  });
  const checkId = await insertNewCheck(trx, deps, input, { origin: 'comet', comet_key: key, schedule_set_by: 'default' });
  await bumpChecksRevision(trx);
  return { checkId, created: true };
}
