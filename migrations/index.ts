import type { Migration } from 'kysely';
import * as core from './0001_core.js';
import * as schedule from './0002_schedule.js';
import * as alerts from './0003_alerts.js';
import * as tickets from './0004_tickets.js';
import * as accounts from './0005_accounts.js';
import * as comet from './0006_comet.js';
import * as ingestIndexes from './0007_ingest_indexes.js';
import * as nodes from './0008_nodes.js';
import * as jobs from './0009_jobs.js';
import * as personal from './0010_personal.js';
import * as channelGrants from './0011_channel_grants.js';
import * as userScope from './0012_user_scope.js';

/** Every migration, in order. A static list, so the build needs no file-system scan. */
export const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_schedule': schedule,
  '0003_alerts': alerts,
  '0004_tickets': tickets,
  '0005_accounts': accounts,
  '0006_comet': comet,
  '0007_ingest_indexes': ingestIndexes,
  '0008_nodes': nodes,
  '0009_jobs': jobs,
  '0010_personal': personal,
  '0011_channel_grants': channelGrants,
  '0012_user_scope': userScope,
};
