import { DAY_LABELS, WEEKDAYS } from './CheckEditorForm.js';

type Schedule = { type: string; [key: string]: any };

const unitWord = (n: number, unit: string) => (n === 1 ? `${unit.replace(/s$/, '')}` : `${n} ${unit}`);

/** Consecutive days as ranges: mon, tue, wed, fri → "Mon–Wed, Fri". */
function daysText(days: string[]): string {
  const idx = WEEKDAYS.map((d, i) => (days.includes(d) ? i : -1)).filter((i) => i >= 0);
  const parts: string[] = [];
  for (let i = 0; i < idx.length; i++) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === idx[j]! + 1) j++;
    const [a, b] = [DAY_LABELS[WEEKDAYS[idx[i]!]!], DAY_LABELS[WEEKDAYS[idx[j]!]!]];
    parts.push(j > i + 1 ? `${a}–${b}` : j === i + 1 ? `${a}, ${b}` : a!);
    i = j;
  }
  return parts.join(', ');
}

/** A schedule in a line for the checks list: "Every day, overdue after 30 min, 20:00–23:00 Europe/Berlin, Mon–Fri". */
export function scheduleSummary(s: Schedule): string {
  if (s.type === 'interval') {
    const parts = [`Every ${unitWord(s.every, s.unit)}`, `overdue after ${s.overdueAfterMinutes} min`];
    if (s.window) parts.push(`${s.window.start}–${s.window.end}${s.window.timezone || s.timezone ? ` ${s.window.timezone ?? s.timezone}` : ''}`);
    if (s.activeDays) parts.push(daysText(s.activeDays));
    return parts.join(', ');
  }
  if (s.type === 'cron') return `Cron ${s.cron}${s.timezone ? ` (${s.timezone})` : ''}, overdue after ${s.overdueAfterMinutes} min`;
  return 'Unscheduled';
}
