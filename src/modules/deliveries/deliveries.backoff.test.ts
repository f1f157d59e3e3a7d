import { expect, it } from 'vitest';
import { retryDelayMs } from './deliveries.backoff.js';

it.each([
  [1, 15_000, 30_000],
  [2, 30_000, 60_000],
  [3, 60_000, 120_000],
  [7, 960_000, 1_920_000],
  [8, 1_800_000, 3_600_000],
  [30, 1_800_000, 3_600_000],
])('after %i failures waits between %i and %i ms', (failures, min, max) => {
  expect(retryDelayMs(failures, () => 0)).toBe(min);
  expect(retryDelayMs(failures, () => 1)).toBe(max);
  const jittered = retryDelayMs(failures, () => 0.37);
  expect(jittered).toBeGreaterThan(min);
  expect(jittered).toBeLessThan(max);
});

it('retries for about a day in some forty attempts', () => {
  let elapsed = 0;
  let attempts = 0;
  while (elapsed < 24 * 3_600_000) elapsed += retryDelayMs(++attempts, () => 0.5);
  expect(attempts).toBeGreaterThan(25);
  expect(attempts).toBeLessThan(50);
});
