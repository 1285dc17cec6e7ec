/**
 * Runs a node: the HTTP server, the job worker, or both. Shuts down cleanly on SIGTERM/SIGINT:
 * stops taking requests, lets running jobs finish, closes the database.
 */
import { Redis } from 'ioredis';
import pino from 'pino';
import {
  assertSchemaCurrent,
  migrateToLatest,
  openDatabase,
  pruneExpiredSessions,
  pruneRateLimits,
  schedulePruneMails,
} from '@rotes-netz/core';
import { DEMO_ACCOUNTS, hasData } from '@rotes-netz/core/demo/seed.ts';
import { seedDemoInstance } from './demo.ts';
import { buildApp } from './app.ts';
import { loggerOptions } from './logging.ts';
import { missingSmtpWarning, redactedConfig, type Config } from './config.ts';
import { createWorker } from './worker.ts';
import { reapplyErasureLog } from './backup-cli.ts';

export function printDemoAccounts(): void {
  console.log('\nDemo accounts (password for all: rotes-netz-demo):');
  for (const account of DEMO_ACCOUNTS) console.log(`  ${account.email.padEnd(36)} ${account.role}`);
  console.log('');
}

export async function runServer(config: Config, options: { migrate: boolean; role: 'all' | 'worker' }): Promise<void> {
  const logger = pino(loggerOptions(config.logLevel));
  logger.info({ config: redactedConfig(config) }, 'starting');
  const smtpWarning = missingSmtpWarning(config);
  if (smtpWarning) {
    logger.warn(smtpWarning);
    console.error(`\n!!! ${smtpWarning}\n`);
  }
  const database = openDatabase(config.databaseUrl);
  if (options.migrate || config.demo) {
    const report = await migrateToLatest(database);
    if (report.applied.length) logger.info({ applied: report.applied }, 'migrations applied');
  }
  await assertSchemaCurrent(database);
  // After a restore (by `rotes-netz restore` or by hand) nobody erased since the backup comes back.
  const erased = await reapplyErasureLog(database, config);
  if (erased.length) logger.warn({ members: erased.length }, 'erasures since the backup applied again');

  if (config.demo && !(await hasData(database.db))) {
    logger.info('empty database: seeding the demo instance (about 33,000 fictional members)');
    const report = await seedDemoInstance(database, config, { log: (msg: string) => logger.info(msg) });
    logger.info(report, 'demo seeded');
  }

  const worker = config.runWorker || options.role === 'worker' ? createWorker(database, config, logger) : undefined;
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 })
    : undefined;
  const maintain = () =>
    void Promise.all([
      pruneRateLimits(database.db),
      pruneExpiredSessions(database.db),
      schedulePruneMails(database.db),
    ]).catch((err: unknown) => logger.error({ err }, 'maintenance failed'));
  const maintenance = setInterval(maintain, 10 * 60_000);
  maintain();
  maintenance.unref();

  const app = options.role === 'all' ? await buildApp({ config, database, redis, worker, logger }) : undefined;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(maintenance);
    // Several app nodes behind a proxy: finish what is in flight and hand the clients over first.
    if (app) await app.drain(config.shutdownDrainSeconds * 1000);
    await app?.close();
    await worker?.stop();
    redis?.disconnect();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  worker?.start();
  if (app) {
    await app.listen({ port: config.port, host: config.host });
    if (config.demo) printDemoAccounts();
    logger.info(`Rotes Netz is running at ${config.publicUrl}`);
  } else {
    logger.info('worker running');
  }
}
