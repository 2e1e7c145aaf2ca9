import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/storage/database.ts';
import { HISTORY_PURGE_INTERVAL_MS, Store } from '../../src/storage/store.ts';
import { testEngines } from './engines.ts';

const DAY = 86_400_000;
afterEach(() => vi.useRealTimers());

/** Whose histories are stored, read through a connection of its own. */
async function onDisk(url: string): Promise<string[]> {
  const db = await openDatabase(url);
  try {
    return await db.knex('reflect_history').orderBy('user_id').pluck('user_id');
  } finally {
    await db.close();
  }
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
}

describe.each(testEngines())('store on $name: reflection histories are kept 30 days, no longer', (engine) => {
  it('GIVEN the clock moved 31 and 120 days on THEN an expired history is served neither from memory nor from disk', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const url = await engine.newDatabaseUrl();
    const store = await Store.open(url, { now: () => clock });
    try {
      await store.saveReflectHistory('alex', ['q-trust-01', 'q-trust-02']);
      expect(await store.reflectHistory('alex')).toEqual(['q-trust-01', 'q-trust-02']);
      clock += 31 * DAY;
      expect(await store.reflectHistory('alex')).toEqual([]);
      clock += 89 * DAY;
      expect(await store.reflectHistory('alex')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('GIVEN the bot keeps running THEN expired histories leave the disk within the hour, and fresh ones stay', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const url = await engine.newDatabaseUrl();
    const store = await Store.open(url, { now: () => clock });
    try {
      await store.saveReflectHistory('alex', ['q-1']);
      clock += 20 * DAY;
      await store.saveReflectHistory('sam', ['q-2']);
      expect(await onDisk(url)).toEqual(['alex', 'sam']);

      clock += 11 * DAY; // alex's last draw was 31 days ago, sam's 11
      expect(await onDisk(url)).toEqual(['alex', 'sam']);
      vi.advanceTimersByTime(HISTORY_PURGE_INTERVAL_MS);
      await until(async () => (await onDisk(url)).length < 2);
      expect(await onDisk(url)).toEqual(['sam']);
      // Purged means gone from memory too: a clock set back (an NTP correction) brings nothing back.
      clock -= 6 * DAY;
      expect(await store.reflectHistory('alex')).toEqual([]);
      clock += 6 * DAY;

      clock += 89 * DAY; // 120 days after the first draw
      vi.advanceTimersByTime(HISTORY_PURGE_INTERVAL_MS);
      await until(async () => (await onDisk(url)).length < 1);
      expect(await onDisk(url)).toEqual([]);
      expect(await store.reflectHistory('sam')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('GIVEN a restart 120 days later THEN the history is deleted at start, by the clock the bot runs on', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const url = await engine.newDatabaseUrl();
    const first = await Store.open(url, { now: () => clock });
    await first.saveReflectHistory('alex', ['q-1']);
    await first.close();
    expect(await onDisk(url)).toEqual(['alex']);
    clock += 120 * DAY;
    const second = await Store.open(url, { now: () => clock });
    try {
      expect(await onDisk(url)).toEqual([]);
      expect(await second.reflectHistory('alex')).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
