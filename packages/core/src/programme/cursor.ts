/** Opaque keyset cursors: `[sort value, id]` as base64url JSON; anything else is a 422. */
import { ValidationError } from '../errors.ts';

export function encodeCursor(value: [number, number]): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor(cursor: string): [number, number] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((n) => Number.isSafeInteger(n))) {
      return value as [number, number];
    }
  } catch {
    // fall through
  }
  throw new ValidationError([{ path: '/cursor', message: 'not a cursor of this list' }]);
}
