/**
 * What every HTTP benchmark runner shares: the load options (`--duration`, `--rounds`,
 * `--connections`, `--database`, `--quick`, `--help`), whole-number checks, and running `main`
 * with its clean-up steps — undone in reverse order at the end, on an error and on Ctrl-C.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { BenchDialect } from './database.ts';
import { stopLoad, type LoadOptions } from './load.ts';
import type { Defer } from './targets.ts';

/** The usage lines of the shared options. */
export const LOAD_USAGE = `  --duration <s>       seconds of measured load per endpoint (default 10; --quick: 3)
  --rounds <n>         slices the duration is split into, interleaved with the
                       baseline's (default 5; --quick: 3)
  --connections <n>    concurrent connections (default 50)`;

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

const SHARED: OptionSpec = {
  database: { type: 'string' },
  duration: { type: 'string' },
  rounds: { type: 'string' },
  connections: { type: 'string' },
  quick: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

export interface SharedOptions {
  load: LoadOptions;
  database: BenchDialect;
  quick: boolean;
  /** A whole number option of the runner's own, checked against its range. */
  whole(name: string, fallback: number, min: number, max: number): number;
  /** A string option of the runner's own. */
  text(name: string): string | undefined;
  /** A boolean option of the runner's own. */
  flag(name: string): boolean;
}

/**
 * Parses the shared options and the runner's own (`own`: their `parseArgs` specs, all strings or
 * booleans); undefined for `--help`.
 */
export function parseBenchOptions(argv: string[], own: OptionSpec = {}): SharedOptions | undefined {
  const { values } = parseArgs({ args: argv, options: { ...SHARED, ...own } });
  if (values.help) return undefined;
  const raw = (name: string) => values[name] as string | boolean | undefined;
  const whole = (name: string, fallback: number, min: number, max: number) => {
    const given = raw(name);
    const value = given === undefined ? fallback : Number(given);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
  const quick = values.quick === true;
  const database = (raw('database') as string | undefined) ?? 'sqlite';
  if (database !== 'sqlite' && database !== 'postgres') throw new Error('--database must be sqlite or postgres');
  const durationS = whole('duration', quick ? 3 : 10, 1, 600);
  return {
    load: {
      durationS,
      rounds: whole('rounds', Math.min(durationS, quick ? 3 : 5), 1, durationS * 10),
      // Long enough for the JIT and the pools to settle, short enough not to dominate a quick run.
      warmupS: durationS >= 10 ? 2 : 1,
      connections: whole('connections', 50, 1, 1000),
    },
    database,
    quick,
    whole,
    text: (name) => raw(name) as string | undefined,
    flag: (name) => raw(name) === true,
  };
}

/**
 * Runs a benchmark's `main` with a list of clean-up steps (`defer`), undone in reverse order when
 * it returns, throws or is interrupted; exits with its code (1 when it threw).
 */
export function runBench(name: string, main: (defer: Defer) => Promise<number>): void {
  const undo: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    while (undo.length) {
      await undo.pop()!().catch((error: unknown) => console.error(`cleanup: ${(error as Error).message}`));
    }
  };
  process.once('SIGINT', () => {
    console.error('\nInterrupted; stopping the servers and cleaning up.');
    stopLoad();
    void cleanUp().finally(() => process.exit(130));
  });
  main((step) => undo.push(step))
    .finally(cleanUp)
    .then(
      (code) => process.exit(code),
      (error: unknown) => {
        console.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
}
