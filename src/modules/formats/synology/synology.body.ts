import { parseSize } from '../formats.units.js';
import { fold, squeeze, type Language } from './synology.languages.js';
import { readPhrase, type TaskPhrase } from './synology.phrase.js';
import { parseDsmTime } from './synology.time.js';

/** What a DSM task mail's body tells. */
export interface SynologyBody {
  startedAt: string | null;
  stoppedAt: string | null;
  transferredBytes: number | null;
  /** The protected devices an Active Backup body lists. */
  devices: string[];
  /** The host of the footer line "From <host>" (or its translation). */
  footer: { word: string; host: string } | null;
  /** The lines that say something (no greeting, no labels, no footer). */
  sayings: string[];
  problems: string[];
}

const MAX_LINES = 400;
const MAX_TEXT = 64 * 1024;
const MAX_HEADLINE_LINES = 15;
const MAX_QUOTED = 100;
const FOOTER = /^(\p{L}{2,12}) ([\p{L}\p{N}][\p{L}\p{N}._-]{0,62})$/u;

type Kind = 'start' | 'end' | 'transferred' | 'devices';
const KINDS: readonly Kind[] = ['start', 'end', 'transferred', 'devices'];
interface Labelled {
  kind: Kind;
  /** The label as the mail wrote it. */
  label: string;
  value: string;
  colon: boolean;
}

const quoted = (value: string) => `"${value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value}"`;

/** "Ora d’inizio: 17/06/2026 10:00" → start, "17/06/2026 10:00"; the colon may be missing ("ora inizio 26/04/2026 00:02"). */
function labelled(line: string, folded: string, language: Language): Labelled | null {
  for (const kind of KINDS) {
    for (const label of language.labels[kind]) {
      if (!folded.startsWith(label)) continue;
      const next = folded.charAt(label.length);
      if (next !== '' && next !== ':' && next !== ' ') continue;
      let value = line.slice(label.length).trimStart();
      const colon = value.startsWith(':');
      if (colon) value = value.slice(1).trim();
      return { kind, label: line.slice(0, label.length), value, colon };
    }
  }
  return null;
}

/** The body's own task sentence with a result ("L'attività di backup X su NAS è stata completata."), among its first lines. */
export function bodyHeadline(text: string): TaskPhrase | null {
  const lines = text.slice(0, MAX_TEXT).split(/\r\n|\r|\n/, MAX_HEADLINE_LINES * 2).map(squeeze).filter(Boolean).slice(0, MAX_HEADLINE_LINES);
  for (const line of lines) {
    const phrase = readPhrase(line);
    if (phrase?.status) return phrase;
  }
  return null;
}

/** Takes a labelled value into the body; false when the line is no label line after all (a sentence that starts like one). */
function take(body: SynologyBody, found: Labelled, language: Language, zone: string, receivedAt: string): boolean {
  const { kind, label, value, colon } = found;
  if (kind === 'devices') {
    const devices = value.split(',').map((d) => d.trim()).filter(Boolean);
    if (!colon && (devices.length !== 1 || devices[0]!.includes(' '))) return false;
    body.devices = devices;
    return true;
  }
  if (kind === 'transferred') {
    const bytes = parseSize(value, 1024);
    if (bytes !== null) body.transferredBytes = bytes;
    else if (colon) body.problems.push(`${label}: ${quoted(value)} is not a size`);
    return bytes !== null || colon;
  }
  const at = parseDsmTime(value, language.dayFirst, zone, receivedAt);
  if (at !== null) body[kind === 'start' ? 'startedAt' : 'stoppedAt'] = at;
  else if (colon) body.problems.push(`${label}: ${quoted(value)} is not a time`);
  return at !== null || colon;
}

/**
 * Reads the body of a DSM task mail in `language` (null: a language whose labels
 * are not known, so only the footer is read). Times are in `zone`.
 */
export function readBody(text: string, language: Language | null, zone: string, receivedAt: string): SynologyBody {
  const lines = text.slice(0, MAX_TEXT).split(/\r\n|\r|\n/, MAX_LINES).map(squeeze).filter(Boolean);
  const body: SynologyBody = { startedAt: null, stoppedAt: null, transferredBytes: null, devices: [], footer: null, sayings: [], problems: [] };

  const last = lines.at(-1);
  const footer = last === undefined ? null : FOOTER.exec(last);
  if (footer && (language === null || fold(footer[1]!) === language.from)) {
    body.footer = { word: footer[1]!, host: footer[2]! };
    lines.pop();
  }

  const seen = new Set<Kind>();
  lines.forEach((line, i) => {
    if (i === 0 && line.endsWith(',') && line.length <= 60) return; // "Dear user,"
    const found = language ? labelled(line, fold(line), language) : null;
    if (found && !seen.has(found.kind) && take(body, found, language!, zone, receivedAt)) seen.add(found.kind);
    else body.sayings.push(line);
  });
  return body;
}
