import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { REFLECT_HISTORY_TTL_MS, Store } from '../../src/store.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GxYzAb.secretsecretsecret';
const tmp = mkdtempSync(join(tmpdir(), 'reconnect-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('logger', () => {
  it('GIVEN the token inside an error, a URL and a field THEN no log line carries it', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', secrets: [TOKEN], destination: { write: (l: string) => lines.push(l) } });
    logger.error({ err: new Error(`login failed for ${TOKEN}`), url: `https://x/${TOKEN}` }, 'boom');
    logger.info({ token: 'another-secret-value' }, 'config');
    const out = lines.join('');
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('another-secret-value');
    expect(out).toContain('[redacted]');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, msg: 'boom' });
  });
});

describe('logger: errors from Discord requests', () => {
  it('GIVEN an error carrying a request URL with an interaction token and a request body THEN the line keeps the error and drops both', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (l: string) => lines.push(l) } });
    const error = Object.assign(new Error('Unknown interaction'), {
      code: 10062,
      status: 404,
      method: 'POST',
      url: 'https://discord.com/api/v10/interactions/123456789012345678/aW50ZXJhY3Rpb24tdG9rZW4/callback',
      requestBody: { json: { data: { embeds: [{ description: 'What would you want its first page to be about?' }] } } },
    });
    const wrapped = new Error('follow-up failed at /webhooks/111111111111111111/c2VjcmV0LXRva2Vu.x-y_z/messages/@original', { cause: error });
    logger.error({ err: error }, 'interaction handler failed');
    logger.warn({ err: wrapped }, 'could not tell the member');
    const out = lines.join('');
    expect(out).not.toContain('aW50ZXJhY3Rpb24tdG9rZW4');
    expect(out).not.toContain('c2VjcmV0LXRva2Vu');
    expect(out).not.toContain('first page');
    expect(out).toContain('/webhooks/111111111111111111/[token]/messages/@original');
    expect(JSON.parse(lines[0]!).err).toMatchObject({ type: 'Error', message: 'Unknown interaction', code: 10062, status: 404, method: 'POST' });
  });
});

describe('store', () => {
  it('GIVEN a database path in a folder that does not exist THEN it is created and history survives a reopen', async () => {
    const url = `sqlite://${join(tmp, 'nested', 'dir', 'db.sqlite')}`;
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
    const store = await Store.open(`sqlite://${join(tmp, 'ttl.sqlite')}`);
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

describe('store: daily posts', () => {
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
    const url = `sqlite://${join(tmp, 'subs.sqlite')}`;
    const store = await Store.open(url);
    await store.saveSubscription(sub);
    await store.saveSubscription({ ...sub, channelId: '100000000000000003', thread: true });
    await store.saveReflectHistory('1', ['x']);
    await store.close();
    const reopened = await Store.open(url);
    expect((await reopened.subscriptions()).map((s) => s.channelId).sort()).toEqual(['100000000000000002', '100000000000000003']);
    expect(await reopened.subscription(sub.guildId, '100000000000000003')).toEqual({ ...sub, channelId: '100000000000000003', thread: true });
    await reopened.deleteSubscription(sub.guildId, '100000000000000002');
    expect((await reopened.subscriptions()).map((s) => s.channelId)).toEqual(['100000000000000003']);
    await reopened.close();
  });

  it('GIVEN two servers naming one channel id THEN neither record can change or delete the other', async () => {
    const store = await Store.open(`sqlite://${join(tmp, 'guilds.sqlite')}`);
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
    const url = `sqlite://${join(tmp, 'legacy.sqlite')}`;
    await (await Store.open(url)).close();
    // What the previous release wrote: "sub:<channelId>".
    const raw = new Keyv({ store: new KeyvSqlite({ uri: url }), namespace: 'reconnect' });
    await raw.set(`sub:${sub.channelId}`, { v: 1, ...sub });
    await raw.set('sub:100000000000000004', { v: 1, ...sub, channelId: '100000000000000004' });
    await raw.disconnect();
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
    const url = `sqlite://${join(tmp, 'claims.sqlite')}`;
    const a = await Store.open(url);
    const b = await Store.open(url);
    const [ra, rb] = await Promise.all([
      a.claimPost('c1', '2026-11-25', 'A', 1_000, 60_000),
      b.claimPost('c1', '2026-11-25', 'B', 1_000, 60_000),
    ]);
    expect([ra, rb].sort()).toEqual(['claimed', 'held']);
    const winner = ra === 'claimed' ? 'A' : 'B';
    const loser = winner === 'A' ? b : a;
    const loserId = winner === 'A' ? 'B' : 'A';
    expect(await loser.claimPost('c1', '2026-11-25', loserId, 30_000, 60_000)).toBe('held');
    // The winner died before sending: after the lease the other takes over, with nothing to look for.
    expect(await loser.claimPost('c1', '2026-11-25', loserId, 61_001, 60_000)).toBe('claimed');
    // It died again, between starting its send and recording it: the next owner must look first.
    await loser.markSending('c1', '2026-11-25', loserId, 61_100);
    await expect(a.markSending('c1', '2026-11-25', 'C', 61_200)).rejects.toThrow(/taken over/);
    expect(await a.claimPost('c1', '2026-11-25', 'C', 200_000, 60_000)).toBe('reclaimed');
    expect(await a.postRecord('c1', '2026-11-25')).toMatchObject({ state: 'sending', owner: 'C', sendingAt: 61_100 });
    // A failed send gives the claim up but keeps the fact that it was attempted.
    await a.releaseClaim('c1', '2026-11-25', 'C');
    expect(await b.claimPost('c1', '2026-11-25', 'D', 200_001, 60_000)).toBe('reclaimed');
    await loser.recordPost('c1', '2026-11-25', 'm1', 201_500);
    expect(await a.claimPost('c1', '2026-11-25', 'C', 10_000_000, 60_000)).toBe('posted');
    expect(await a.postRecord('c1', '2026-11-25')).toMatchObject({ state: 'posted', messageId: 'm1' });
    await a.releaseClaim('c1', '2026-11-26', 'A');
    expect(await a.claimPost('c1', '2026-11-26', 'A', 1, 60_000)).toBe('claimed');
    await a.releaseClaim('c1', '2026-11-26', 'A');
    expect(await b.claimPost('c1', '2026-11-26', 'B', 2, 60_000)).toBe('claimed');
    await a.close();
    await b.close();
  });

  it('GIVEN two processes on one database THEN their request slots follow one another, and a pause holds both', async () => {
    const url = `sqlite://${join(tmp, 'budget.sqlite')}`;
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
});

