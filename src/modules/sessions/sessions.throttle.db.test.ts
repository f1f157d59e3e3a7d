import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/helpers/database.js';
import type { Db } from '../../db/database.js';
import { fixedClock } from '../../shared/clock.js';
import { LoginThrottle } from './sessions.throttle.js';

let database: Awaited<ReturnType<typeof openTestDb>>;
let db: Db;
beforeEach(async () => {
  database = await openTestDb();
  db = database.db;
});
afterEach(() => database.close());

describe('login throttling, in the database (every node counts the same failures)', () => {
  it('locks a username from one address for 15 minutes after five failures', async () => {
    const clock = fixedClock('2026-11-20T12:00:00Z');
    const throttle = new LoginThrottle(db, clock);
    for (let i = 0; i < 4; i++) await throttle.fail('Alice', '10.0.0.1');
    expect(await throttle.retryAfter('alice', '10.0.0.1')).toBe(0);
    await throttle.fail('alice', '10.0.0.1');
    expect(await throttle.retryAfter('ALICE', '10.0.0.1')).toBe(900);
    expect(await throttle.retryAfter('alice', '10.0.0.2')).toBe(0);
    expect(await throttle.retryAfter('bob', '10.0.0.1')).toBe(0);
    clock.advance(14 * 60_000);
    expect(await throttle.retryAfter('alice', '10.0.0.1')).toBe(60);
    clock.advance(60_000);
    expect(await throttle.retryAfter('alice', '10.0.0.1')).toBe(0);
  });

  it('forgets failures older than 15 minutes', async () => {
    const clock = fixedClock('2026-11-20T12:00:00Z');
    const throttle = new LoginThrottle(db, clock);
    for (let i = 0; i < 4; i++) await throttle.fail('alice', '10.0.0.1');
    clock.advance(15 * 60_000);
    await throttle.fail('alice', '10.0.0.1');
    expect(await throttle.retryAfter('alice', '10.0.0.1')).toBe(0);
  });

  it('caps one address at thirty failures whatever the usernames', async () => {
    const clock = fixedClock('2026-11-20T12:00:00Z');
    const throttle = new LoginThrottle(db, clock);
    for (let i = 0; i < 29; i++) await throttle.fail(`user${i}`, '10.0.0.9');
    expect(await throttle.retryAfter('someone', '10.0.0.9')).toBe(0);
    await throttle.fail('user29', '10.0.0.9');
    expect(await throttle.retryAfter('someone', '10.0.0.9')).toBe(900);
    expect(await throttle.retryAfter('someone', '10.0.0.8')).toBe(0);
  });

  it('forgives a pair its mistakes once it logs in, but not the address', async () => {
    const clock = fixedClock('2026-11-20T12:00:00Z');
    const throttle = new LoginThrottle(db, clock);
    for (let i = 0; i < 4; i++) await throttle.fail('alice', '10.0.0.1');
    await throttle.succeed('alice', '10.0.0.1');
    await throttle.fail('alice', '10.0.0.1');
    expect(await throttle.retryAfter('alice', '10.0.0.1')).toBe(0);
  });
});
