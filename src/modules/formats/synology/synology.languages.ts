import type { JobStatus } from '../../../shared/status.js';

/**
 * The DSM notification languages backwatch reads. Subjects and bodies are in
 * the NAS's notification language; only the product names stay English.
 * Italian and Danish come from real subjects and bodies quoted in public code
 * (brividich/Security-Center-AI, a Danish mail-to-Uptime-Kuma monitor); the
 * English wording is inferred from them and from the DSM template style.
 * Everything here is lower case, with typographic apostrophes made plain.
 */
export interface Language {
  code: 'en' | 'it' | 'da';
  /** How a task phrase opens, before the task name: "backup task ", "attività di backup ". */
  openings: readonly string[];
  /** The word between the task and the NAS: " on ", " su ", " på ". */
  on: string;
  /** Result phrases that end a task phrase, with what they mean. */
  results: readonly (readonly [string, JobStatus])[];
  /** Body labels, each followed by a value on the same line. */
  labels: { start: readonly string[]; end: readonly string[]; transferred: readonly string[]; devices: readonly string[] };
  /** The word of the DSM footer line "From <host>". */
  from: string;
  /** How a date like 04/05/2026 is read when both numbers could be the month. */
  dayFirst: boolean;
}

const ENGLISH: Language = {
  code: 'en',
  openings: ['hyper backup task ', 'data backup task ', 'backup task ', 'restore task ', 'the task ', 'task '],
  on: ' on ',
  results: [
    ['has completed successfully', 'success'], ['completed successfully', 'success'], ['has been completed', 'success'],
    ['has completed', 'success'], ['completed', 'success'], ['has succeeded', 'success'], ['succeeded', 'success'],
    ['has completed with warnings', 'warning'], ['completed with warnings', 'warning'],
    ['has been partially completed', 'warning'], ['has partially completed', 'warning'], ['was partially completed', 'warning'],
    ['partially completed', 'warning'], ['has been canceled', 'warning'], ['has been cancelled', 'warning'],
    ['was canceled', 'warning'], ['was cancelled', 'warning'],
    ['has failed', 'failure'], ['failed', 'failure'], ['was not completed', 'failure'],
  ],
  labels: {
    start: ['start time'],
    end: ['end time'],
    transferred: ['transferred size', 'transferred data', 'data transferred'],
    devices: ['device list', 'devices', 'device'],
  },
  from: 'from',
  dayFirst: false,
};

const ITALIAN: Language = {
  code: 'it',
  openings: ["l'attività di backup ", 'attività di backup ', 'attività backup ', "l'attività di ripristino ", 'attività di ripristino ', "l'attività ", 'attività '],
  on: ' su ',
  results: [
    ['è stata completata', 'success'], ['completata', 'success'],
    ['è stata parzialmente completata', 'warning'], ['parzialmente completata', 'warning'], ['completata con avvisi', 'warning'], ['avviso', 'warning'],
    ['non è stata completata', 'failure'], ['non è riuscita', 'failure'], ['non riuscita', 'failure'],
  ],
  labels: {
    start: ["ora d'inizio", 'ora di inizio', 'ora inizio'],
    end: ['ora di fine', 'ora fine'],
    transferred: ['dimensioni trasferite'],
    devices: ['elenco dispositivi', 'dispositivi', 'dispositivo'],
  },
  from: 'da',
  dayFirst: true,
};

// Only the subject is known in Danish: its body labels are not read. "mislykkedes" and
// "blev ignoreret" are failure words a Danish monitor matches; their exact phrase is unverified.
const DANISH: Language = {
  code: 'da',
  openings: ['backupopgaven ', 'backupopgave ', 'opgaven ', 'opgave '],
  on: ' på ',
  results: [
    ['er fuldført', 'success'], ['er gennemført', 'success'],
    ['er delvist gennemført', 'warning'], ['er delvist fuldført', 'warning'],
    ['er mislykkedes', 'failure'], ['mislykkedes', 'failure'], ['blev ignoreret', 'failure'],
  ],
  labels: { start: [], end: [], transferred: [], devices: [] },
  from: 'fra',
  dayFirst: true,
};

const longestFirst = (items: readonly string[]) => [...items].sort((a, b) => b.length - a.length);

/** Longest first, so "partially completed" is tried before "completed". */
export const LANGUAGES: readonly Language[] = [ENGLISH, ITALIAN, DANISH].map((l) => ({
  ...l,
  openings: longestFirst(l.openings),
  results: [...l.results].sort((a, b) => b[0].length - a[0].length),
  labels: {
    start: longestFirst(l.labels.start),
    end: longestFirst(l.labels.end),
    transferred: longestFirst(l.labels.transferred),
    devices: longestFirst(l.labels.devices),
  },
}));

/**
 * Lower case with typographic apostrophes plain, character for character, so an
 * index into the folded text is an index into the original (a character whose
 * lower case is longer, such as "İ", is kept as it is).
 */
export function fold(text: string): string {
  let out = '';
  for (const c of text) {
    if (c === '\u2019' || c === '\u2018') out += "'";
    else {
      const lower = c.toLowerCase();
      out += lower.length === c.length ? lower : c;
    }
  }
  return out;
}

/** Runs of white space as one space, trimmed. */
export const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim();
