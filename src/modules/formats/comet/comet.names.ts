import type { Db } from '../../../db/database.js';
import { mergeChecksInto } from '../../checks/checks.merge.js';
import { bumpChecksRevision } from '../../checks/checks.repository.js';
import type { Matching } from '../../checks/checks.models.js';
import { jobKey } from '../../jobs/jobs.discovery.models.js';
import { checkIdByJobKey, findRoute } from '../../jobs/jobs.repository.js';
import { emptyJob } from '../formats.models.js';
import { discoveredName as nameOf, IDENTIFIERS_NOTE } from './comet.identity.js';
import type { CometJob } from './comet.models.js';
import { knownName, learnName, nameJobs } from './comet.repository.js';

/** A protected item as Comet identifies it: the account, the device and the item's name. */
interface ItemIdentity {
  username: string;
  device: string;
  protectedItem: string;
}

/** The job key of a protected item's backups, as the Comet format gives it. */
const cometKey = (i: ItemIdentity) => jobKey({ id: 'comet' }, { ...emptyJob(''), tenant: i.username, device: i.device, item: i.protectedItem })!;
const discoveredName = (i: ItemIdentity) => nameOf(i.username, i.protectedItem);

type Kind = 'device' | 'item' | 'vault';
const COLUMNS = { device: ['device', 'device_id'], item: ['item', 'source_guid'], vault: ['vault', 'vault_guid'] } as const;

/**
 * A job told by both an email and a webhook event says what the event's
 * identifiers stand for. Once learned, jobs and discovered checks still known
 * by an identifier take the name; a check for the same item under its name
 * absorbs the other. Answers whether anything was learned.
 */
export async function learnNames(trx: Db, job: CometJob, now: string): Promise<boolean> {
  const username = job.username;
  if (!username) return false;
  const lessons: [Kind, string | null, string | null][] = [
    ['device', job.ids.deviceId, job.device],
    ['item', job.ids.sourceGuid, job.protectedItem],
    ['vault', job.ids.vaultGuid, job.vault],
  ];
  let learned = false;
  for (const [kind, ref, name] of lessons) {
    if (!ref || !name || ref === name || (await knownName(trx, username, kind, ref)) === name) continue;
    await learnName(trx, { username, kind, ref, name, at: now });
    await nameJobs(trx, username, COLUMNS[kind][0], COLUMNS[kind][1], ref, name);
    learned = true;
  }
  if (learned && job.device && job.protectedItem) await renameDiscovered(trx, job, { username, device: job.device, protectedItem: job.protectedItem }, now);
  return learned;
}

/** The discovered checks (and tombstones) of this item under any mix of identifiers and names move to its names. */
async function renameDiscovered(trx: Db, job: CometJob, named: ItemIdentity, now: string): Promise<void> {
  const devices = [...new Set([job.ids.deviceId, named.device].filter((d): d is string => Boolean(d)))];
  const items = [...new Set([job.ids.sourceGuid, named.protectedItem].filter((i): i is string => Boolean(i)))];
  const newKey = cometKey(named);
  for (const device of devices) {
    for (const protectedItem of items) {
      const old: ItemIdentity = { username: named.username, device, protectedItem };
      const oldKey = cometKey(old);
      if (oldKey === newKey) continue;
      const oldCheck = await checkIdByJobKey(trx, oldKey);
      if (oldCheck !== null) {
        const target = await checkIdByJobKey(trx, newKey);
        if (target !== null) await mergeChecksInto(trx, target, [oldCheck], now);
        else await rekeyCheck(trx, oldCheck, old, named, now);
      }
      const route = await findRoute(trx, oldKey);
      if (route && !(await findRoute(trx, newKey))) {
        await trx
          .updateTable('job_routes')
          .set({ job_key: newKey, device: named.device, item: named.protectedItem })
          .where('id', '=', route.id)
          .execute();
      }
    }
  }
}

async function rekeyCheck(trx: Db, checkId: number, old: ItemIdentity, named: ItemIdentity, now: string): Promise<void> {
  const row = await trx.selectFrom('checks').select(['name', 'matching', 'description']).where('id', '=', checkId).executeTakeFirstOrThrow();
  const matching: Matching = JSON.parse(row.matching);
  matching.rules = matching.rules.map((r) => {
    if (r.field === 'comet.device' && r.value === old.device) return { ...r, value: named.device };
    if (r.field === 'comet.protectedItem' && r.value === old.protectedItem) return { ...r, value: named.protectedItem };
    return r;
  });
  await trx
    .updateTable('checks')
    .set({
      job_key: cometKey(named),
      matching: JSON.stringify(matching),
      // A name someone chose stays; the one discovery made from identifiers becomes the real one.
      name: row.name === discoveredName(old) ? discoveredName(named) : row.name,
      description: row.description
        .split('\n')
        .filter((line) => line !== IDENTIFIERS_NOTE)
        .map((line) => (line === `Device: ${old.device}` ? `Device: ${named.device}` : line))
        .join('\n'),
      updated_at: now,
    })
    .where('id', '=', checkId)
    .execute();
  await bumpChecksRevision(trx);
}
