import { describe, expect, it } from 'vitest';
import { Admission } from './ingest.admission.js';

describe('Admission', () => {
  it('lets in up to the message limit, and one more once a place is released', () => {
    const queue = new Admission({ messages: 2, bytes: 1000 });
    const a = queue.enter();
    const b = queue.enter();
    expect(a && b).toBeTruthy();
    expect(queue.enter()).toBeNull();
    a!.release();
    expect(queue.enter()).not.toBeNull();
  });

  it('refuses bytes past the limit while other messages hold bytes, and gives them back on release', () => {
    const queue = new Admission({ messages: 10, bytes: 100 });
    const a = queue.enter()!;
    const b = queue.enter()!;
    expect(a.take(60)).toBe(true);
    expect(b.take(30)).toBe(true);
    expect(b.take(20)).toBe(false);
    expect(queue.waiting).toEqual({ messages: 2, bytes: 90 });
    a.release();
    expect(queue.waiting).toEqual({ messages: 1, bytes: 30 });
    expect(b.take(20)).toBe(true);
  });

  it('never refuses a message alone in the queue for its size', () => {
    const queue = new Admission({ messages: 10, bytes: 100 });
    const big = queue.enter()!;
    expect(big.take(80)).toBe(true);
    expect(big.take(80)).toBe(true);
    expect(queue.waiting.bytes).toBe(160);
  });

  it('releases once, however often it is asked', () => {
    const queue = new Admission({ messages: 1, bytes: 100 });
    const a = queue.enter()!;
    a.take(10);
    a.release();
    a.release();
    expect(queue.waiting).toEqual({ messages: 0, bytes: 0 });
    expect(a.take(1)).toBe(false);
  });
});
