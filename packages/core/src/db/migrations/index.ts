/**
 * The ordered list of migrations. Names sort in the order they apply; a name, once released, is
 * never changed.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};
