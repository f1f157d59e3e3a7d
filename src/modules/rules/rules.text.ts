// \s already covers tabs, newlines, NBSP, the Unicode spaces and BOM; the rest are zero-width characters.
const WHITESPACE_RUN = /[\s\u180e\u200b\u200c\u200d\u2060]+/gu;

/** Runs of whitespace of any kind become one space, and the ends are trimmed. */
export function condenseWhitespace(text: string): string {
  return text.replace(WHITESPACE_RUN, ' ').trim();
}
