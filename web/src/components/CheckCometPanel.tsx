/** The check page's Comet panel: the protected item and its newest job, the schedule suggestion, the trends. */
import type { StoredCheck } from './CheckEditorForm.js';
import { Suggestion } from './CheckScheduleSuggestion.js';
import { JobFacts } from './CometJob.js';
import { CheckTrends } from './JobTrends.js';

export function CheckCometPanel({ check, isAdmin, onChanged }: { check: StoredCheck; isAdmin: boolean; onChanged: (c: StoredCheck) => void }) {
  const comet = check.comet!;

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
        <CheckTrends checkId={check.id} lastJobId={comet.lastJob.id} />
      </div>
    </section>
  );
}
