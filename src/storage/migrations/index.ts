/**
 * Migrations: every change to the shape of the project's tables, in order, one file each
 * (NNN-name.ts), run once at start by runMigrations. They are listed here rather than found
 * by scanning a folder, so they are type-checked and run the same from source and from a
 * compiled build. A released migration is never edited: a change is a new one. They only
 * add (tables, nullable columns, indexes), so a process of the previous release keeps
 * working on the new shape during a rolling deploy.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import type { Dialect, DatabaseOptions } from '../database.ts';
import initialTables from './001-initial-tables.ts';
import sendsAndBudget from './002-sends-and-budget.ts';
import subscriptionChanges from './003-subscription-changes.ts';
import serverContent from './004-server-content.ts';
import memberPreferences from './006-member-preferences.ts';
import contributions from './007-contributions.ts';
import changeKinds from './008-change-kinds.ts';

/** One step of the schema. `name` is what the database records as done, so it never changes. */
export interface Migration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Every migration, oldest first. */
export const migrations: readonly Migration[] = [
  initialTables,
  sendsAndBudget,
  subscriptionChanges,
  serverContent,
  memberPreferences,
  contributions,
  changeKinds,
];

const migrationSource: Knex.MigrationSource<Migration> = {
  getMigrations: async () => [...migrations],
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};

/**
 * Brings the database to this release's shape; resolves with the names of the migrations
 * this call ran. Several processes may start together: Knex runs the migrations under the
 * lock row of knex_migrations_lock, in one transaction, so one process migrates while the
 * others wait (on PostgreSQL's row lock or SQLite's busy timeout) and then find nothing
 * left to do; one that finds the lock taken ("already locked") waits and tries again until
 * `migrationWaitMs` has passed.
 */
export async function runMigrations(knex: Knex, dialect: Dialect, options: DatabaseOptions = {}): Promise<string[]> {
  await prepareMigrationTables(knex, dialect);
  const waitMs = options.migrationWaitMs ?? 60_000;
  const deadline = Date.now() + waitMs;
  let ran: string[];
  for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
    try {
      // The list check is off so that the previous release, meeting a newer migration in a
      // rolling deploy or a rollback, still starts (see below) rather than calling the list corrupt.
      [, ran] = (await knex.migrate.latest({ migrationSource, disableMigrationsListValidation: true })) as [
        number,
        string[],
      ];
      if (ran.length > 0) options.logger?.info({ migrations: ran }, 'database migrated');
      break;
    } catch (error) {
      if ((error as Error).name !== 'MigrationLocked') throw error;
      if (Date.now() + wait > deadline) {
        throw new Error(
          `the database's migrations stayed locked by another process for ${waitMs / 1000} s; ` +
            'if no other process is starting, set is_locked = 0 in knex_migrations_lock',
          { cause: error },
        );
      }
      await sleep(wait);
    }
  }
  const known = new Set(migrations.map((m) => m.name));
  const unknown = (await knex('knex_migrations').pluck('name')).filter((name: string) => !known.has(name));
  if (unknown.length > 0) {
    options.logger?.warn(
      { migrations: unknown },
      'the database has migrations from a newer release; running on its shape',
    );
  }
  return ran;
}

/**
 * Creates Knex's own two tables and its one lock row before Knex looks for them. Knex
 * checks, then creates, then inserts, each step apart: processes starting together on a
 * new database can both create (an error on PostgreSQL) or both insert a lock row, after
 * which no process can ever take the lock (knex/knex issues 3457 and 3538). Here each step
 * is idempotent, and on PostgreSQL the whole runs under an advisory lock.
 */
async function prepareMigrationTables(knex: Knex, dialect: Dialect): Promise<void> {
  const create = async (db: Knex | Knex.Transaction) => {
    for (const statement of dialect === 'postgres' ? POSTGRES_MIGRATION_TABLES : SQLITE_MIGRATION_TABLES)
      await db.raw(statement);
    await db('knex_migrations_lock').insert({ index: 1, is_locked: 0 }).onConflict('index').ignore();
  };
  if (dialect === 'sqlite') return create(knex);
  await knex.transaction(async (trx) => {
    // Concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL's catalog.
    await trx.raw("SELECT pg_advisory_xact_lock(hashtext('reconnect: knex migration tables'))");
    await create(trx);
  });
}

// The same columns Knex itself creates (lib/migrations/migrate/table-creator.js).
const SQLITE_MIGRATION_TABLES = [
  `CREATE TABLE IF NOT EXISTS knex_migrations
     (id integer NOT NULL PRIMARY KEY AUTOINCREMENT, name varchar(255), batch integer, migration_time datetime)`,
  'CREATE TABLE IF NOT EXISTS knex_migrations_lock ("index" integer NOT NULL PRIMARY KEY AUTOINCREMENT, is_locked integer)',
];
const POSTGRES_MIGRATION_TABLES = [
  `CREATE TABLE IF NOT EXISTS knex_migrations
     (id serial PRIMARY KEY, name varchar(255), batch integer, migration_time timestamptz)`,
  'CREATE TABLE IF NOT EXISTS knex_migrations_lock ("index" serial PRIMARY KEY, is_locked integer)',
];
