/** The demo instance: the party structure, members and programme process, then events on top. */
import type { Database } from '@rotes-netz/core';
import { seedDemo, type SeedOptions, type SeedReport } from '@rotes-netz/core/demo/seed.ts';
import { seedDemoEvents } from '@rotes-netz/core/demo/events.ts';
import type { Config } from './config.ts';
import { mailSettings } from './context.ts';

export async function seedDemoInstance(database: Database, config: Config, options: SeedOptions): Promise<SeedReport> {
  const report = await seedDemo(database.db, options);
  options.log?.('Creating the dialogue tour and trainings…');
  // Events are made through their services (registrations, questions, scheduled mails), which
  // need the instance's mail settings for the links in those mails.
  await seedDemoEvents(database.db, { settings: mailSettings(config) });
  return report;
}
