/** The check page's schedule suggestion (job panels of any format). */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import type { StoredCheck } from './CheckEditorForm.js';
import { scheduleSummary } from './ChecksSchedule.js';
import { ErrorNote } from './Page.js';

type Schedule = StoredCheck['schedule'];

const sameSchedule = (a: Schedule, b: Schedule) => scheduleSummary(a) === scheduleSummary(b) && (a.timezone ?? '') === (b.timezone ?? '');

/** The schedule read from the arrivals of a discovered check's reports, to apply with one click. */
export function Suggestion({ check, isAdmin, onChanged }: { check: StoredCheck; isAdmin: boolean; onChanged: (c: StoredCheck) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const s = check.scheduleSuggestion;
  if (!s) return null;
  if (sameSchedule(check.schedule, s.schedule)) {
    return check.scheduleSetBy === 'suggestion' ? <p class="muted suggestion-applied">The schedule was set from the arrivals of its reports: {s.reason}</p> : null;
  }
  const summary = scheduleSummary(s.schedule);
  const apply = async () => {
    setBusy(true);
    try {
      onChanged(await api<StoredCheck>('PATCH', `/checks/${check.id}`, { schedule: s.schedule }));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="suggestion" role="note" aria-label="Schedule suggestion">
      <p>
        <strong>Suggested schedule:</strong> {summary}
        {s.schedule.timezone && !summary.includes(s.schedule.timezone) && ` (${s.schedule.timezone})`}
      </p>
      <p class="hint">{s.reason}</p>
      {isAdmin && (
        <p>
          <button type="button" class="primary" onClick={apply} disabled={busy}>
            {busy ? 'Applying…' : 'Apply suggested schedule'}
          </button>
        </p>
      )}
      <ErrorNote error={error} />
    </div>
  );
}
