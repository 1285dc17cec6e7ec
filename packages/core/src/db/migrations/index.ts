/**
 * The ordered list of migrations. Names sort in the order they apply; a name, once released, is
 * never changed.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_identity.ts';
import * as m0003 from './0003_rooms.ts';
import * as m0004 from './0004_events.ts';
import * as m0005 from './0005_programme.ts';
import * as m0006 from './0006_mail_kinds.ts';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_identity': m0002,
  '0003_rooms': m0003,
  '0004_events': m0004,
  '0005_programme': m0005,
  '0006_mail_kinds': m0006,
};
