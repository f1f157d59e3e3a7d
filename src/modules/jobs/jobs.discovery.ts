import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { bumpChecksRevision } from '../checks/checks.repository.js';
import { createCheckSchema } from '../checks/checks.schemas.js';
import { insertNewCheck } from '../checks/checks.usecases.js';
import type { ReportFormat, ReportJob } from '../formats/formats.models.js';
import type { FormatSettings } from '../formats/formats.settings.js';
import { discoveredDescription, discoveryRules, groupFor, mayDiscover, namingOf } from './jobs.discovery.models.js';
import { checkIdByJobKey, findRoute } from './jobs.repository.js';

export interface DiscoveryDeps {
  clock: Clock;
  timezone: string;
  settings: FormatSettings;
}

/**
 * The check a job stands for, when no check's rules claimed its report: the
 * check it was merged into, the check discovered for it before (even if
 * someone has since edited its rules), or a new one when discovery may make
 * it. A deleted discovered check leaves a tombstone: its job then stays
 * unmatched. Runs in the ingesting transaction.
 */
export async function claimForJob(
  trx: Db,
  deps: DiscoveryDeps,
  format: ReportFormat,
  job: ReportJob,
  key: string | null,
  senders: string[] | null,
): Promise<{ checkId: number; created: boolean } | null> {
  if (key === null) return null;
  const route = await findRoute(trx, key);
  if (route) return route.check_id === null ? null : { checkId: route.check_id, created: false };
  const existing = await checkIdByJobKey(trx, key);
  if (existing !== null) return { checkId: existing, created: false };
  if (!mayDiscover(deps.settings, key, job, senders)) return null;
  const naming = namingOf(format, job);
  const input = createCheckSchema.parse({
    name: naming.name,
    group: groupFor(deps.settings, job, naming.group),
    labels: [format.product],
    description: discoveredDescription(format, job),
    matching: { mode: 'all', rules: discoveryRules(format, job) },
    status: { default: 'failure', comet: true },
  });
  const checkId = await insertNewCheck(trx, deps, input, { origin: format.id, job_key: key, schedule_set_by: 'default' });
  await bumpChecksRevision(trx);
  return { checkId, created: true };
}
