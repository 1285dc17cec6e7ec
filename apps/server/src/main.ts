/**
 * The `rotes-netz` command line: `start`, `migrate`, `seed --demo`, `worker`, `import-roster`,
 * `backup`, `restore`.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import { printDemoAccounts, runServer } from './server.ts';
import { withDatabase } from './lifecycle.ts';
import { assertSchemaCurrent, migrateToLatest, SchemaTooNewError } from '@rotes-netz/core';
import { seedDemoInstance } from './demo.ts';
import { importRosterCommand, importUnitsCommand } from './roster-cli.ts';
import { backupCommand, restoreCommand } from './backup-cli.ts';

const USAGE = `Usage: rotes-netz <command> [options]

Commands:
  start [--migrate] [--demo]   Serve the platform (--migrate applies migrations first;
                               --demo also seeds the demo instance on an empty database)
  migrate                      Apply pending database migrations
  seed --demo [--members N]    Build the demo instance on an empty database
  worker                       Run only the job worker (for separate worker nodes)
  import-roster FILE [--apply] [--force]
                               Compare the member roster CSV with the database; --apply
                               applies it (exit 1 when rows are broken; they are not applied;
                               --force when more than 100 and a tenth of the members would leave)
  units import FILE [--apply]  Compare the unit CSV (Kürzel;Name;Typ;Übergeordnet) with the
                               database; --apply creates and renames units
  backup FILE                  Write a consistent backup of the database to FILE while it runs
                               (SQLite: online backup; PostgreSQL: pg_dump --format=custom)
  restore FILE                 Replace the database with the backup in FILE (stop every node
                               first), then erase again the members erased since (ERASURE_LOG)

Configuration comes from environment variables; see .env.example.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean', default: false },
      migrate: { type: 'boolean', default: false },
      apply: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      members: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  // Settings from a .env file in the working directory, if there is one; the environment wins.
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  if (values.demo) config.demo = true;

  switch (command) {
    case 'start':
      await runServer(config, { migrate: values.migrate, role: 'all' });
      return -1;
    case 'worker':
      await runServer(config, { migrate: values.migrate, role: 'worker' });
      return -1;
    case 'migrate':
      return withDatabase(config, async (database) => {
        const report = await migrateToLatest(database);
        console.log(
          report.applied.length
            ? `Applied ${report.applied.join(', ')} to ${database.location}.`
            : `${database.location} is up to date (${report.current}).`,
        );
        return 0;
      });
    case 'seed': {
      if (!values.demo) {
        console.error('seed needs --demo (there is no other seed).');
        return 2;
      }
      const members = values.members ? Number(values.members) : undefined;
      if (members !== undefined && !(Number.isInteger(members) && members >= 100)) {
        console.error('--members must be a whole number of at least 100.');
        return 2;
      }
      return withDatabase(config, async (database) => {
        await migrateToLatest(database);
        const report = await seedDemoInstance(database, config, { members, log: (m: string) => console.log(m) });
        console.log(`Seeded ${report.units} units and ${report.members} members in ${report.ms} ms.`);
        printDemoAccounts();
        return 0;
      });
    }
    case 'import-roster': {
      const file = positionals[1];
      if (!file) {
        console.error('import-roster needs a FILE.');
        return 2;
      }
      return withDatabase(config, (database) =>
        importRosterCommand(database, file, { apply: values.apply, force: values.force }),
      );
    }
    case 'units': {
      const file = positionals[2];
      if (positionals[1] !== 'import' || !file) {
        console.error('Usage: units import FILE [--apply]');
        return 2;
      }
      return withDatabase(config, async (database) => {
        await assertSchemaCurrent(database);
        return importUnitsCommand(database, file, { apply: values.apply });
      });
    }
    case 'backup':
    case 'restore': {
      const file = positionals[1];
      if (!file) {
        console.error(`${command} needs a FILE.`);
        return 2;
      }
      return command === 'backup' ? backupCommand(config, file) : restoreCommand(config, file);
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else if (error instanceof SchemaTooNewError) {
      console.error(
        `Refusing to start: ${error.message}. This code is older than the database; deploy the newer version.`,
      );
    } else console.error(error);
    process.exit(1);
  },
);
