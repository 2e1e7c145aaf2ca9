/**
 * Storage: the only code that knows keys and tables. This file opens the database named by
 * DATABASE_URL, on SQLite (the embedded default) or PostgreSQL (several processes or hosts),
 * and hands out the two ways records are kept there: Knex for the project's own tables (the
 * post log's atomic claims, the reflection histories, what comes later; their shape is set
 * by the versioned migrations in ./migrations) and Keyv for key-value records. The records
 * themselves are read and written by one module per kind of record (./post-log.ts, …).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import type { Logger } from '../app/logger.ts';
import { migrations, runMigrations } from './migrations/index.ts';

/** The two engines the bot runs on. */
export type Dialect = 'sqlite' | 'postgres';

/** An open database: its SQL tables through Knex, its key-value records through Keyv. */
export interface Database {
  readonly dialect: Dialect;
  /** Where the data is, fit for a log line: the file's full path, or PostgreSQL's host, port and database (never the password). */
  readonly location: string;
  /** Whether this open made the database: a new SQLite file, or PostgreSQL tables where there were none. */
  readonly created: boolean;
  /** The project's own tables, migrated to this release's shape. */
  readonly knex: Knex;
  /** Key-value records (namespace 'reconnect'); a failed write throws rather than passing silently. */
  readonly keyv: Keyv;
  /** Closes every connection; safe to call twice. */
  close(): Promise<void>;
}

/** How a database is opened. */
export interface DatabaseOptions {
  /** Where Knex's warnings and the migrations' progress are reported. */
  logger?: Pick<Logger, 'info' | 'warn' | 'debug'>;
  /** PostgreSQL: connections each pool (Knex's, Keyv's) may hold. Default 5, so 10 processes fit PostgreSQL's default of 100. */
  poolSize?: number;
  /** How long to wait for another process's migrations before giving up. Default 60 s. */
  migrationWaitMs?: number;
}

/** Where a DATABASE_URL points. */
export type DatabaseLocation = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

/** SQLite waits this long for another connection's write before failing with SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;
/** Keys read per query when Keyv lists its records. */
const KEYV_PAGE = 1000;

/**
 * Reads a DATABASE_URL: `sqlite://path` (relative to the working directory, or absolute as
 * `sqlite:///abs/path`), `sqlite://:memory:`, or `postgres://…` / `postgresql://…`.
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  const sqlite = /^sqlite:\/\/(.+)$/.exec(url);
  if (sqlite) return { dialect: 'sqlite', path: sqlite[1]! };
  if (/^postgres(ql)?:\/\/.+/.test(url)) return { dialect: 'postgres', url };
  throw new Error('DATABASE_URL must be a sqlite:// or postgres:// URL');
}

/**
 * The password in a DATABASE_URL, as written and decoded, for the logger to keep out of
 * every line (it also strips any URL's password). None for SQLite, or a URL without one.
 */
export function databaseUrlSecrets(url: string): string[] {
  const password = /^postgres(?:ql)?:\/\/[^/@]*?:([^/@]*)@/.exec(url)?.[1];
  if (!password) return [];
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // Not valid percent-encoding: it is only ever seen as written.
  }
  return [...new Set([password, decoded])];
}

