import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock.js';
import type { GrantStore } from '../../alerts/channels/channel.types.js';
import { channelContext } from '../../../../test/helpers/channels.js';
import { openTestDb } from '../../../../test/helpers/database.js';
import { type FakeMicrosoft, OTHER_LIST_ID, startFakeMicrosoft } from '../../../../test/helpers/fake-microsoft.js';
import { box, signIn, todo, todoChannel, todoConfig } from '../../../../test/helpers/microsoft-grant.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { channelGrants } from '../../channels/channels.grants.js';
import { findGrant } from '../../channels/channels.repository.js';

// The account's grant as deliveries use it, on the run's database engine: refreshed as its
// access token runs out, rotated and sealed, given up when Microsoft revokes it, and kept
// whole when two deliveries (or two nodes) refresh it at the same moment.

const clock = fixedClock('2026-11-20T12:00:00Z');
let ms: FakeMicrosoft;
let database: Awaited<ReturnType<typeof openTestDb>>;

beforeEach(async () => {
  clock.set('2026-11-20T12:00:00Z');
  ms = await startFakeMicrosoft(clock);
  database = await openTestDb();
});
afterEach(async () => {
  expect(ms.login.refused).toEqual([]);
  expect(ms.graph.refused).toEqual([]);
  await ms.close();
  await database.close();
});

const HOURS = 3_600_000;

/** Two nodes' stores of one channel, which both read the grant before either writes: the moment two refreshes race. */
function racing(id: number): GrantStore[] {
  let release!: () => void;
  const bothRead = new Promise<void>((resolve) => (release = resolve));
  let reading = 2;
  return [0, 1].map(() => {
    const store = channelGrants({ db: database.db, box, clock }, id);
    let first = true;
    return {
      ...store,
      async load() {
        const got = await store.load();
        if (first) {
          first = false;
          if (--reading === 0) release();
          await bothRead;
        }
        return got;
      },
    };
  });
}

describe("the To Do account's grant", () => {
  it('refreshes a token that ran out and keeps the rotated refresh token, sealed', async () => {
    const { id, store } = await todoChannel(database.db, clock);
    await signIn(ms, store, clock);
    const first = (await store.load()).grant.refreshToken!;
    clock.advance(2 * HOURS);
    expect(await todo().open(todoConfig(ms), ticketRequests().open, channelContext({ grant: store }))).toMatchObject({ ok: true, status: 201 });
    const { grant, state } = await store.load();
    expect(state).toBe('connected');
    expect(grant.refreshToken).not.toBe(first);
    expect(ms.refreshTokens.has(first)).toBe(false);
    expect(ms.refreshTokens.has(grant.refreshToken!)).toBe(true);
    expect(Date.parse(grant.accessExpiresAt!)).toBe(clock.now().getTime() + HOURS);
    const row = await findGrant(database.db, id);
    for (const secret of [grant.refreshToken!, grant.accessToken!, 'ops@acme.example']) expect(row!.grant).not.toContain(secret);
  });

  it('fails at once, as reconnect needed, once Microsoft revokes the grant', async () => {
    const { store } = await todoChannel(database.db, clock);
    await signIn(ms, store, clock);
    ms.revokeAll();
    clock.advance(2 * HOURS);
    const reason = 'AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed.';
    const ctx = channelContext({ grant: store });
    expect(await todo().open(todoConfig(ms), ticketRequests().open, ctx)).toEqual({ ok: false, retryable: false, error: `reconnect needed: ${reason}` });
    expect(await store.load()).toMatchObject({ state: 'reconnect-needed', error: reason, grant: { account: 'ops@acme.example' } });
    // Nothing is asked of Microsoft again until someone reconnects.
    const asked = ms.login.requests.length + ms.graph.requests.length;
    expect(await todo().open(todoConfig(ms), ticketRequests().open, ctx)).toEqual({ ok: false, retryable: false, error: `reconnect needed: ${reason}` });
    expect(ms.login.requests.length + ms.graph.requests.length).toBe(asked);
  });

  it('keeps the rotated token when two nodes refresh at once and the old one is revoked on use', async () => {
    const { id, store } = await todoChannel(database.db, clock);
    await signIn(ms, store, clock);
    clock.advance(2 * HOURS);
    const [nodeA, nodeB] = racing(id).map((grant) => channelContext({ grant }));
    const [a, b] = await Promise.all([
      todo().open(todoConfig(ms), ticketRequests().open, nodeA!),
      todo().open(todoConfig(ms), ticketRequests({ listId: OTHER_LIST_ID }).open, nodeB!),
    ]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    // Both asked with the same token; the second was refused, read the winner's grant, and used it.
    expect(ms.refreshes).toBe(2);
    const { grant, state } = await store.load();
    expect(state).toBe('connected');
    expect([...ms.refreshTokens.keys()]).toEqual([grant.refreshToken]);
    expect(ms.tasks).toHaveLength(2);
  });

  it('keeps one grant when two nodes refresh at once and both get new tokens', async () => {
    ms.revokeRotated = false;
    const { id, store } = await todoChannel(database.db, clock);
    await signIn(ms, store, clock);
    clock.advance(2 * HOURS);
    const before = ms.graph.requests.length;
    const nodes = racing(id).map((grant) => channelContext({ grant }));
    const outcomes = await Promise.all(nodes.map((ctx) => todo().open(todoConfig(ms), ticketRequests().open, ctx!)));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(ms.refreshes).toBe(2);
    // The loser of the compare-and-set threw its tokens away and used the winner's.
    const { grant } = await store.load();
    expect(ms.graph.requests.slice(before).map((r) => r.headers.authorization)).toEqual([`Bearer ${grant.accessToken}`, `Bearer ${grant.accessToken}`]);
  });
});
