import type { Knex } from 'knex';
import type { Dialect } from './database.ts';

const NOW_MS: Record<Dialect, string> = {
  // statement_timestamp(): one instant for the whole statement, as SQLite's 'now' is (the
  // budget's reserve reads it twice), yet not frozen for a transaction as now() is.
  postgres: 'floor(extract(epoch from statement_timestamp()) * 1000)::bigint',
  sqlite: "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)",
};

/**
 * The database's clock, in epoch milliseconds, as an SQL expression. Leases and claims are
 * measured by it, so processes whose clocks disagree (several hosts, a skewed VM) still
 * agree on when a lease ran out. (Daily posts are scheduled by the bot's own clock.)
 * SQLite's clock is the host's, shared by every process on the file; PostgreSQL's is the
 * server's, shared by every host.
 */
export function databaseNowMs(knex: Knex, dialect: Dialect): Knex.Raw<number> {
  return knex.raw(NOW_MS[dialect]);
}

/** The database's clock now, in epoch milliseconds (where a reader of a time-ordered feed starts). */
export async function readDatabaseNow(knex: Knex, dialect: Dialect): Promise<number> {
  const row = (await knex.select(knex.raw(`${NOW_MS[dialect]} AS now`)).first()) as
    { now: number | string } | undefined;
  return Number(row?.now);
}
