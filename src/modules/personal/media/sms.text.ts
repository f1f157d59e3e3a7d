import type { PersonalMessage } from '../personal.media.types.js';

// One text message, one segment: what a notification is cut to so it arrives whole and is billed once.

/** GSM 03.38's default alphabet: one septet each. */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** Its extension table: an escape and the character, two septets each. */
const GSM_EXTENDED = new Set('\f^{}\\[~]|€');

export type SmsEncoding = 'gsm7' | 'ucs2';

/** One segment holds 160 septets, or 70 UCS-2 characters once any character is outside GSM-7. */
export const SMS_SEGMENT: Record<SmsEncoding, number> = { gsm7: 160, ucs2: 70 };

/** "…" is not in GSM-7: a GSM-7 text is marked with three dots so the mark does not turn it into UCS-2. */
const ELLIPSIS: Record<SmsEncoding, string> = { gsm7: '...', ucs2: '…' };

export const smsEncoding = (text: string): SmsEncoding =>
  Array.from(text).every((c) => GSM_BASIC.has(c) || GSM_EXTENDED.has(c)) ? 'gsm7' : 'ucs2';

/** The text's size in its encoding: septets for GSM-7, UTF-16 code units for UCS-2 (a character beyond the BMP takes two). */
export function smsLength(text: string): { encoding: SmsEncoding; length: number } {
  const encoding = smsEncoding(text);
  if (encoding === 'ucs2') return { encoding, length: text.length };
  return { encoding, length: Array.from(text).reduce((n, c) => n + (GSM_EXTENDED.has(c) ? 2 : 1), 0) };
}

export function fitsOneSms(text: string): boolean {
  const { encoding, length } = smsLength(text);
  return length <= SMS_SEGMENT[encoding];
}

/**
 * `head` + the longest start of `cut` that fits in one segment, marked as cut, + `tail`;
 * null when not even one character of `cut` fits. A shorter start never needs more room
 * (dropping characters can only turn UCS-2 into GSM-7, which holds more), so a binary search finds it.
 */
function fitCut(head: string, cut: string, tail: string): string | null {
  const chars = Array.from(cut);
  const candidate = (k: number) => {
    const kept = chars.slice(0, k).join('').trimEnd();
    return `${head}${kept}${ELLIPSIS[smsEncoding(head + kept + tail)]}${tail}`;
  };
  if (!fitsOneSms(candidate(1))) return null;
  let [lo, hi] = [1, chars.length - 1];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fitsOneSms(candidate(mid))) lo = mid;
    else hi = mid - 1;
  }
  return candidate(lo);
}

/** The title around the check's name, so that the name can be kept whole while the rest is cut. */
function splitHead({ title, checkName }: Pick<PersonalMessage, 'title' | 'checkName'>): [before: string, name: string, after: string] {
  const at = checkName ? title.indexOf(checkName) : -1;
  if (at >= 0) return [title.slice(0, at), checkName, title.slice(at + checkName.length)];
  return checkName ? [`${title}: `, checkName, ''] : ['', title, ''];
}

/**
 * The notification as one SMS: the title, the body and the link, one per line. What does
 * not fit goes in this order: the link, then the end of the body, then the title around
 * the check's name, and only then the end of the name itself.
 */
export function smsText(message: Pick<PersonalMessage, 'title' | 'checkName' | 'body' | 'url'>): string {
  const [before, name, after] = splitHead(message);
  const head = before + name + after;
  const body = message.body.trim() ? `\n${message.body.trim()}` : '';
  const candidates = [message.url ? `${head}${body}\n${message.url}` : null, head + body];
  const whole = candidates.find((c) => c !== null && fitsOneSms(c));
  if (whole) return whole;
  return (
    (body ? fitCut(`${head}\n`, body.slice(1), '') : null) ??
    (fitsOneSms(head) ? head : null) ??
    (after ? fitCut(before + name, after, '') : null) ??
    (before ? fitCut('', before, name) : null) ??
    (fitsOneSms(name) ? name : fitCut('', name, '')) ??
    ''
  );
}
