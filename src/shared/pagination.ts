import { AppError } from './errors.js';

/** Cursors are opaque to clients: base64url of a small JSON value. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, valid: (v: unknown) => v is T): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (valid(value)) return value;
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'cursor: not a cursor this API returned', 400);
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset position of a row in newest-first lists. */
export type TimeKey = [receivedAt: string, id: number];

export const isTimeKey = (v: unknown): v is TimeKey =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && Number.isInteger(v[1]);

export const isOffset = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

export const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
