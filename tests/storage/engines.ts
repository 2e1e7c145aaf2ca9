/**
 * The engines the store's tests and the end-to-end daily-post tests run on: SQLite (a
 * temporary file) always, and PostgreSQL
 * when TEST_DATABASE_URL names a server the tests may create databases on (`.ci/run` sets
 * it; see the README, "Tests on PostgreSQL"). Without it, each file shows one skipped test
 * saying so, and the run's first lines say it too (tests/global-setup.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, it } from 'vitest';
import type { Dialect } from '../../src/storage/database.ts';

/** The PostgreSQL server of the tests, if any. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

/** What a run without PostgreSQL says, in the skipped test's name and at the start of the run. */
export const POSTGRES_SKIPPED =
  'PostgreSQL half skipped: TEST_DATABASE_URL is not set (see README, "Tests on PostgreSQL")';

/** One engine to run a file's tests on. */
export interface TestEngine {
  name: 'SQLite' | 'PostgreSQL';
  dialect: Dialect;
  /** A new, empty database for one test; removed after the file's tests. */
  newDatabaseUrl(): Promise<string>;
}

/**
 * The engines for `describe.each(testEngines())`. Call once per file, at the top: it
 * registers the clean-up of every database the file's tests made.
 */
export function testEngines(): TestEngine[] {
  const tmp = mkdtempSync(join(tmpdir(), 'reconnect-storage-'));
  const databases: string[] = [];
  let count = 0;
  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    if (TEST_DATABASE_URL && databases.length > 0) {
      await withAdmin(async (admin) => {
        // FORCE: a test that failed may have left a connection open.
        for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    }
  });
  const sqlite: TestEngine = {
    name: 'SQLite',
    dialect: 'sqlite',
    newDatabaseUrl: async () => `sqlite://${join(tmp, `db-${++count}`, 'reconnect.sqlite')}`,
  };
  if (!TEST_DATABASE_URL) {
    it.skip(POSTGRES_SKIPPED, () => undefined);
    return [sqlite];
  }
  const server = TEST_DATABASE_URL;
  const postgres: TestEngine = {
    name: 'PostgreSQL',
    dialect: 'postgres',
    newDatabaseUrl: async () => {
      // Unique across the files that run at once (each in its own process) and across runs.
      const name = `reconnect_test_${process.pid}_${++count}_${Date.now().toString(36)}`;
      await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
      databases.push(name);
      const url = new URL(server);
      url.pathname = `/${name}`;
      return url.toString();
    },
  };
  return [sqlite, postgres];
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
