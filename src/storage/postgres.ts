/**
 * PostgreSQL's side of opening the database (see database.ts): Knex on pg with bigint
 * columns read as numbers, and Keyv's PostgreSQL adapter with a pool of its own. Loaded
 * only when DATABASE_URL is postgres://, so the embedded SQLite default never loads pg.
 */
import knexFactory, { type Knex } from 'knex';
import KeyvPostgres from '@keyv/postgres';
import pg from 'pg';

export function openPostgresKnex(url: string, options: { poolSize?: number; log: Knex.Config['log'] }): Knex {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, types: { getTypeParser: parseInt8AsNumber } },
    log: options.log,
    // min 0: idle connections are closed rather than left to go stale (Knex's own advice).
    pool: { min: 0, max: options.poolSize ?? 5 },
  });
}

/**
 * Millisecond timestamps are bigint columns, which pg returns as strings; as numbers they
 * read the same on both engines (exact up to 2^53 ms, some 285,000 years).
 */
function parseInt8AsNumber(oid: number, format: string): (value: string) => unknown {
  if (oid === pg.types.builtins.INT8 && format !== 'binary') return (value) => Number(value);
  return pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown;
}

/**
 * @keyv/postgres keeps one pg pool for the whole process, and ends it when any of its
 * instances disconnects (or orphans it when another URL is opened): two databases open in
 * one process (tests; a process during a migration tool's run) would close each other's.
 * Each instance here owns its pool, with the same queries and table as the original.
 */
export class OwnPoolKeyvPostgres extends KeyvPostgres {
  override async connect(): Promise<(sql: string, values?: unknown) => Promise<unknown[]>> {
    // Called from the parent constructor, before this class's fields exist: hence the WeakMap.
    const pool = new pg.Pool({ connectionString: this.opts.uri, max: this.opts.max });
    // An idle client dropped by the server (a restart) must not crash the process; the next query reconnects.
    pool.on('error', (error) => this.emit('error', error));
    ownPools.set(this, pool);
    return async (sql, values) => (await pool.query(sql, values as unknown[])).rows as unknown[];
  }

  /**
   * The parent's listing reports a failed query as an 'error' event and then ends, as if
   * there were no more keys: here it throws, so start-up never takes a failure for an
   * empty list.
   */
  override async *iterator(namespace?: string): AsyncGenerator<[string, string]> {
    let failure: { error: unknown } | undefined;
    const onError = (error: unknown) => (failure ??= { error });
    this.on('error', onError);
    try {
      for await (const entry of super.iterator(namespace)) yield entry as [string, string];
    } finally {
      this.off('error', onError);
    }
    if (failure) throw failure.error;
  }

  override async disconnect(): Promise<void> {
    const pool = ownPools.get(this);
    ownPools.delete(this);
    await pool?.end();
  }
}

const ownPools = new WeakMap<KeyvPostgres, pg.Pool>();
