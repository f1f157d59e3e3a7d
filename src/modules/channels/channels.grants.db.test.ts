import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { fixedClock } from '../../shared/clock.js';
import { SecretBox } from '../../shared/secrets.js';
import { openTestDb } from '../../../test/helpers/database.js';
import { channelGrants } from './channels.grants.js';
import { findGrant, insertChannel } from './channels.repository.js';

let database: Awaited<ReturnType<typeof openTestDb>>;
let db: Db;
let channelId: number;
const box = new SecretBox(crypto.randomBytes(32));
const clock = fixedClock('2026-11-20T12:00:00Z');

beforeEach(async () => {
  database = await openTestDb();
  db = database.db;
  const now = clock.now().toISOString();
  channelId = await insertChannel(db, { type: 'microsoft-todo', name: 'To Do', config: '{}', secrets: null, created_at: now, updated_at: now });
});
afterEach(() => database.close());

describe("a channel's grant", () => {
  it('is sealed at rest and connected once it has a refresh token', async () => {
    const store = channelGrants({ db, box, clock }, channelId);
    expect(await store.load()).toEqual({ grant: {}, state: null, error: null, stamp: null });
    expect(await store.save({ refreshToken: 'refresh-secret-1', accessToken: 'access-secret-1', account: 'ops@acme.example' }, null)).toBeTruthy();
    const row = await findGrant(db, channelId);
    expect(row?.grant_state).toBe('connected');
    expect(row?.grant).not.toContain('secret-1');
    expect(row?.grant).not.toContain('ops@acme');
    expect((await store.load()).grant).toMatchObject({ refreshToken: 'refresh-secret-1', account: 'ops@acme.example' });
  });

  it('keeps the first of two writes made from the same version, and tells the second to reload', async () => {
    const a = channelGrants({ db, box, clock }, channelId);
    const b = channelGrants({ db, box, clock }, channelId);
    await a.save({ refreshToken: 'r0' }, null);
    const [seenByA, seenByB] = await Promise.all([a.load(), b.load()]);
    const saved = await a.save({ refreshToken: 'r1' }, seenByA.stamp);
    expect((await a.load()).stamp).toBe(saved);
    expect(await b.save({ refreshToken: 'r2' }, seenByB.stamp)).toBeNull();
    expect(await b.revoked('AADSTS70008: expired', seenByB.stamp)).toBe(false);
    expect((await b.load()).grant.refreshToken).toBe('r1');
  });

  it('drops the tokens of a revoked grant, keeps whose it was, and forgets it when told', async () => {
    const store = channelGrants({ db, box, clock }, channelId);
    await store.save({ refreshToken: 'r0', accessToken: 'a0', account: 'ops@acme.example' }, null);
    const { stamp } = await store.load();
    expect(await store.revoked('AADSTS50173: the grant expired', stamp)).toBe(true);
    expect(await store.load()).toMatchObject({ grant: { account: 'ops@acme.example' }, state: 'reconnect-needed', error: 'AADSTS50173: the grant expired' });
    expect((await store.load()).grant.refreshToken).toBeUndefined();
    // A sign-in in progress does not make it connected; the new grant does.
    const pending = { deviceCode: 'dc', expiresAt: '2026-11-20T12:15:00Z', interval: 5, nextPollAt: '2026-11-20T12:00:00Z' };
    expect(await store.save({ account: 'ops@acme.example', pending }, (await store.load()).stamp)).toBeTruthy();
    expect((await store.load()).state).toBe('reconnect-needed');
    expect(await store.save({ refreshToken: 'r9', account: 'ops@acme.example' }, (await store.load()).stamp)).toBeTruthy();
    expect(await store.load()).toMatchObject({ state: 'connected', error: null });
    await store.forget();
    expect(await store.load()).toEqual({ grant: {}, state: null, error: null, stamp: null });
  });
});
