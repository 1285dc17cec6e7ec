/**
 * Hot queries, built and compiled once. Kysely builds an immutable query tree and compiles it to
 * SQL on every call; for the few queries every request runs (the session, the actor, room access,
 * a room's threads, a thread's posts) that cost more CPU than the database spent answering them.
 * A prepared query is built once per database with stand-ins for its arguments, compiled, and
 * from then on only its parameters are filled in: the same SQL, sent through the same driver.
 *
 * The builder must pass each argument straight in as a value (`where(col, '=', arg)`,
 * `limit(arg)`, `${arg}` in `sql`); it must not branch on it or compute with it. An array argument
 * (for `in`) is a list of stand-ins, so each list length compiles once.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** Stands in for argument `arg` (element `element` of an array argument) while the query is built. */
class Slot {
  constructor(
    readonly arg: number,
    readonly element: number,
  ) {}
}

interface Template {
  sql: string;
  parameters: readonly unknown[];
}

/** An argument of a prepared query: a value, or a list of values for `in`. */
type Arg = string | number | boolean | null | readonly (string | number)[];

export interface Prepared<A extends Arg[], O> {
  /** Every row. */
  all(db: Kysely<DB>, ...args: A): Promise<O[]>;
  /** The first row, if any. */
  first(db: Kysely<DB>, ...args: A): Promise<O | undefined>;
  /** The compiled query with these arguments (for tests and `executeQuery`). */
  compile(db: Kysely<DB>, ...args: A): CompiledQuery<O>;
}

/**
 * Prepares a query whose shape does not depend on its arguments. Templates are kept per database
 * (per dialect adapter, which a transaction shares with its database) and per list length.
 */
export function prepared<A extends Arg[], O>(build: (db: Kysely<DB>, ...args: A) => Compilable<O>): Prepared<A, O> {
  const templates = new WeakMap<object, Map<string, Template>>();

  const templateFor = (db: Kysely<DB>, args: A): Template => {
    const owner = db.getExecutor().adapter;
    let byShape = templates.get(owner);
    if (!byShape) templates.set(owner, (byShape = new Map()));
    const shape = args.map((a) => (Array.isArray(a) ? a.length : '')).join(',');
    let template = byShape.get(shape);
    if (!template) {
      const slots = args.map((a, i) =>
        Array.isArray(a) ? a.map((_, j) => new Slot(i, j)) : new Slot(i, -1),
      ) as unknown as A;
      const compiled = build(db, ...slots).compile();
      const used = new Set(compiled.parameters.filter((p) => p instanceof Slot));
      if (used.size !== (slots as unknown[]).flat().length) {
        throw new Error('prepared: every argument must go into the query as a value');
      }
      template = { sql: compiled.sql, parameters: compiled.parameters };
      byShape.set(shape, template);
    }
    return template;
  };

  const compile = (db: Kysely<DB>, ...args: A): CompiledQuery<O> => {
    const template = templateFor(db, args);
    const parameters = template.parameters.map((p) => {
      if (!(p instanceof Slot)) return p;
      const arg = args[p.arg];
      return p.element < 0 ? arg : (arg as readonly unknown[])[p.element];
    });
    return CompiledQuery.raw(template.sql, parameters) as CompiledQuery<O>;
  };

  return {
    compile,
    all: async (db, ...args) => (await db.executeQuery(compile(db, ...args))).rows,
    first: async (db, ...args) => (await db.executeQuery(compile(db, ...args))).rows[0],
  };
}
