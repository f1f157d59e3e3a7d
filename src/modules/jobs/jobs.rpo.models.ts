import type { JobSettings, JobSettingsOverrides } from './jobs.settings.js';

const DAY = 86_400_000;
const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

/** The check's RPO in days: its own, else its group's, else the organization's; null when none is set. */
export function rpoDaysOf(org: JobSettings, layers: JobSettingsOverrides[]): number | null {
  let rpo = org.rpoDays;
  for (const layer of layers) if (typeof layer.rpoDays === 'number') rpo = layer.rpoDays;
  return rpo;
}

/**
 * Why the check breaks its RPO at `at`, counted from its last success (or,
 * without one, its creation); null while it keeps it.
 */
export function rpoBreach(rpoDays: number, check: { lastSuccessAt: string | null; createdAt: string }, at: string): string | null {
  const since = check.lastSuccessAt ?? check.createdAt;
  const age = Date.parse(at) - Date.parse(since);
  if (age <= rpoDays * DAY) return null;
  const whole = Math.floor(age / DAY);
  return check.lastSuccessAt
    ? `No successful backup for ${days(whole)} (the last on ${since.slice(0, 10)}; the RPO is ${days(rpoDays)})`
    : `No successful backup since the check was created ${days(whole)} ago (the RPO is ${days(rpoDays)})`;
}
