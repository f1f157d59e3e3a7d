/**
 * Zone abbreviations Comet (Go) prints, as fixed offsets. Three are ambiguous
 * and read as the zone a Comet report most likely means: IST is India (not
 * Ireland or Israel), CST is US Central (not China or Cuba), BST is British
 * Summer Time (not Bangladesh).
 */
export const ZONE_ABBREVIATIONS: Record<string, string> = {
  UTC: '+00:00', UT: '+00:00', GMT: '+00:00', Z: '+00:00',
  EST: '-05:00', EDT: '-04:00', CST: '-06:00', CDT: '-05:00',
  MST: '-07:00', MDT: '-06:00', PST: '-08:00', PDT: '-07:00',
  AKST: '-09:00', AKDT: '-08:00', HST: '-10:00',
  AST: '-04:00', ADT: '-03:00', NST: '-03:30', NDT: '-02:30',
  BRT: '-03:00', ART: '-03:00',
  WET: '+00:00', WEST: '+01:00', BST: '+01:00', IST: '+05:30',
  CET: '+01:00', CEST: '+02:00', EET: '+02:00', EEST: '+03:00', MSK: '+03:00',
  WAT: '+01:00', CAT: '+02:00', EAT: '+03:00', SAST: '+02:00',
  PKT: '+05:00', ICT: '+07:00', WIB: '+07:00',
  JST: '+09:00', KST: '+09:00', HKT: '+08:00', SGT: '+08:00', PHT: '+08:00',
  AWST: '+08:00', ACST: '+09:30', ACDT: '+10:30', AEST: '+10:00', AEDT: '+11:00',
  NZST: '+12:00', NZDT: '+13:00',
};

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

// Go's RFC822 layout "02 Jan 06 15:04 MST", with the variations Go and Comet versions print.
const TIME = /^(?:([a-z]{3,9}),?\s+)?(\d{1,2})\s+([a-z]{3,9})\s+(\d{4}|\d{2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+([a-z]{1,5}|[+-]\d{2}(?::?\d{2})?)(?=\s|$)/i;
const OFFSET = /^([+-])(\d{2}):?(\d{2})?$/;

/** A time is never longer than this, so a long line is not scanned past it. */
const MAX_TIME_TEXT = 64;

const named = (word: string, names: string[]) => {
  const lower = word.toLowerCase();
  return names.findIndex((n) => n === lower || n.slice(0, 3) === lower);
};

/** Minutes east of UTC for a zone abbreviation or a numeric offset (+0530, -03, +05:30). */
export function zoneOffsetMinutes(zone: string): number | null {
  const offset = OFFSET.exec(Object.hasOwn(ZONE_ABBREVIATIONS, zone.toUpperCase()) ? ZONE_ABBREVIATIONS[zone.toUpperCase()]! : zone);
  if (!offset) return null;
  const hours = Number(offset[2]);
  const minutes = Number(offset[3] ?? '0');
  if (hours > 14 || minutes > 59) return null;
  return (offset[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** What one report's log lines have told so far: the times worked out, and the last time text read. */
export interface TimeMemo {
  instants: Map<string, string | null>;
  last: string | null;
}

export const timeMemo = (): TimeMemo => ({ instants: new Map(), last: null });

/** A Comet time at the start of a line ("27 Nov 18 13:55 EST Starting backup..."), and what follows it. */
export function leadingCometTime(line: string, memo?: TimeMemo): { at: string; rest: string } | null {
  let text: string;
  let match: RegExpExecArray | null = null;
  // Line after line of a log starts with the same time. The pattern is anchored and its zone cannot take
  // whitespace, so the same text followed by whitespace is the match the pattern would find again.
  if (memo?.last && line.startsWith(memo.last) && /\s/.test(line.charAt(memo.last.length))) {
    text = memo.last;
  } else {
    match = TIME.exec(line.slice(0, MAX_TIME_TEXT));
    if (!match || /\S/.test(line.charAt(match[0].length))) return null;
    text = match[0];
  }
  // A log repeats the same few times: each is worked out once per report.
  let at = memo?.instants.get(text);
  if (at === undefined) {
    at = instantOf(match!);
    memo?.instants.set(text, at);
  }
  if (memo) memo.last = text;
  return at === null ? null : { at, rest: line.slice(text.length).trim() };
}

function instantOf(match: RegExpExecArray): string | null {
  const [, weekday, day, monthName, yearText, hour, minute, second, zone] = match;
  const month = named(monthName!, MONTHS);
  const offset = zoneOffsetMinutes(zone!);
  if (month < 0 || offset === null || (weekday !== undefined && named(weekday, WEEKDAYS) < 0)) return null;
  const shortYear = Number(yearText);
  // Go reads two-digit years 69–99 as 19xx and 00–68 as 20xx.
  const year = yearText!.length === 4 ? shortYear : shortYear >= 69 ? 1900 + shortYear : 2000 + shortYear;
  const [d, h, m, s] = [Number(day), Number(hour), Number(minute), Number(second ?? '0')];
  if (h > 23 || m > 59 || s > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month, d);
  if (date.getUTCDate() !== d || date.getUTCMonth() !== month) return null;
  date.setUTCHours(h, m - offset, s, 0);
  return date.toISOString();
}

/** "27 Nov 18 13:55 EST" → "2018-11-27T18:55:00.000Z"; null without a zone it knows. */
export function parseCometTime(text: string): string | null {
  if (typeof text !== 'string') return null;
  const found = leadingCometTime(text.trim());
  return found && found.rest === '' ? found.at : null;
}
