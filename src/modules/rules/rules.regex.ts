import RE2 from 're2';

export interface SafeRegex {
  test(text: string): boolean;
}

/**
 * Compiles a user pattern with RE2, whose matching time is linear in the input,
 * so no pattern can stall the process. Throws SyntaxError for patterns RE2 refuses
 * (invalid ones, and backreferences or lookaround, which linear matching excludes).
 */
export function compileRegex(pattern: string, caseSensitive: boolean): SafeRegex {
  return new RE2(pattern, caseSensitive ? 'u' : 'iu');
}

/** Returns the reason a pattern is refused, or null when it compiles. */
export function regexProblem(pattern: string): string | null {
  try {
    compileRegex(pattern, true);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
