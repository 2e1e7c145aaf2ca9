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
    const start = Date.now();
    await a.sendBudget.reserve(4, interval);
    // 100 batches of 4 after the first: 404 slots at 47 a second end 8,596 ms after the first.
    for (let i = 0; i < 50; i++) {
      await a.sendBudget.reserve(4, interval);
      await b.sendBudget.reserve(4, interval);
    }
    const wait = await b.sendBudget.reserve(1, interval);
    // The wait counts from now: add back the time the reservations took (on a loaded machine,
    // hundreds of ms). An interval rounded to 21 or 22 ms would end at 8,484 or 8,888.
    const fromStart = wait + (Date.now() - start);
    expect(fromStart).toBeGreaterThan(8_540);
    expect(fromStart).toBeLessThan(8_700);
    await a.close();
    await b.close();
  });
});
