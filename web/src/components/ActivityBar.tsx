import { formatDay } from '../format.js';
import { navigate } from '../router.js';

export type DayCounts = { success: number; warning: number; failure: number; overdue: number };

// Worst first: failure and overdue are red, warning amber, success green.
const ORDER = ['failure', 'overdue', 'warning', 'success'] as const;
const COLOUR: Record<(typeof ORDER)[number], string> = { failure: 'red', overdue: 'red', warning: 'amber', success: 'green' };
// ◷ rather than ⏱: it is in the common text fonts, so it never shows as a missing glyph.
const SYMBOL: Record<(typeof ORDER)[number], string> = { failure: '✕', overdue: '◷', warning: '!', success: '✓' };

/** The day's worst status, and the next-worst of another colour (for the stripes). */
export function dayLook(c: DayCounts) {
  const present = ORDER.filter((s) => c[s] > 0);
  const worst = present[0] ?? null;
  const next = worst ? (present.find((s) => COLOUR[s] !== COLOUR[worst]) ?? null) : null;
  return { worst, next, total: present.reduce((n, s) => n + c[s], 0), present };
}

const describe = (day: string, c: DayCounts) => {
  const { total, present } = dayLook(c);
  if (!total) return `${formatDay(day)}: no activity`;
  return `${formatDay(day)}: ${total} ${total === 1 ? 'activity' : 'activities'} (${present.map((s) => `${c[s]} ${s}`).join(', ')})`;
};

/**
 * Ten days of a check, oldest on the left, today on the right: each day shows
 * its number of activities, coloured by its worst status and striped with the
 * next-worst when there was more than one; a symbol and a label say the same
 * for people who do not see the colours. A click opens that day's activities.
 */
export function ActivityBar({ checkId, days, counts }: { checkId: number; days: string[]; counts: DayCounts[] | undefined }) {
  return (
    <div class="activity-bar" role="group" aria-label="Activity over the last ten days">
      {days.map((day, i) => {
        const c = counts?.[i] ?? { success: 0, warning: 0, failure: 0, overdue: 0 };
        const { worst, next, total } = dayLook(c);
        const classes = ['segment', worst ? `seg-${COLOUR[worst]}` : 'seg-empty', next ? `stripe-${COLOUR[next]}` : '', i === days.length - 1 ? 'today' : ''];
        return (
          <button
            type="button"
            key={day}
            class={classes.filter(Boolean).join(' ')}
            data-day={day}
            data-worst={worst ?? ''}
            data-next={next ?? ''}
            title={describe(day, c)}
            aria-label={describe(day, c)}
            onClick={() => navigate(`/activity?checkId=${checkId}&day=${day}`)}
          >
            {total > 0 && (
              <>
                <span aria-hidden="true">{SYMBOL[worst!]}</span> {total}
              </>
            )}
          </button>
        );
      })}
    </div>
  );
}

/** The day names above a column of activity bars, oldest to "Today". */
export function DayLabels({ days }: { days: string[] }) {
  return (
    <div class="activity-bar day-labels">
      {days.map((d, i) => (
        <span key={d}>{i === days.length - 1 ? 'Today' : formatDay(d)}</span>
      ))}
    </div>
  );
}
