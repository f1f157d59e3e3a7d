import { sql } from 'kysely';
import { openTestDb } from '../../test/helpers/database.js';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CommitQueue } from './commit-queue.js';
import type { Db } from './database.js';

let database: Awaited<ReturnType<typeof openTestDb>>;
let db: Db;

beforeEach(async () => {
  database = await openTestDb();
  db = database.db;
});

afterEach(async () => {
  await database.close();
});

const put = (key: string) => (trx: Db) => trx.insertInto('meta').values({ key, value: 'v' }).execute().then(() => key);
const keys = async () => (await db.selectFrom('meta').select('key').orderBy('key').execute()).map((r) => r.key);

it('commits jobs queued together in one transaction and resolves each after the commit', async () => {
  let transactions = 0;
  const counting: Db = Object.create(db, { transaction: { value: () => (transactions++, db.transaction()) } });
  const queue = new CommitQueue(counting);
  const results = await Promise.all(['a', 'b', 'c'].map((k) => queue.run(put(k))));
  expect(results).toEqual(['a', 'b', 'c']);
  expect(transactions).toBe(1);
  expect(await keys()).toEqual(['a', 'b', 'c']);
});

it('rolls back a failing job alone', async () => {
  const queue = new CommitQueue(db);
  const outcomes = await Promise.allSettled([
    queue.run(put('a')),
    queue.run(async (trx) => {
      await put('half-done')(trx);
      throw new Error('boom');
    }),
    queue.run(put('a')), // duplicate primary key: fails in the database
    queue.run(put('c')),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
  expect(await keys()).toEqual(['a', 'c']);
});

it('when a commit fails, retries the batch one job at a time so only the culprit fails', async () => {
  const queue = new CommitQueue(db);
  // A deferred foreign key is checked at COMMIT, so the commit itself fails.
  await sql`create table parent (id integer primary key)`.execute(db);
  await sql`create table child (parent_id integer references parent(id) deferrable initially deferred)`.execute(db);
  const outcomes = await Promise.allSettled([
    queue.run(put('x')),
    queue.run((trx) => (trx as any).insertInto('child').values({ parent_id: 42 }).execute()),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
  expect(await keys()).toEqual(['x']);
});

it('drain waits for queued work', async () => {
  const queue = new CommitQueue(db);
  void queue.run(put('late'));
  await queue.drain();
  expect(await keys()).toEqual(['late']);
});

it('runs a job again when it lost a deadlock or a uniqueness race to another writer, alone or in a batch', async () => {
  const queue = new CommitQueue(db);
  const losing = (key: string, code: string) => {
    let tries = 0;
    return async (trx: Db) => {
      if (++tries === 1) throw Object.assign(new Error('lost to another writer'), { code });
      return put(key)(trx);
    };
  };
  expect(await queue.run(losing('alone', '40P01'))).toBe('alone');
  const together = await Promise.all([queue.run(put('b1')), queue.run(losing('b2', '23505'))]);
  expect(together).toEqual(['b1', 'b2']);
  expect(await keys()).toEqual(['alone', 'b1', 'b2']);
});
