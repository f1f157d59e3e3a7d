/** One anomaly rule's control: inherit it (checks), turn it off, or give the value. */
import { useId } from 'preact/hooks';
import { type AnomalyChoice, type AnomalyKey, ANOMALY_LABELS, anomalyValueText } from './Anomalies.js';
import { FieldError } from './CheckEditorFields.js';

interface Props {
  rule: AnomalyKey;
  choice: AnomalyChoice;
  onChange: (c: AnomalyChoice) => void;
  /** The API's path of the value, for its error. */
  path: string;
  /** Offer "inherit", naming what is inherited (undefined: not known). */
  inherits?: { value: number | null | undefined; from: string };
  min?: number;
  step?: number;
}

export function AnomalyInput({ rule, choice, onChange, path, inherits, min = 1, step = 1 }: Props) {
  const id = useId();
  const label = ANOMALY_LABELS[rule];
  return (
    <div class="field anomaly-input" data-rule={rule}>
      <span class="field-label" id={id}>
        {label}
      </span>
      <div class="inline-fields" role="group" aria-labelledby={id}>
        <select aria-label={`${label}: rule`} value={choice.mode} onChange={(e) => onChange({ ...choice, mode: (e.target as HTMLSelectElement).value as AnomalyChoice['mode'] })}>
          {inherits && (
            <option value="inherit">
              Inherit{inherits.value === undefined ? '' : ` (${inherits.from}: ${anomalyValueText(rule, inherits.value)})`}
            </option>
          )}
          <option value="off">Off</option>
          <option value="set">On, at</option>
        </select>
        {choice.mode === 'set' && (
          <input type="number" class="short" min={min} step={step} aria-label={`${label}: value`} value={choice.value} onInput={(e) => onChange({ ...choice, value: (e.target as HTMLInputElement).value })} />
        )}
      </div>
      <FieldError path={path} />
    </div>
  );
}
