import type { JobStatus } from '../../../shared/status.js';
import { fold, LANGUAGES, squeeze, type Language } from './synology.languages.js';

/** "Backup task Daily on NAS01 has completed", read. */
export interface TaskPhrase {
  language: Language;
  task: string | null;
  nas: string | null;
  status: JobStatus | null;
  /** The result words as the phrase wrote them ("has completed", "non riuscita"). */
  statusText: string | null;
}

const MAX_PHRASE = 500;
const HOST = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,62}$/u;

// Task names cannot hold brackets (Hyper Backup forbids them; Active Backup for Microsoft 365 puts them around names).
const unbracket = (name: string) => {
  const t = name.trim();
  return t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1).trim() : t;
};

/**
 * A task phrase in one of the languages read ("attività di backup X su NAS
 * completata", "backupopgave X på NAS er fuldført"); null when no language's
 * opening fits, so the phrase is in a language backwatch does not read.
 */
export function readPhrase(text: string): TaskPhrase | null {
  if (text.length > MAX_PHRASE) return null;
  let phrase = squeeze(text);
  while (phrase.endsWith('.') || phrase.endsWith('!')) phrase = phrase.slice(0, -1);
  const folded = fold(phrase);
  for (const language of LANGUAGES) {
    const opening = language.openings.find((o) => folded.startsWith(o) || folded === o.trimEnd());
    if (!opening) continue;
    const rest = phrase.slice(opening.length);
    const restFolded = folded.slice(opening.length);
    if (!rest) return { language, task: null, nas: null, status: null, statusText: null };
    const result = language.results.find(([words]) => restFolded.endsWith(` ${words}`));
    const status = result?.[1] ?? null;
    const statusText = result ? rest.slice(-result[0].length) : null;
    const named = result ? rest.slice(0, rest.length - result[0].length - 1) : rest;
    const on = restFolded.slice(0, named.length).lastIndexOf(language.on);
    if (on <= 0) return { language, task: unbracket(named) || null, nas: null, status, statusText };
    const task = unbracket(named.slice(0, on)) || null;
    const after = named.slice(on + language.on.length);
    if (result) return { language, task, nas: unbracket(after) || null, status, statusText };
    // An unknown result: the NAS is the host right after "on", the words after it are the result.
    const space = after.indexOf(' ');
    const nas = unbracket(space < 0 ? after : after.slice(0, space));
    return { language, task, nas: HOST.test(nas) ? nas : null, status: null, statusText: space < 0 ? null : after.slice(space + 1) };
  }
  return null;
}

// English words that notices in the other DSM languages do not use as words.
const ENGLISH_WORDS = new Set(['the', 'has', 'have', 'been', 'was', 'were', 'device', 'devices', 'task', 'tasks', 'your']);

/**
 * Whether a phrase that is no task phrase is English ("The device PC-01 has
 * been offline for 3 days"): a DSM notice backwatch reads, but no job report,
 * rather than a report in a language it does not read.
 */
export const looksEnglish = (phrase: string): boolean => fold(phrase).split(' ').some((word) => ENGLISH_WORDS.has(word));
