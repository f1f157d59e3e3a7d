/** The status step's job part: the status of the report's job as a rule, and the check's anomaly overrides. */
import { type AnomalyOverrides, type AnomalySettings, CHECK_ANOMALY_RULES } from './Anomalies.js';
import { AnomalyInput } from './AnomalyInput.js';
import type { CheckForm } from './CheckEditorForm.js';
import type { Update } from './CheckEditorIdentity.js';

type Inherited = { value: number | null; from: string };
export type InheritedAnomalies = Record<(typeof CHECK_ANOMALY_RULES)[number], Inherited>;

/** What a check inherits, rule by rule: its group's override, else the organization's setting. */
export function inheritedAnomalies(org: AnomalySettings, group: { name: string; anomalies?: AnomalyOverrides } | undefined): InheritedAnomalies {
  const of = (rule: (typeof CHECK_ANOMALY_RULES)[number]): Inherited =>
    group?.anomalies && group.anomalies[rule] !== undefined ? { value: group.anomalies[rule], from: `group ${group.name}` } : { value: org[rule], from: 'organization' };
  return Object.fromEntries(CHECK_ANOMALY_RULES.map((r) => [r, of(r)])) as InheritedAnomalies;
}

/** "Success → success; Warning, Cancelled… → warning; …" as the organization maps Comet's statuses. */
function mappingText(map: Record<string, string>): string {
  return (['success', 'warning', 'failure'] as const)
    .map((ours) => [Object.keys(map).filter((s) => map[s] === ours), ours] as const)
    .filter(([theirs]) => theirs.length)
    .map(([theirs, ours]) => `${theirs.join(', ')} → ${ours}`)
    .join('; ');
}

/** `job`: the format of the check's jobs, if it has any; the anomaly rules show for those, or once the job status is taken or an override set. */
interface Props {
  form: CheckForm;
  update: Update;
  inherited: InheritedAnomalies | null;
  /** Comet's mapping (Settings › Comet), when it could be read. */
  statusMap: Record<string, string> | null;
  job: { format: string; product: string } | null;
}

function StatusHint({ job, statusMap }: Pick<Props, 'job' | 'statusMap'>) {
  const comet = statusMap && `Comet's statuses count as mapped in Settings › Comet: ${mappingText(statusMap)}.`;
  if (job?.format === 'comet') return <>{statusMap ? `${mappingText(statusMap)} (as set in Settings › Comet).` : 'As mapped in Settings › Comet.'} The worst of it and the criteria below wins.</>;
  if (job) return <>The job's status as {job.product} reports it: success, warning or failure. The worst of it and the criteria below wins.</>;
  return <>When a report format (Settings › Report formats) reads the message, its job's status counts. {comet} The worst of it and the criteria below wins.</>;
}

export function JobStatusOptions({ form, update, inherited, statusMap, job }: Props) {
  const showAnomalies = job !== null || form.status.comet || CHECK_ANOMALY_RULES.some((r) => form.anomalies.rules[r].mode !== 'inherit');
  const source = job ? `the ${job.product} report` : "the report's job";
  return (
    <>
      <div class="field">
        <label class="inline">
          <input type="checkbox" checked={form.status.comet} onChange={(e) => update((f) => (f.status.comet = (e.target as HTMLInputElement).checked))} aria-describedby="status-job-hint" /> Take the
          status from {source}
        </label>
        <span class="hint" id="status-job-hint">
          <StatusHint job={job} statusMap={statusMap} />
        </span>
      </div>
      {showAnomalies && (
        <fieldset data-group="anomalies">
          <legend>Job anomalies</legend>
          <p class="hint">A successful backup job whose figures are off against the median of its earlier jobs counts as a warning.</p>
          <div class="inline-fields anomaly-fields">
            {CHECK_ANOMALY_RULES.map((rule) => (
              <AnomalyInput
                key={rule}
                rule={rule}
                path={`anomalies.${rule}`}
                choice={form.anomalies.rules[rule]}
                onChange={(c) => update((f) => (f.anomalies.rules[rule] = c))}
                inherits={inherited?.[rule] ?? { value: undefined, from: '' }}
                min={rule === 'durationFactor' ? 1.1 : 1}
                step={rule === 'durationFactor' ? 0.1 : 1}
              />
            ))}
          </div>
        </fieldset>
      )}
    </>
  );
}
