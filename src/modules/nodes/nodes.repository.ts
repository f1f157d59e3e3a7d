import type { Db } from '../../db/database.js';

export interface NodeRuns {
  engine: string;
  smtp: string;
  http: string;
}

export interface NodeInfo {
  id: string;
  name: string;
  version: string;
  runs: NodeRuns;
  startedAt: string;
  heartbeatAt: string;
}

export async function beat(db: Db, node: Omit<NodeInfo, 'heartbeatAt'>, at: string): Promise<void> {
  const runs = JSON.stringify(node.runs);
  await db
    .insertInto('nodes')
    .values({ id: node.id, name: node.name, version: node.version, runs, started_at: node.startedAt, heartbeat_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: at, runs }))
    .execute();
}

/** The nodes whose heartbeat is newer than `since`, by name. */
export async function aliveNodes(db: Db, since: string): Promise<NodeInfo[]> {
  const rows = await db.selectFrom('nodes').selectAll().where('heartbeat_at', '>', since).orderBy('name').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, version: r.version, runs: JSON.parse(r.runs) as NodeRuns, startedAt: r.started_at, heartbeatAt: r.heartbeat_at }));
}

export async function leave(db: Db, id: string): Promise<void> {
  await db.deleteFrom('nodes').where('id', '=', id).execute();
}

/** Rows of nodes silent for long (stopped without saying so) go. */
export async function forgetSilent(db: Db, before: string): Promise<void> {
  await db.deleteFrom('nodes').where('heartbeat_at', '<', before).execute();
}
