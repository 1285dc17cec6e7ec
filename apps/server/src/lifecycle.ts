import { openDatabase, type Database } from '@rotes-netz/core';
import type { Config } from './config.ts';

/** Opens the configured database for one command and closes it afterwards. */
export async function withDatabase<T>(config: Config, run: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase(config.databaseUrl);
  try {
    return await run(database);
  } finally {
    await database.close();
  }
}
