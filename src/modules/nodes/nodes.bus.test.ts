import { expect, it } from 'vitest';
import { type ClusterEvent, chunks } from './nodes.bus.js';

it('packs events into notifications under PostgreSQL\'s 8000-byte limit, in order, none lost', () => {
  const events: ClusterEvent[] = Array.from({ length: 500 }, (_, i) => ({ type: 'live', event: { type: 'activity', checkId: i, activityId: i * 7, status: 'success', at: '2026-12-07T10:00:00.000Z' } }));
  const payloads = chunks('node-a', events);
  expect(payloads.length).toBeGreaterThan(1);
  for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
  const back = payloads.flatMap((p) => (JSON.parse(p) as { from: string; events: ClusterEvent[] }).events);
  expect(back).toEqual(events);
  expect(new Set(payloads.map((p) => JSON.parse(p).from))).toEqual(new Set(['node-a']));
});