/** Where a database is, for a log line: a SQLite file's full path, or PostgreSQL's host:port/database without the credentials. */
function describeLocation(location: DatabaseLocation): string {
  if (location.dialect === 'sqlite') return location.path === ':memory:' ? ':memory:' : resolve(location.path);
  const url = new URL(location.url);
  return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

/**
 * Opens the database at `url`, creating a SQLite file (and its folder) on first use, and
 * brings its tables to this release's shape. Safe when several processes open one database
 * at once: the migrations run once, and the others wait for them.
 */
export async function openDatabase(url: string, options: DatabaseOptions = {}): Promise<Database> {
  const location = parseDatabaseUrl(url);
  const newFile = location.dialect === 'sqlite' && location.path !== ':memory:' && !existsSync(location.path);
  // PostgreSQL's drivers load only when it is the engine: the embedded default never pays for them.
  const postgres = location.dialect === 'postgres' ? await import('./postgres.ts') : undefined;
  const knex =
    location.dialect === 'postgres'
      ? postgres!.openPostgresKnex(location.url, { ...options, log: knexLog(options.logger) })
      : openSqliteKnex(location.path, options);
  let keyv: Keyv | undefined;
  let created: boolean;
  try {
    const ran = await runMigrations(knex, location.dialect, options);
    created = location.dialect === 'sqlite' ? newFile : ran.includes(migrations[0]!.name);
    // Keyv after the migrations: on a new SQLite file, the first connection has switched it to WAL.
    // Listing pages of 1,000 keys: start-up lists every subscription.
    const store =
      location.dialect === 'postgres'
        ? new postgres!.OwnPoolKeyvPostgres({
            uri: location.url,
            max: options.poolSize ?? 5,
            iterationLimit: KEYV_PAGE,
          })
        : new KeyvSqlite({
            uri: `sqlite://${location.path}`,
            busyTimeout: SQLITE_BUSY_TIMEOUT_MS,
            iterationLimit: KEYV_PAGE,
          });
    // Keyv swallows store errors by default; a failed write must not look like a success.
    keyv = new Keyv({ store, namespace: 'reconnect', throwOnErrors: true });
    // Surface a bad path or an unreachable server now rather than on the first member's command.
    await keyv.get('schema');
  } catch (error) {
    await keyv?.disconnect().catch(() => undefined);
    await knex.destroy();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const opened = keyv;
  return {
    dialect: location.dialect,
    location: describeLocation(location),
    created,
    knex,
    keyv: opened,
    close: () => (closing ??= opened.disconnect().then(() => knex.destroy())),
  };
}

function openSqliteKnex(path: string, options: DatabaseOptions): Knex {
  const memory = path === ':memory:';
  if (!memory) mkdirSync(dirname(resolve(path)), { recursive: true });
  return knexFactory({
    client: 'sqlite3',
    connection: { filename: path },
    useNullAsDefault: true,
    log: knexLog(options.logger),
    pool: {
      // SQLite takes one writer at a time anyway; one connection keeps a process's
      // statements in order, and is the whole database when it lives in memory.
      min: 1,
      max: 1,
      afterCreate: (conn: SqliteConnection, done: (error: Error | null, conn: SqliteConnection) => void) => {
        // busy_timeout first, so the others wait for a process switching a new file to WAL.
        // WAL lets several processes share the file and keeps each write to one append;
        // NORMAL sync still survives a killed process (only an OS crash can lose the last writes).
        const pragmas = [
          `PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`,
          ...(memory ? [] : ['PRAGMA journal_mode = WAL']),
          'PRAGMA synchronous = NORMAL',
          'PRAGMA foreign_keys = ON',
        ];
        // SQLite answers a switch to WAL that meets another connection's lock with SQLITE_BUSY
        // at once, without waiting the busy timeout: several opens of a new file retry it.
        const run = (triesLeft: number) =>
          conn.exec(pragmas.join('; '), (error) => {
            if (error && /SQLITE_BUSY/.test(error.message) && triesLeft > 0) setTimeout(() => run(triesLeft - 1), 20);
            else done(error, conn);
          });
        run(50);
      },
    },
  });
}

/** The part of a sqlite3 connection the pool's afterCreate uses. */
interface SqliteConnection {
  exec(sql: string, callback: (error: Error | null) => void): void;
}

/**
 * Knex's own warnings go to the bot's log. Its advice to unlock by hand when a migration
 * lock is taken is left out: runMigrations waits for the other process instead.
 */
function knexLog(logger: DatabaseOptions['logger']): Knex.Config['log'] {
  const warn = (message: unknown) => {
    const text = String(message);
    if (/lock/i.test(text)) logger?.debug({ knex: text }, 'migrations: waiting for the lock');
    else if (logger) logger.warn({ knex: text }, 'knex warning');
    else console.warn(`knex: ${text}`);
  };
  return { warn, error: warn, deprecate: warn, debug: () => undefined };
}
