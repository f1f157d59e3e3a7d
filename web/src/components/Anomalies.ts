/**
 * Anomaly rules for Comet backup jobs, as forms hold them. The organization
 * sets each rule on (a value) or off (null); a group or a check may also leave
 * a rule out, and so inherit it from the level above.
 */

export type AnomalyKey = 'sizeDropPercent' | 'filesDropPercent' | 'durationFactor' | 'noUploadJobs' | 'history' | 'minHistory';

export type AnomalySettings = { [K in AnomalyKey]: K extends 'history' | 'minHistory' ? number : number | null };
export type AnomalyOverrides = Partial<Record<AnomalyKey, number | null>>;

/** The rules a check's editor offers; the others are kept as they are. */
export const CHECK_ANOMALY_RULES = ['sizeDropPercent', 'filesDropPercent', 'durationFactor'] as const;

export const ANOMALY_LABELS: Record<AnomalyKey, string> = {
  sizeDropPercent: 'Total size drop (%)',
  filesDropPercent: 'File count drop (%)',
  durationFactor: 'Duration (× the median)',
  noUploadJobs: 'Jobs in a row with nothing uploaded',
  history: 'Jobs the median is taken over',
  minHistory: 'Fewest earlier jobs before the median rules apply',
};

export const anomalyValueText = (key: AnomalyKey, v: number | null | undefined) =>
  v === null || v === undefined ? 'off' : key === 'durationFactor' ? `${v} ×` : key.endsWith('Percent') ? `${v} %` : String(v);

export interface AnomalyChoice {
  mode: 'inherit' | 'off' | 'set';
  value: string;
}

export const choiceOf = (v: number | null | undefined): AnomalyChoice =>
  v === undefined ? { mode: 'inherit', value: '' } : v === null ? { mode: 'off', value: '' } : { mode: 'set', value: String(v) };

/** A number as typed, or the text itself so that the API names the field (null would mean "off"). */
export const typedNumber = (text: string): number | string => {
  const n = Number(text);
  return text.trim() && Number.isFinite(n) ? n : text;
};

/** A choice as the API takes it; undefined leaves the key out (inherit). */
export const choiceValue = (c: AnomalyChoice): number | string | null | undefined => (c.mode === 'inherit' ? undefined : c.mode === 'off' ? null : typedNumber(c.value));

export interface CheckAnomaliesForm {
  rules: Record<(typeof CHECK_ANOMALY_RULES)[number], AnomalyChoice>;
  /** Overrides the editor does not show, sent back unchanged. */
  rest: AnomalyOverrides;
}

export function checkAnomaliesForm(overrides: AnomalyOverrides = {}): CheckAnomaliesForm {
  const rest: AnomalyOverrides = { ...overrides };
  for (const k of CHECK_ANOMALY_RULES) delete rest[k];
  return { rules: Object.fromEntries(CHECK_ANOMALY_RULES.map((k) => [k, choiceOf(overrides[k])])) as CheckAnomaliesForm['rules'], rest };
}

export function checkAnomaliesBody(f: CheckAnomaliesForm): Record<string, number | string | null> {
  const body: Record<string, number | string | null> = { ...f.rest };
  for (const k of CHECK_ANOMALY_RULES) {
    const v = choiceValue(f.rules[k]);
    if (v !== undefined) body[k] = v;
  }
  return body;
}
