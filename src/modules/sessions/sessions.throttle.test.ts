import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock.js';
import { LoginThrottle } from './sessions.throttle.js';

describe('login throttling', () => {
  it('locks a username from one address for 15 minutes after five failures', () => {
    const clock = fixedClock('2026-11-20T12:00:00Z');
    const throttle = new LoginThrottle(clock);
    for (let i = 0; i < 4; i++) throttle.fail('Alice', '10.0.0.1');
    expect(throttle.retryAfter('alice', '10.0.0.1')).toBe(0);
    throttle.fail('alice', '10.0.0.1');
    expect(throttle.retryAfter('ALICE', '10.0.0.1')).toBe(900);
    expect(throttle.retryAfter('alice', '10.0.0.2')).toBe(0);
    expect(throttle.retryAfter('bob', '10.0.0.1')).toBe(0);
    clock.advance(14 * 60_000);
    expect(throttle.retryAfter('alice', '10.0.0.1')).toBe(60);
    clock.advance(60_000);
    expect(throttle.retryAfter('alice', '10.0.0.1')).toBe(0);
  });

  it('forgets failures older than 15 minutes', () => {
    const clock = fixedClock('2026-11-20T12:00:00Z');
    const throttle = new LoginThrottle(clock);
    for (let i = 0; i < 4; i++) throttle.fail('alice', '10.0.0.1');
    clock.advance(15 * 60_000);
    throttle.fail('alice', '10.0.0.1');
    expect(throttle.retryAfter('alice', '10.0.0.1')).toBe(0);
  });

  it('caps one address at thirty failures whatever the usernames', () => {
    const clock = fixedClock('2026-11-20T12:00:00Z');
    const throttle = new LoginThrottle(clock);
    for (let i = 0; i < 29; i++) throttle.fail(`user${i}`, '10.0.0.9');
    expect(throttle.retryAfter('someone', '10.0.0.9')).toBe(0);
    throttle.fail('user29', '10.0.0.9');
    expect(throttle.retryAfter('someone', '10.0.0.9')).toBe(900);
    expect(throttle.retryAfter('someone', '10.0.0.8')).toBe(0);
  });

  it('forgives a pair its mistakes once it logs in, but not the address', () => {
    const clock = fixedClock('2026-11-20T12:00:00Z');
    const throttle = new LoginThrottle(clock);
    for (let i = 0; i < 4; i++) throttle.fail('alice', '10.0.0.1');
    throttle.succeed('alice', '10.0.0.1');
    throttle.fail('alice', '10.0.0.1');
    expect(throttle.retryAfter('alice', '10.0.0.1')).toBe(0);
  });
});
