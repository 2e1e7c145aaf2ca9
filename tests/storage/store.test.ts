import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/storage/database.ts';
import { migrations } from '../../src/storage/migrations/index.ts';
import { REFLECT_HISTORY_TTL_MS } from '../../src/storage/reflect-histories.ts';
import { Store } from '../../src/storage/store.ts';
import { ageClaims } from './age-claims.ts';
import { testEngines } from './engines.ts';
import { BEFORE, createStoreBeforeMigrations } from './fixtures/store-before-migrations.ts';

const LEASE_MS = 60_000;
const engines = testEngines();

describe.each(engines)('store on $name', (engine) => {
  it('GIVEN a database path in a folder that does not exist THEN it is created and history survives a reopen', async () => {
    const url = await engine.newDatabaseUrl();
    const store = await Store.open(url);
    expect(await store.reflectHistory('42')).toEqual([]);
    await store.saveReflectHistory('42', ['q-trust-01']);
    await store.close();
    const reopened = await Store.open(url);
    expect(await reopened.reflectHistory('42')).toEqual(['q-trust-01']);
    expect(await reopened.reflectHistory('43')).toEqual([]);
    await reopened.close();
  });

  it('GIVEN 30 days without a draw THEN the member history has expired', async () => {
    const store = await Store.open(await engine.newDatabaseUrl());
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
      await store.saveReflectHistory('7', ['q-1']);
      vi.setSystemTime(Date.now() + REFLECT_HISTORY_TTL_MS - 60_000);
      expect(await store.reflectHistory('7')).toEqual(['q-1']);
      vi.setSystemTime(Date.now() + 120_000);
      expect(await store.reflectHistory('7')).toEqual([]);
    } finally {
      vi.useRealTimers();
      await store.close();
    }
  });
});

describe.each(engines)('store on $name: daily posts', (engine) => {
  const sub = {
    guildId: '100000000000000001',
    channelId: '100000000000000002',
    time: '09:00',
    zone: 'Europe/London',
    roleId: null,
    thread: false,
    updatedAt: 1,
    lastPostedDate: null,
    lastPostedAt: null,
    problem: null,
  };

  it('GIVEN subscriptions saved THEN they are listed after a reopen, and a deleted one is gone', async () => {
    const url = await engine.newDatabaseUrl();
    const store = await Store.open(url);
    await store.saveSubscription(sub);
    await store.saveSubscription({ ...sub, channelId: '100000000000000003', thread: true });
    await store.saveReflectHistory('1', ['x']);
    await store.close();
    const reopened = await Store.open(url);
    expect((await reopened.subscriptions()).map((s) => s.channelId).sort()).toEqual([
      '100000000000000002',
      '100000000000000003',
    ]);
    expect(await reopened.subscription(sub.guildId, '100000000000000003')).toEqual({
      ...sub,
      channelId: '100000000000000003',
      thread: true,
    });
    await reopened.deleteSubscription(sub.guildId, '100000000000000002');
    expect((await reopened.subscriptions()).map((s) => s.channelId)).toEqual(['100000000000000003']);
    await reopened.close();
  });

  it('GIVEN the records cannot be read THEN listing the subscriptions fails rather than showing none', async () => {
    const url = await engine.newDatabaseUrl();
    const store = await Store.open(url);
    await store.saveSubscription(sub);
    const raw = await openDatabase(url);
    try {
      await raw.knex.schema.renameTable('keyv', 'keyv_elsewhere');
      // Start-up would otherwise schedule nothing and say all is well.
      await expect(store.subscriptions()).rejects.toThrow(/keyv/);
    } finally {
      await raw.close();
      await store.close();
    }
  });

  it('GIVEN two servers naming one channel id THEN neither record can change or delete the other', async () => {
    const store = await Store.open(await engine.newDatabaseUrl());
    const other = '100000000000000009';
    await store.saveSubscription(sub);
    await store.saveSubscription({ ...sub, guildId: other, time: '18:00' });
    expect(await store.subscription(sub.guildId, sub.channelId)).toEqual(sub);
    await store.deleteSubscription(other, sub.channelId);
    expect(await store.subscription(sub.guildId, sub.channelId)).toEqual(sub);
    expect(await store.subscription(other, sub.channelId)).toBeUndefined();
    await store.close();
  });

  it('GIVEN records of the earlier layout (keyed by channel only) THEN they are read, rewritten on save, and deleted only by their own server', async () => {
    const url = await engine.newDatabaseUrl();
    await (await Store.open(url)).close();
    // What the previous release wrote: "sub:<channelId>".
    const raw = await openDatabase(url);
    await raw.keyv.set(`sub:${sub.channelId}`, { v: 1, ...sub });
    await raw.keyv.set('sub:100000000000000004', { v: 1, ...sub, channelId: '100000000000000004' });
    await raw.close();
    const store = await Store.open(url);
    expect((await store.subscriptions()).map((s) => s.channelId).sort()).toEqual([sub.channelId, '100000000000000004']);
    expect(await store.subscription(sub.guildId, sub.channelId)).toEqual(sub);
    expect(await store.subscription('100000000000000009', sub.channelId)).toBeUndefined();
    await store.deleteSubscription('100000000000000009', sub.channelId);
    expect(await store.subscription(sub.guildId, sub.channelId)).toEqual(sub);
    await store.saveSubscription({ ...sub, time: '10:00' });
    expect(await store.subscriptions()).toHaveLength(2);
    expect(await store.subscription(sub.guildId, sub.channelId)).toMatchObject({ time: '10:00' });
    await store.deleteSubscription(sub.guildId, '100000000000000004');
    expect((await store.subscriptions()).map((s) => s.channelId)).toEqual([sub.channelId]);
    await store.close();
  });

  it('GIVEN two instances claiming one post THEN one wins, a stale claim can be taken over (looking first only if a send was attempted), and a recorded post stays posted', async () => {
    const url = await engine.newDatabaseUrl();
    const a = await Store.open(url);
    const b = await Store.open(url);
    /** The lease of every open claim runs out, in database time. */
    const leasePasses = () => ageClaims(url, LEASE_MS + 1);
    const [ra, rb] = await Promise.all([
      a.claimPost('c1', '2026-11-25', 'A', LEASE_MS),
      b.claimPost('c1', '2026-11-25', 'B', LEASE_MS),
    ]);
    expect([ra, rb].sort()).toEqual(['claimed', 'held']);
    const winner = ra === 'claimed' ? 'A' : 'B';
    const loser = winner === 'A' ? b : a;
    const loserId = winner === 'A' ? 'B' : 'A';
    expect(await loser.claimPost('c1', '2026-11-25', loserId, LEASE_MS)).toBe('held');
    // The winner died before sending: after the lease the other takes over, with nothing to look for.
    await leasePasses();
    expect(await loser.claimPost('c1', '2026-11-25', loserId, LEASE_MS)).toBe('claimed');
    // It died again, between starting its send and recording it: the next owner must look first.
    await loser.markSending('c1', '2026-11-25', loserId, 61_100);
    await expect(a.markSending('c1', '2026-11-25', 'C', 61_200)).rejects.toThrow(/taken over/);
    await leasePasses();
    expect(await a.claimPost('c1', '2026-11-25', 'C', LEASE_MS)).toBe('reclaimed');
    expect(await a.postRecord('c1', '2026-11-25')).toMatchObject({ state: 'sending', owner: 'C', sendingAt: 61_100 });
    // A failed send gives the claim up but keeps the fact that it was attempted.
    await a.releaseClaim('c1', '2026-11-25', 'C');
    expect(await b.claimPost('c1', '2026-11-25', 'D', LEASE_MS)).toBe('reclaimed');
    await loser.recordPost('c1', '2026-11-25', 'm1', 201_500);
    await leasePasses();
    expect(await a.claimPost('c1', '2026-11-25', 'C', LEASE_MS)).toBe('posted');
    expect(await a.postRecord('c1', '2026-11-25')).toMatchObject({ state: 'posted', messageId: 'm1' });
    await a.releaseClaim('c1', '2026-11-26', 'A');
    expect(await a.claimPost('c1', '2026-11-26', 'A', LEASE_MS)).toBe('claimed');
    await a.releaseClaim('c1', '2026-11-26', 'A');
    expect(await b.claimPost('c1', '2026-11-26', 'B', LEASE_MS)).toBe('claimed');
    await a.close();
    await b.close();
  });
});

