import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { databaseNowMs } from '../../src/storage/db-time.ts';
import { PostLog, type ClaimResult } from '../../src/storage/post-log.ts';
import { testEngines } from './engines.ts';

const LEASE_MS = 60_000;
const DATE = '2026-03-29';

describe.each(testEngines())('post log on $name', (engine) => {
  // Two connections to one database, as two processes of the bot have.
  let first: Database;
  let second: Database;
  let a: PostLog;
  let b: PostLog;
  beforeEach(async () => {
    const url = await engine.newDatabaseUrl();
    first = await openDatabase(url);
    second = await openDatabase(url);
    a = new PostLog(first);
    b = new PostLog(second);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await first.close();
    await second.close();
  });

  /** Moves a claim's start back in database time, as if its owner had claimed it `ms` ago. */
  const backdateClaim = (channelId: string, ms: number) =>
    first
      .knex('post_log')
      .where({ channel_id: channelId, local_date: DATE })
      .update({ claimed_at: first.knex.raw('?? - ?', [databaseNowMs(first.knex, first.dialect), ms]) });

  it('GIVEN a first claim THEN others are held off until it is recorded, then see it posted with its message', async () => {
    expect(await a.claimPost('100', DATE, 'process-a', LEASE_MS)).toBe('claimed');
    expect(await b.claimPost('100', DATE, 'process-b', LEASE_MS)).toBe('held');
    expect(await b.postRecord('100', DATE)).toEqual({
      state: 'claimed',
      owner: 'process-a',
      messageId: null,
      postedAt: null,
      sendingAt: null,
    });
    await a.recordPost('100', DATE, '555', Date.UTC(2026, 2, 29, 9));
    expect(await b.claimPost('100', DATE, 'process-b', LEASE_MS)).toBe('posted');
    expect(await a.claimPost('100', DATE, 'process-a', 0)).toBe('posted');
    expect(await b.postRecord('100', DATE)).toEqual({
      state: 'posted',
      owner: 'process-a',
      messageId: '555',
      postedAt: Date.UTC(2026, 2, 29, 9),
      sendingAt: null,
    });
    // Another date, or another channel, is a post of its own.
    expect(await b.claimPost('100', '2026-03-30', 'process-b', LEASE_MS)).toBe('claimed');
    expect(await b.claimPost('101', DATE, 'process-b', LEASE_MS)).toBe('claimed');
  });

  it('GIVEN two processes claiming the same posts at the same moment THEN exactly one wins each', async () => {
    const channels = Array.from({ length: 20 }, (_, i) => String(200 + i));
    const results = await Promise.all(
      channels.map((channel) =>
        Promise.all([
          a.claimPost(channel, DATE, 'process-a', LEASE_MS),
          b.claimPost(channel, DATE, 'process-b', LEASE_MS),
        ]),
      ),
    );
    for (const pair of results) expect([...pair].sort()).toEqual(['claimed', 'held']);
    // And the log agrees with the winners.
    const owners = await Promise.all(channels.map(async (channel) => (await a.postRecord(channel, DATE))?.owner));
    expect(owners).toEqual(results.map(([fromA]) => (fromA === 'claimed' ? 'process-a' : 'process-b')));
  });

  it("GIVEN a claim older than the lease (its owner died while sending) THEN another process takes it over as 'reclaimed', once", async () => {
    expect(await a.claimPost('300', DATE, 'process-a', LEASE_MS)).toBe('claimed');
    await a.markSending('300', DATE, 'process-a', Date.UTC(2026, 2, 29, 9));
    await backdateClaim('300', LEASE_MS - 5_000);
    expect(await b.claimPost('300', DATE, 'process-b', LEASE_MS)).toBe('held');
    await backdateClaim('300', LEASE_MS + 5_000);
    const [fromB, fromC] = await Promise.all([
      b.claimPost('300', DATE, 'process-b', LEASE_MS),
      a.claimPost('300', DATE, 'process-c', LEASE_MS),
    ]);
    expect([fromB, fromC].sort()).toEqual(['held', 'reclaimed']);
    // The owner that died, back again, no longer holds it.
    expect(await a.claimPost('300', DATE, 'process-a', LEASE_MS)).toBe('held');
  });

  it('GIVEN a short lease THEN the claim is taken over once the database clock has passed it', async () => {
    expect(await a.claimPost('310', DATE, 'process-a', LEASE_MS)).toBe('claimed');
    await a.markSending('310', DATE, 'process-a', Date.UTC(2026, 2, 29, 9));
    let result: ClaimResult = 'held';
    for (let i = 0; i < 200 && result === 'held'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      result = await b.claimPost('310', DATE, 'process-b', 300);
    }
    expect(result).toBe('reclaimed');
    expect((await a.postRecord('310', DATE))?.owner).toBe('process-b');
  });

  it("GIVEN a process whose clock runs ten minutes ahead THEN it still cannot take a fresh claim: leases run on the database's clock", async () => {
    expect(await a.claimPost('320', DATE, 'process-a', LEASE_MS)).toBe('claimed');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10 * 60_000);
    expect(await b.claimPost('320', DATE, 'process-b', LEASE_MS)).toBe('held');
    // Nor does a process whose clock is behind make its own claim look older to the others.
    vi.setSystemTime(Date.now() - 20 * 60_000);
    expect(await b.claimPost('321', DATE, 'process-b', LEASE_MS)).toBe('claimed');
    vi.useRealTimers();
    expect(await a.claimPost('321', DATE, 'process-a', LEASE_MS)).toBe('held');
  });

  it("GIVEN its owner claims again after a send was attempted (a retry in the same process) THEN it is 'reclaimed': the message may exist", async () => {
    expect(await a.claimPost('330', DATE, 'process-a', LEASE_MS)).toBe('claimed');
    await a.markSending('330', DATE, 'process-a', Date.UTC(2026, 2, 29, 9));
    expect(await a.claimPost('330', DATE, 'process-a', LEASE_MS)).toBe('reclaimed');
    expect(await b.postRecord('330', DATE)).toMatchObject({ state: 'sending', sendingAt: Date.UTC(2026, 2, 29, 9) });
  });

  it("GIVEN a claim taken over before any send THEN it is 'claimed': there is nothing to look for", async () => {
    expect(await a.claimPost('331', DATE, 'process-a', LEASE_MS)).toBe('claimed');
    expect(await a.claimPost('331', DATE, 'process-a', LEASE_MS)).toBe('claimed');
    await backdateClaim('331', LEASE_MS + 5_000);
    expect(await b.claimPost('331', DATE, 'process-b', LEASE_MS)).toBe('claimed');
    // The owner it was taken from can no longer send under it.
    await expect(a.markSending('331', DATE, 'process-a', 1)).rejects.toThrow(/taken over/);
  });

  it('GIVEN its owner renews the claim THEN its lease starts again on the database clock; nobody else can renew it', async () => {
    expect(await a.claimPost('332', DATE, 'process-a', LEASE_MS)).toBe('claimed');
    await backdateClaim('332', LEASE_MS + 5_000);
    await a.renewClaim('332', DATE, 'process-a');
    expect(await b.claimPost('332', DATE, 'process-b', LEASE_MS)).toBe('held');
    await backdateClaim('332', LEASE_MS + 5_000);
    await b.renewClaim('332', DATE, 'process-b');
    expect(await b.claimPost('332', DATE, 'process-b', LEASE_MS)).toBe('claimed');
  });

  it('GIVEN a send attempted and then given up THEN the next claim is at once, and looks first', async () => {
    expect(await a.claimPost('333', DATE, 'process-a', LEASE_MS)).toBe('claimed');
    await a.markSending('333', DATE, 'process-a', 5);
    await a.markSending('333', DATE, 'process-a', 9);
    await a.releaseClaim('333', DATE, 'process-a');
    expect(await b.claimPost('333', DATE, 'process-b', LEASE_MS)).toBe('reclaimed');
    // The first attempt's time is kept: the look starts there.
    expect(await a.postRecord('333', DATE)).toMatchObject({ state: 'sending', owner: 'process-b', sendingAt: 5 });
  });

  it('GIVEN a claim given up after a failure THEN anyone can claim it at once; only its owner can give it up', async () => {
    expect(await a.claimPost('340', DATE, 'process-a', LEASE_MS)).toBe('claimed');
    await b.releaseClaim('340', DATE, 'process-b');
    expect(await b.claimPost('340', DATE, 'process-b', LEASE_MS)).toBe('held');
    await a.releaseClaim('340', DATE, 'process-a');
    expect(await a.postRecord('340', DATE)).toBeUndefined();
    expect(await b.claimPost('340', DATE, 'process-b', LEASE_MS)).toBe('claimed');
    await b.recordPost('340', DATE, '777', 1);
    // A recorded post is never given up.
    await b.releaseClaim('340', DATE, 'process-b');
    expect(await a.claimPost('340', DATE, 'process-a', LEASE_MS)).toBe('posted');
  });
});
