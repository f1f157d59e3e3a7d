/**
 * Settings › Comet as a form: GET /settings/comet becomes the inputs, the
 * inputs become the PATCH body. Pattern lists are one per line; numbers stay
 * text so the API says what is wrong with a value.
 */
import { type AnomalyChoice, type AnomalySettings, choiceOf, choiceValue, typedNumber } from './Anomalies.js';

export type ReportStatus = 'success' | 'warning' | 'failure';

export interface GroupRule {
  username?: string;
  tenant?: string;
  group: string;
}

export interface CometSettings {
  autoDiscovery: { enabled: boolean; senders: string[]; usernames: string[] };
  groups: GroupRule[];
  /** Every status Comet gives a job (its keys, as the server knows them), and ours for it. */
  statusMap: Record<string, ReportStatus>;
  schedule: { suggestAfter: number; applyAfter: number | null };
  anomalies: AnomalySettings;
  webhook: { url: string; configured: boolean; hint: string | null; createdAt: string | null };
}

/** The rules that may be off; `history` and `minHistory` are plain numbers. */
export const SWITCHABLE_RULES = ['sizeDropPercent', 'filesDropPercent', 'durationFactor', 'noUploadJobs'] as const;

export interface CometForm {
  enabled: boolean;
  senders: string;
  usernames: string;
  groups: { username: string; tenant: string; group: string }[];
  statusMap: Record<string, ReportStatus>;
  suggestAfter: string;
  apply: boolean;
  applyAfter: string;
  rules: Record<(typeof SWITCHABLE_RULES)[number], AnomalyChoice>;
  history: string;
  minHistory: string;
}

export function cometForm(s: CometSettings): CometForm {
  return {
    enabled: s.autoDiscovery.enabled,
    senders: s.autoDiscovery.senders.join('\n'),
    usernames: s.autoDiscovery.usernames.join('\n'),
    groups: s.groups.map((g) => ({ username: g.username ?? '', tenant: g.tenant ?? '', group: g.group })),
    statusMap: { ...s.statusMap },
    suggestAfter: String(s.schedule.suggestAfter),
    apply: s.schedule.applyAfter !== null,
    applyAfter: String(s.schedule.applyAfter ?? 5),
    rules: Object.fromEntries(SWITCHABLE_RULES.map((r) => [r, choiceOf(s.anomalies[r])])) as CometForm['rules'],
    history: String(s.anomalies.history),
    minHistory: String(s.anomalies.minHistory),
  };
}

/** One pattern a line, blank lines left out (the API's `usernames[2]` is the third pattern given). */
export const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function cometBody(f: CometForm) {
  return {
    autoDiscovery: { enabled: f.enabled, senders: lines(f.senders), usernames: lines(f.usernames) },
    // Every row is sent, blank ones too, so the API's `groups[1]` is the second row on screen.
    groups: f.groups.map((g) => ({ ...(g.username.trim() && { username: g.username.trim() }), ...(g.tenant.trim() && { tenant: g.tenant.trim() }), group: g.group.trim() })),
    statusMap: f.statusMap,
    schedule: { suggestAfter: typedNumber(f.suggestAfter), applyAfter: f.apply ? typedNumber(f.applyAfter) : null },
    anomalies: {
      ...Object.fromEntries(SWITCHABLE_RULES.map((r) => [r, choiceValue(f.rules[r])])),
      history: typedNumber(f.history),
      minHistory: typedNumber(f.minHistory),
    },
  };
}
