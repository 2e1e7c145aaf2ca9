import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { describe, expect, it, vi } from 'vitest';
import { databaseUrlSecrets, openDatabase, parseDatabaseUrl, type Database } from '../../src/storage/database.ts';
import { databaseNowMs } from '../../src/storage/db-time.ts';
import { migrations } from '../../src/storage/migrations/index.ts';
import { testEngines } from './engines.ts';

const ROOT = join(import.meta.dirname, '../..');
const engines = testEngines();

/** Runs `count` separate node processes that open the database at once; resolves with their outputs. */
async function startProcesses(url: string, count: number): Promise<Array<{ code: number | null; output: string }>> {
  const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      const child = spawn(
        process.execPath,
        ['--import', tsx, join(import.meta.dirname, 'fixtures/open-database.ts'), url, String(i)],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      return new Promise<{ code: number | null; output: string }>((resolve) =>
        child.once('exit', (code) => resolve({ code, output })),
      );
    }),
  );
}

/** What the migrations left: the names recorded as done, and the lock rows. */
async function migrationState(db: Database) {
  return {
    done: await db.knex('knex_migrations').orderBy('id').pluck('name'),
    locks: await db.knex('knex_migrations_lock').select('index', 'is_locked'),
  };
}

const allMigrations = migrations.map((m) => m.name);

