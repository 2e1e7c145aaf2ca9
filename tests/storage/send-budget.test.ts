import { describe, expect, it } from 'vitest';
import { Store } from '../../src/storage/store.ts';
import { testEngines } from './engines.ts';

describe.each(testEngines())('request budget on $name', (engine) => {
  it('GIVEN two processes on one database THEN their request slots follow one another, and a pause holds both', async () => {
    const url = await engine.newDatabaseUrl();
    const a = await Store.open(url);
    const b = await Store.open(url);
    // One-second slots, so the time between the calls is negligible.
    expect(await a.sendBudget.reserve(3, 1000)).toBeLessThan(500);
    expect(await b.sendBudget.reserve(2, 1000)).toBeGreaterThan(2500);
    expect(await a.sendBudget.reserve(1, 1000)).toBeGreaterThan(4500);
    await b.sendBudget.pause(60_000);
    expect(await a.sendBudget.reserve(1, 1000)).toBeGreaterThan(55_000);
    await a.close();
    await b.close();
  });

  it('GIVEN the pacer interval, a fraction of a millisecond (1000/47) THEN slots are still reserved, at that pace', async () => {
    const url = await engine.newDatabaseUrl();
    const a = await Store.open(url);
    const b = await Store.open(url);
    const interval = 1000 / 47;
    await a.sendBudget.reserve(4, interval);
    // 100 batches of 4 after the first: 400 slots at 47 a second is about 8.5 s of budget.
    for (let i = 0; i < 50; i++) {
      await a.sendBudget.reserve(4, interval);
      await b.sendBudget.reserve(4, interval);
    }
    const wait = await b.sendBudget.reserve(1, interval);
    expect(wait).toBeGreaterThan(8_400);
    expect(wait).toBeLessThan(8_600);
    await a.close();
    await b.close();
  });
});