describe.each(engines.filter((e) => e.dialect === 'sqlite'))(
  'store on $name: a file from before migrations',
  (engine) => {
    it('GIVEN the file the last release before migrations made THEN it opens, migrated, and every record is as it was', async () => {
      const url = await engine.newDatabaseUrl();
      await createStoreBeforeMigrations(url.replace('sqlite://', ''));
      const info = vi.fn();
      const store = await Store.open(url, { logger: { info, warn: vi.fn(), error: vi.fn(), debug: vi.fn() } });
      try {
        // Not announced as a new database: it is the same one.
        expect(info).not.toHaveBeenCalledWith(expect.anything(), expect.stringMatching(/new database/));
        expect((await store.subscriptions()).map((s) => [s.channelId, s.time, s.lastPostedDate]).sort()).toEqual([
          [BEFORE.channelId, '09:00', BEFORE.postedDate],
          [BEFORE.legacyChannelId, '18:30', BEFORE.postedDate],
        ]);
        expect(await store.subscription(BEFORE.guildId, BEFORE.legacyChannelId)).toMatchObject({ time: '18:30' });
        expect(await store.rotation(BEFORE.channelId)).toEqual({ cycle: 2, used: ['p-1', 'p-2'] });
        expect(await store.reflectHistory(BEFORE.userId)).toEqual(['q-trust-01']);
        // The post log: a recorded post stays posted; a send under way when it stopped is looked for first.
        expect(await store.claimPost(BEFORE.channelId, BEFORE.postedDate, 'new', LEASE_MS)).toBe('posted');
        expect(await store.postRecord(BEFORE.channelId, BEFORE.postedDate)).toMatchObject({
          state: 'posted',
          messageId: '999',
        });
        expect(await store.claimPost(BEFORE.channelId, BEFORE.sendingDate, 'new', LEASE_MS)).toBe('reclaimed');
        expect(await store.postRecord(BEFORE.channelId, BEFORE.sendingDate)).toMatchObject({
          state: 'sending',
          sendingAt: BEFORE.sendingAt,
        });
        // The request budget's pause still holds.
        const { firstAt } = await store.sendBudget.reserve(1, 20);
        expect(firstAt).toBeGreaterThanOrEqual(BEFORE.budgetNextAt);
      } finally {
        await store.close();
      }
      const db = await openDatabase(url);
      try {
        expect(await db.knex('knex_migrations').orderBy('id').pluck('name')).toEqual(migrations.map((m) => m.name));
        const indexes = await db.knex.raw<Array<{ name: string }>>('PRAGMA index_list(reflect_history)');
        expect(indexes.map((i) => i.name)).toContain('reflect_history_expires_at');
      } finally {
        await db.close();
      }
    });
  },
);
