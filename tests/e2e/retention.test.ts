import KeyvSqlite from '@keyv/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './harness.ts';

const DAY = 86_400_000;
let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

/** Whose reflection histories are in the bot's database file, read through a connection of its own. */
async function onDisk(): Promise<string[]> {
  const sql = new KeyvSqlite({ uri: world.config.databaseUrl });
  try {
    const rows = (await sql.query('SELECT user_id FROM reflect_history')) as Array<{ user_id: string }>;
    return rows.map((r) => r.user_id);
  } finally {
    await sql.disconnect();
  }
}

describe('retention of reflection histories, on the clock the bot runs on', () => {
  it('GIVEN a member drew questions THEN 31 days later nothing is served, and after the purge nothing is on disk, nor at +120 days', async () => {
    const start = Date.parse('2026-11-25T08:00:00Z');
    world.setClock(new Date(start).toISOString());
    await world.run('reflect', { theme: 'trust' }, world.sam.id);
    await world.run('reflect', { theme: 'trust' }, world.sam.id);
    // The history is written after the answer, within a batch's 100 ms.
    for (let i = 0; i < 250 && !(await onDisk()).includes(world.sam.id); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await world.app.store.reflectHistory(world.sam.id)).toHaveLength(2);
    expect(await onDisk()).toContain(world.sam.id);

    world.setClock(new Date(start + 31 * DAY).toISOString());
    expect(await world.app.store.reflectHistory(world.sam.id)).toEqual([]);
    // What the hourly purge runs (its schedule is tested in tests/unit/store-retention.test.ts).
    await world.app.store.purgeExpiredHistories();
    expect(await onDisk()).not.toContain(world.sam.id);

    world.setClock(new Date(start + 120 * DAY).toISOString());
    await world.restart();
    expect(await onDisk()).toEqual([]);
    expect(await world.app.store.reflectHistory(world.sam.id)).toEqual([]);
  });
});
