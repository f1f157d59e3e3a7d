const WORD_CHAR = /[\w-]/;
const edge = (c: string | undefined) => c === undefined || !WORD_CHAR.test(c);

/**
 * Whether the text holds the incident marker itself, and not a longer one that begins with it
 * (backwatch-incident-41-7 in backwatch-incident-41-70): a vendor's search matches parts of words.
 */
export function holdsMarker(text: unknown, marker: string): boolean {
  if (typeof text !== 'string' || !marker) return false;
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
    if (edge(text[at - 1]) && edge(text[at + marker.length])) return true;
  }
  return false;
}
