import { describe, expect, it } from 'vitest';
import { Store } from '../../src/storage/store.ts';
import { testEngines } from './engines.ts';

describe.each(testEngines())('request budget on $name', (engine) => {
  it('GIVEN two processes on one database THEN their request slots follow one another, and a pause holds both', async () => {
    const url = await engine.newDatabaseUrl();
    const a = await Store.open(url);
    const b = await Store.open(url);
    // How long from the database's now the first slot is. One-second slots, so the time
    // between the calls is negligible.
    const wait = async (store: Store, count: number, interval: number) => {
      const { firstAt, now } = await store.sendBudget.reserve(count, interval);
      return firstAt - now;
    };
    expect(await wait(a, 3, 1000)).toBeLessThan(500);
    expect(await wait(b, 2, 1000)).toBeGreaterThan(2500);
    expect(await wait(a, 1, 1000)).toBeGreaterThan(4500);
    await b.sendBudget.pause(60_000);
    expect(await wait(a, 1, 1000)).toBeGreaterThan(55_000);
    await a.close();
    await b.close();
  });

  it.each([47, 48])(
    'GIVEN the pacer interval at %i a second, a fraction of a millisecond THEN slots are reserved at that exact pace',
    async (perSecond) => {
      const url = await engine.newDatabaseUrl();
      const a = await Store.open(url);
      const b = await Store.open(url);
      const interval = 1000 / perSecond;
      const first = await a.sendBudget.reserve(4, interval);
      for (let i = 0; i < 50; i++) {
        await a.sendBudget.reserve(4, interval);
        await b.sendBudget.reserve(4, interval);
      }
      const last = await b.sendBudget.reserve(1, interval);
      // 404 slots before the last: each process carries what it rounded, so the two are
      // off by a millisecond at most. Rounding each batch of 4 alone would be off by
      // 33 ms at 48 a second (83 ms for 83.3) and 10 ms at 47 (85 for 85.1).
      expect(Math.abs(last.firstAt - first.firstAt - 404 * interval)).toBeLessThanOrEqual(1);
      await a.close();
      await b.close();
    },
  );
});