describe('DATABASE_URL', () => {
  it('GIVEN each accepted form THEN it names the engine and where the data is', () => {
    expect(parseDatabaseUrl('sqlite://data/reconnect.sqlite')).toEqual({
      dialect: 'sqlite',
      path: 'data/reconnect.sqlite',
    });
    expect(parseDatabaseUrl('sqlite:///var/lib/reconnect/db.sqlite')).toEqual({
      dialect: 'sqlite',
      path: '/var/lib/reconnect/db.sqlite',
    });
    expect(parseDatabaseUrl('sqlite://:memory:')).toEqual({ dialect: 'sqlite', path: ':memory:' });
    expect(parseDatabaseUrl('postgres://bot@db.internal:5432/reconnect')).toEqual({
      dialect: 'postgres',
      url: 'postgres://bot@db.internal:5432/reconnect',
    });
    expect(parseDatabaseUrl('postgresql://bot@db/reconnect')).toMatchObject({ dialect: 'postgres' });
    expect(() => parseDatabaseUrl('mysql://bot@db/reconnect')).toThrow(/sqlite:\/\/ or postgres:\/\//);
  });

  it('GIVEN a URL with a password THEN the logger is given it as written and decoded; none without one', () => {
    expect(databaseUrlSecrets('postgres://bot:s3cret%40pw@db/reconnect')).toEqual(['s3cret%40pw', 's3cret@pw']);
    expect(databaseUrlSecrets('postgresql://bot:plain-password@db:5432/reconnect')).toEqual(['plain-password']);
    expect(databaseUrlSecrets('postgres://bot@db/reconnect')).toEqual([]);
    expect(databaseUrlSecrets('sqlite://data/reconnect.sqlite')).toEqual([]);
  });

  it('GIVEN sqlite://:memory: THEN a database opens, migrated, with nothing on disk', async () => {
    const db = await openDatabase('sqlite://:memory:');
    try {
      expect((await migrationState(db)).done).toEqual(allMigrations);
      await db.keyv.set('k', 1);
      expect(await db.keyv.get('k')).toBe(1);
    } finally {
      await db.close();
    }
  });
});

describe.each(engines)('database on $name', (engine) => {
  it('GIVEN four opens at once on a new database THEN the migrations run once, the lock is free, and all four work', async () => {
    const url = await engine.newDatabaseUrl();
    const dbs = await Promise.all([0, 1, 2, 3].map(() => openDatabase(url)));
    try {
      expect(dbs.map((db) => db.dialect)).toEqual(Array(4).fill(engine.dialect));
      expect(await migrationState(dbs[0]!)).toEqual({ done: allMigrations, locks: [{ index: 1, is_locked: 0 }] });
      await Promise.all(dbs.map((db, i) => db.keyv.set(`opened:${i}`, i)));
      expect(await Promise.all([0, 1, 2, 3].map((i) => dbs[3 - i]!.keyv.get(`opened:${i}`)))).toEqual([0, 1, 2, 3]);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });

  it('GIVEN four processes starting together on a new database THEN each opens it and the migrations ran once', async () => {
    const url = await engine.newDatabaseUrl();
    const runs = await startProcesses(url, 4);
    for (const run of runs) expect(run, run.output).toMatchObject({ code: 0 });
    const db = await openDatabase(url);
    try {
      expect(await migrationState(db)).toEqual({ done: allMigrations, locks: [{ index: 1, is_locked: 0 }] });
      expect(await Promise.all([0, 1, 2, 3].map((i) => db.keyv.get(`started:${i}`)))).toEqual([true, true, true, true]);
      expect(await db.knex('reflect_history').orderBy('user_id').pluck('user_id')).toEqual([
        'process-0',
        'process-1',
        'process-2',
        'process-3',
      ]);
    } finally {
      await db.close();
    }
  });

  it('GIVEN another process holding the migration lock THEN an opening process waits for it, then opens', async () => {
    const url = await engine.newDatabaseUrl();
    const first = await openDatabase(url);
    try {
      // As a process in the middle of migrating holds it.
      await first.knex('knex_migrations_lock').update({ is_locked: 1 });
      let opened = false;
      const second = openDatabase(url).then((db) => ((opened = true), db));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(opened).toBe(false);
      await first.knex('knex_migrations_lock').update({ is_locked: 0 });
      const db = await second;
      expect((await migrationState(db)).done).toEqual(allMigrations);
      await db.close();
    } finally {
      await first.close();
    }
  });

  it('GIVEN the migration lock held past the wait THEN opening fails and says which lock and how to free it', async () => {
    const url = await engine.newDatabaseUrl();
    const first = await openDatabase(url);
    try {
      await first.knex('knex_migrations_lock').update({ is_locked: 1 });
      await expect(openDatabase(url, { migrationWaitMs: 300 })).rejects.toThrow(
        /migrations stayed locked by another process for 0.3 s; if no other process is starting, set is_locked = 0 in knex_migrations_lock/,
      );
    } finally {
      await first.close();
    }
  });

  it('GIVEN a database opened before THEN reopening runs nothing again and its records are there', async () => {
    const url = await engine.newDatabaseUrl();
    const first = await openDatabase(url);
    await first.keyv.set('sub:1:2', { time: '09:00' });
    await first
      .knex('post_log')
      .insert({ channel_id: '2', local_date: '2026-03-01', v: 1, state: 'posted', owner: 'a', claimed_at: 1 });
    await first.close();
    const info = vi.fn();
    const again = await openDatabase(url, { logger: { info, warn: vi.fn(), debug: vi.fn() } });
    try {
      expect(info).not.toHaveBeenCalled();
      expect((await migrationState(again)).done).toEqual(allMigrations);
      expect(await again.keyv.get('sub:1:2')).toEqual({ time: '09:00' });
      expect(await again.knex('post_log').pluck('local_date')).toEqual(['2026-03-01']);
    } finally {
      await again.close();
    }
  });

  it('GIVEN a database migrated by a newer release THEN this release still opens it and warns', async () => {
    const url = await engine.newDatabaseUrl();
    const newer = await openDatabase(url);
    await newer
      .knex('knex_migrations')
      .insert({ name: '999-from-a-newer-release', batch: 2, migration_time: new Date() });
    await newer.close();
    const warn = vi.fn();
    const db = await openDatabase(url, { logger: { info: vi.fn(), warn, debug: vi.fn() } });
    try {
      expect(warn).toHaveBeenCalledWith(
        { migrations: ['999-from-a-newer-release'] },
        expect.stringMatching(/newer release/),
      );
    } finally {
      await db.close();
    }
  });

  it('GIVEN millisecond timestamps past 2038 THEN they are stored and read back as exact numbers', async () => {
    const db = await openDatabase(await engine.newDatabaseUrl());
    try {
      const at = Date.UTC(2100, 0, 1, 0, 0, 0, 123);
      await db.knex('post_log').insert({
        channel_id: '9',
        local_date: '2100-01-01',
        v: 1,
        state: 'posted',
        owner: 'a',
        claimed_at: at,
        posted_at: at + 1,
      });
      await db.knex('reflect_history').insert({ user_id: '9', v: 1, seen: '["q"]', expires_at: at });
      expect(await db.knex('post_log').first('claimed_at', 'posted_at')).toEqual({ claimed_at: at, posted_at: at + 1 });
      expect(await db.knex('reflect_history').first('expires_at')).toEqual({ expires_at: at });
    } finally {
      await db.close();
    }
  });

  it("GIVEN the process's clock far off THEN the database's clock still reads the real time, in epoch ms", async () => {
    const db = await openDatabase(await engine.newDatabaseUrl());
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2001-01-01T00:00:00Z'));
      const row = (await db.knex.select(db.knex.raw('? AS now', [databaseNowMs(db.knex, db.dialect)])).first()) as {
        now: number | string;
      };
      const dbNow = Number(row.now);
      vi.useRealTimers();
      // The same machine's clock, so within a minute of it whatever the load; never 2001.
      expect(Math.abs(dbNow - Date.now())).toBeLessThan(60_000);
    } finally {
      vi.useRealTimers();
      await db.close();
    }
  });

  it('GIVEN two databases open in one process THEN closing one leaves the other working, and closing twice is safe', async () => {
    const url = await engine.newDatabaseUrl();
    const a = await openDatabase(url);
    const b = await openDatabase(url);
    try {
      await a.keyv.set('shared', 'from a');
      await a.close();
      await a.close();
      expect(await b.keyv.get('shared')).toBe('from a');
      await b.keyv.set('shared', 'from b');
      expect(await b.keyv.get('shared')).toBe('from b');
    } finally {
      await b.close();
    }
  });
});

describe.each(engines.filter((e) => e.dialect === 'sqlite'))('database on $name only', (engine) => {
  it('GIVEN a file made by the release before migrations THEN it opens, keeps every record, and is migrated', async () => {
    const url = await engine.newDatabaseUrl();
    mkdirSync(dirname(url.replace('sqlite://', '')), { recursive: true });
    // Exactly what Store.open created before this module existed (src/store.ts at 3b13089).
    const adapter = new KeyvSqlite({ uri: url, busyTimeout: 5000 });
    const legacy = new Keyv({ store: adapter, namespace: 'reconnect' });
    await legacy.set('schema', { v: 1 });
    await legacy.set('sub:111:222', { v: 1, guildId: '111', channelId: '222', time: '09:00' });
    await adapter.query(
      `CREATE TABLE IF NOT EXISTS post_log (
        channel_id TEXT NOT NULL, local_date TEXT NOT NULL, v INTEGER NOT NULL,
        state TEXT NOT NULL, owner TEXT NOT NULL, claimed_at INTEGER NOT NULL,
        message_id TEXT, posted_at INTEGER, attempts INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (channel_id, local_date))`,
    );
    await adapter.query(
      `CREATE TABLE IF NOT EXISTS reflect_history (
        user_id TEXT PRIMARY KEY, v INTEGER NOT NULL, seen TEXT NOT NULL, expires_at INTEGER NOT NULL)`,
    );
    await adapter.query(`INSERT INTO post_log VALUES ('222', '2026-02-01', 1, 'posted', 'old', 1000, '999', 2000, 1)`);
    await adapter.query(`INSERT INTO reflect_history VALUES ('42', 1, '["q-trust-01"]', 4102444800000)`);
    await legacy.disconnect();

    const db = await openDatabase(url);
    try {
      expect(await migrationState(db)).toEqual({ done: allMigrations, locks: [{ index: 1, is_locked: 0 }] });
      expect(await db.keyv.get('sub:111:222')).toMatchObject({ channelId: '222', time: '09:00' });
      expect(await db.knex('post_log').first()).toMatchObject({
        channel_id: '222',
        state: 'posted',
        message_id: '999',
        posted_at: 2000,
      });
      expect(await db.knex('reflect_history').first('user_id', 'seen')).toEqual({
        user_id: '42',
        seen: '["q-trust-01"]',
      });
    } finally {
      await db.close();
    }
  });

  it('GIVEN a new file in a folder that does not exist THEN both are made, in WAL mode, with a busy timeout and foreign keys', async () => {
    const db = await openDatabase(await engine.newDatabaseUrl());
    try {
      const pragma = async (name: string) =>
        Object.values((await db.knex.raw<Array<Record<string, unknown>>>(`PRAGMA ${name}`))[0]!)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('synchronous')).toBe(1); // NORMAL
      expect(await pragma('busy_timeout')).toBe(5000);
      expect(await pragma('foreign_keys')).toBe(1);
    } finally {
      await db.close();
    }
  });
});

describe.each(engines.filter((e) => e.dialect === 'postgres'))('database on $name only', (engine) => {
  it('GIVEN the tables made by the first migration THEN timestamps are bigint and the post log is keyed by channel and date', async () => {
    const db = await openDatabase(await engine.newDatabaseUrl());
    try {
      const columns = (await db
        .knex('information_schema.columns')
        .select('table_name', 'column_name', 'data_type')
        .whereIn('column_name', ['claimed_at', 'posted_at', 'expires_at'])
        .orderBy('column_name')) as Array<{ table_name: string; column_name: string; data_type: string }>;
      expect(columns).toEqual([
        { table_name: 'post_log', column_name: 'claimed_at', data_type: 'bigint' },
        { table_name: 'reflect_history', column_name: 'expires_at', data_type: 'bigint' },
        { table_name: 'post_log', column_name: 'posted_at', data_type: 'bigint' },
      ]);
      const insert = () =>
        db
          .knex('post_log')
          .insert({ channel_id: '1', local_date: '2026-01-01', v: 1, state: 'claimed', owner: 'a', claimed_at: 1 });
      await insert();
      await expect(insert()).rejects.toThrow(/duplicate key/);
    } finally {
      await db.close();
    }
  });
});
