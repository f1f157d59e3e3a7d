/** The status step's Comet part: the report's own status as a rule, and the check's anomaly overrides. */
import { type AnomalyOverrides, type AnomalySettings, CHECK_ANOMALY_RULES } from './Anomalies.js';
import { AnomalyInput } from './AnomalyInput.js';
import type { CheckForm } from './CheckEditorForm.js';
import { COMET_STATUSES, type CometStatus, DEFAULT_STATUS_MAP } from './Comet.js';
import type { Update } from './CheckEditorIdentity.js';

type Inherited = { value: number | null; from: string };
export type InheritedAnomalies = Record<(typeof CHECK_ANOMALY_RULES)[number], Inherited>;

/** What a check inherits, rule by rule: its group's override, else the organization's setting. */
export function inheritedAnomalies(org: AnomalySettings, group: { name: string; anomalies?: AnomalyOverrides } | undefined): InheritedAnomalies {
  const of = (rule: (typeof CHECK_ANOMALY_RULES)[number]): Inherited =>
    group?.anomalies && group.anomalies[rule] !== undefined ? { value: group.anomalies[rule], from: `group ${group.name}` } : { value: org[rule], from: 'organization' };
  return Object.fromEntries(CHECK_ANOMALY_RULES.map((r) => [r, of(r)])) as InheritedAnomalies;
}

/** "Success → success; Warning, Cancelled… → warning; …" as the organization maps them. */
function mappingText(map: Record<CometStatus, string>): string {
  return (['success', 'warning', 'failure'] as const)
    .map((ours) => [COMET_STATUSES.filter((s) => map[s] === ours), ours] as const)
    .filter(([theirs]) => theirs.length)
    .map(([theirs, ours]) => `${theirs.join(', ')} → ${ours}`)
    .join('; ');
}

/** `forComet`: the check has Comet jobs; otherwise the anomaly rules show once the Comet status is taken or an override is set. */
interface Props {
  form: CheckForm;
  update: Update;
  inherited: InheritedAnomalies | null;
  /** The organization's mapping (Settings › Comet), when it could be read. */
  statusMap: Record<CometStatus, string> | null;
  forComet: boolean;
}

export function CometStatusOptions({ form, update, inherited, statusMap, forComet }: Props) {
  const showAnomalies = forComet || form.status.comet || CHECK_ANOMALY_RULES.some((r) => form.anomalies.rules[r].mode !== 'inherit');
  return (
    <>
      <div class="field">
        <label class="inline">
          <input type="checkbox" checked={form.status.comet} onChange={(e) => update((f) => (f.status.comet = (e.target as HTMLInputElement).checked))} aria-describedby="status-comet-hint" /> Take the
          status from the Comet report
        </label>
        <span class="hint" id="status-comet-hint">
          {mappingText(statusMap ?? DEFAULT_STATUS_MAP)} (as set in Settings › Comet). The worst of it and the criteria below wins.
        </span>
      </div>
      {showAnomalies && (
        <fieldset data-group="anomalies">
          <legend>Comet anomalies</legend>
          <p class="hint">A successful Comet backup job whose figures are off against the median of its earlier jobs counts as a warning.</p>
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
