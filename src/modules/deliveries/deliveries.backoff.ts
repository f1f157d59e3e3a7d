const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/**
 * How long to wait before attempt `failures + 1`: doubling from 30 seconds up
 * to an hour, and a random half of that again, so many deliveries failing
 * together (a receiver down) do not all come back at the same instant.
 */
export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, Math.min(failures - 1, 20)));
  return Math.round(delay / 2 + (random() * delay) / 2);
}
