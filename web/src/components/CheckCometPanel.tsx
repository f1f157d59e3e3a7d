/** The check page's Comet panel: the protected item and its newest job, the schedule suggestion, the trends. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { StoredCheck } from './CheckEditorForm.js';
import { JobFacts } from './CometJob.js';
import { CometTrends, type TrendPoint } from './JobTrends.js';
import { scheduleSummary } from './ChecksSchedule.js';
import { ErrorNote } from './Page.js';

type Schedule = StoredCheck['schedule'];

const sameSchedule = (a: Schedule, b: Schedule) => scheduleSummary(a) === scheduleSummary(b) && (a.timezone ?? '') === (b.timezone ?? '');

function Suggestion({ check, isAdmin, onChanged }: { check: StoredCheck; isAdmin: boolean; onChanged: (c: StoredCheck) => void }) {
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

export function CheckCometPanel({ check, isAdmin, onChanged }: { check: StoredCheck; isAdmin: boolean; onChanged: (c: StoredCheck) => void }) {
  const comet = check.comet!;
  const [points, setPoints] = useState<TrendPoint[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ items: TrendPoint[] }>('GET', `/checks/${check.id}/trends?limit=60`).then((t) => {
      setPoints(t.items);
      setError(null);
    }, setError);
  }, [check.id, comet.lastJob.id]);

  return (
    <section class="panel comet-panel" aria-labelledby="comet-panel-title">
      <h2 id="comet-panel-title">Comet protected item</h2>
      {check.origin === 'comet' && <p class="muted comet-origin">Created by Comet auto-discovery from the first report of this protected item.</p>}
      <Suggestion check={check} isAdmin={isAdmin} onChanged={onChanged} />
      <div class="comet-panel-body">
        <div>
          <h3>Newest job</h3>
          <JobFacts
            username={comet.username}
            device={comet.device}
            protectedItem={comet.protectedItem}
            vault={comet.vault}
            clientVersion={comet.clientVersion}
            outdated={comet.outdated ? { newestClientVersion: comet.newestClientVersion } : undefined}
            job={comet.lastJob}
          />
        </div>
        <div>
          <h3>Backup trends</h3>
          <ErrorNote error={error} />
          {points ? <CometTrends points={points} /> : !error && <p class="loading">Loading…</p>}
        </div>
      </div>
    </section>
  );
}
