import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from '../../src/app/config.ts';
import { loadContent } from '../../src/content/content-pack.ts';
import { createLogger } from '../../src/app/logger.ts';
import type { DailySender } from '../../src/daily/discord-sender.ts';
import { loadDaily, type Daily } from '../../src/daily/index.ts';
import { CLAIM_LEASE_MS } from '../../src/daily/post-once.ts';
import { Store } from '../../src/storage/store.ts';
import { ageClaims } from '../storage/age-claims.ts';

const content = loadContent(DEFAULT_CONTENT_DIR);
const logger = createLogger({ level: 'silent' });
const GUILD = '100000000000000001';
const A = '100000000000000010';
const B = '100000000000000011';

/** A Discord stand-in that, like Discord, creates one message per channel and nonce within the nonce window. */
class FakeDiscord implements DailySender {
  messages: Array<{ id: string; channelId: string; body: RESTPostAPIChannelMessageJSONBody; at: number }> = [];
  failures = new Map<string, Error>();
  missing = new Map<string, string[] | null>();
  sends = 0;
  looks = 0;
  threads: string[] = [];
  /** Discord deduplicates a nonce for a few minutes only. */
  nonceWindowMs = 5 * 60_000;
  /** Channels whose next send creates the message but loses the answer. */
  lostAnswers = new Set<string>();
  /** When set, each send waits its turn and takes this long on the clock, as behind a pacer. */
  sendCostMs = 0;
  /** While set, sends wait for it (a slow send: a long rate-limit wait, a slow network). */
  gate: Promise<void> | undefined;
  /** Sends from this many on never answer (the process is dying); the first few of them were on the wire and create their message. */
  hangAfter = Infinity;
  onTheWireAtDeath = 3;
  private turn: Promise<void> = Promise.resolve();
  deletedRoles = new Set<string>();
  /** Channels of a kind that cannot carry posts (a voice channel). */
  notPostable = new Set<string>();
  /** Channels the gateway cache does not show in the server (another server's, or a server not delivered). */
  unknownChannels = new Set<string>();
  channelKind(_guildId: string, channelId: string) {
    if (this.unknownChannels.has(channelId)) return 'unknown' as const;
    return this.notPostable.has(channelId) ? ('other' as const) : ('postable' as const);
  }
  roleExists(_guildId: string, roleId: string) {
    return !this.deletedRoles.has(roleId);
  }
  missingPermissions(sub: { channelId: string }) {
    return this.missing.has(sub.channelId) ? this.missing.get(sub.channelId)! : [];
  }
  async send(channelId: string, body: RESTPostAPIChannelMessageJSONBody) {
    if (this.sendCostMs) {
      const mine = this.turn.then(() => new Promise<void>((resolve) => setTimeout(resolve, 1)));
      this.turn = mine;
      await mine;
      clock += this.sendCostMs;
    }
    this.sends++;
    await this.gate;
    if (this.sends > this.hangAfter + this.onTheWireAtDeath) return new Promise<never>(() => {});
    const failure = this.failures.get(channelId);
    if (failure) throw failure;
    const existing = this.messages.find(
      (m) =>
        m.channelId === channelId &&
        body.enforce_nonce &&
        m.body.nonce === body.nonce &&
        clock - m.at < this.nonceWindowMs,
    );
    const message = existing ?? { id: String(this.messages.length + 1), channelId, body, at: clock };
    if (!existing) this.messages.push(message);
    if (this.sends > this.hangAfter) return new Promise<never>(() => {});
    if (this.lostAnswers.delete(channelId)) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    return { id: message.id };
  }
  async startThread(_channelId: string, messageId: string, name: string) {
    this.threads.push(`${messageId}:${name}`);
  }
  async findPost({ channelId }: { channelId: string }, localDate: string) {
    this.looks++;
    return (
      this.messages.find((m) => m.channelId === channelId && m.body.embeds?.[0]?.footer?.text.includes(localDate))
        ?.id ?? null
    );
  }
  in(channelId: string) {
    return this.messages.filter((m) => m.channelId === channelId);
  }
}

let dir: string;
let clock: number;
let discord: FakeDiscord;
const stores: Store[] = [];
const at = (iso: string) => (clock = Date.parse(iso));

const databaseUrl = () => `sqlite://${join(dir, 'db.sqlite')}`;

async function scheduler(options: { catchUpMs?: number; leaseMs?: number } = {}) {
  const store = await Store.open(databaseUrl());
  stores.push(store);
  return loadDaily({ store, content, sender: discord, logger, now: () => clock, ...options });
}

/** Ticks every minute from the current clock to `iso`, as node-cron would. */
async function runUntil(iso: string, ...schedulers: Daily[]) {
  const end = Date.parse(iso);
  clock = Math.ceil(clock / 60_000) * 60_000;
  for (; clock <= end; clock += 60_000) await Promise.all(schedulers.map((s) => s.runner.tick()));
  clock = end;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'reconnect-scheduler-'));
  discord = new FakeDiscord();
});
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const london = { guildId: GUILD, channelId: A, time: '09:00', zone: 'Europe/London', roleId: null, thread: false };

describe('daily posts', () => {
  it('GIVEN a channel enabled before its time THEN exactly one post goes out at that minute, and one the next day', async () => {
    at('2026-11-25T08:00:00Z');
    const s = await scheduler();
    await s.posts.enable(london);
    await runUntil('2026-11-25T08:59:00Z', s);
    expect(discord.messages).toHaveLength(0);
    await runUntil('2026-11-25T09:00:00Z', s);
    expect(discord.in(A)).toHaveLength(1);
    await runUntil('2026-11-26T08:59:00Z', s);
    expect(discord.in(A)).toHaveLength(1);
    await runUntil('2026-11-26T09:00:00Z', s);
    expect(discord.in(A)).toHaveLength(2);
    expect(discord.in(A)[1]!.body.embeds![0]!.footer!.text).toContain('2026-11-26');
  });

  it('GIVEN a channel enabled after today’s time THEN it starts tomorrow', async () => {
    at('2026-11-25T10:00:00Z');
    const s = await scheduler();
    await s.posts.enable(london);
    expect(new Date(s.posts.nextPostAt(A)!).toISOString()).toBe('2026-11-26T09:00:00.000Z');
    await runUntil('2026-11-25T23:00:00Z', s);
    expect(discord.messages).toHaveLength(0);
  });

  it('GIVEN a restart after the post THEN there is no second post that day', async () => {
    at('2026-11-25T08:00:00Z');
    const first = await scheduler();
    await first.posts.enable(london);
    await runUntil('2026-11-25T09:00:00Z', first);
    const second = await scheduler();
    await runUntil('2026-11-25T12:00:00Z', second);
    expect(discord.in(A)).toHaveLength(1);
  });

  it('GIVEN the bot died between sending and recording THEN the restarted bot records that message and sends nothing more', async () => {
    at('2026-11-25T08:00:00Z');
    const first = await scheduler();
    await first.posts.enable(london);
    // The crash: the message went out and the claim was taken, but nothing was recorded.
    at('2026-11-25T09:00:00Z');
    const store = stores[0]!;
    expect(await store.claimPost(A, '2026-11-25', 'dead-instance', CLAIM_LEASE_MS)).toBe('claimed');
    await store.markSending(A, '2026-11-25', 'dead-instance', clock);
    await discord.send(A, {
      embeds: [{ footer: { text: 'Small wins 2026-11-25 · x' } }],
      nonce: 'n',
      enforce_nonce: true,
    });
    // The restart comes after the dead instance's lease, which runs on the database's clock.
    await ageClaims(databaseUrl(), CLAIM_LEASE_MS);
    const second = await scheduler();
    await runUntil('2026-11-25T09:30:00Z', second);
    expect(discord.in(A)).toHaveLength(1);
    expect((await store.postRecord(A, '2026-11-25'))?.state).toBe('posted');
    await runUntil('2026-11-26T09:00:00Z', second);
    expect(discord.in(A)).toHaveLength(2);
  });

  it('GIVEN two instances on one store THEN each day is posted once', async () => {
    at('2026-11-25T08:00:00Z');
    const one = await scheduler();
    await one.posts.enable(london);
    const two = await scheduler();
    await runUntil('2026-11-27T10:00:00Z', one, two);
    expect(discord.in(A).map((m) => m.body.embeds![0]!.footer!.text.slice(0, 21))).toEqual([
      'Small wins 2026-11-25',
      'Small wins 2026-11-26',
      'Small wins 2026-11-27',
    ]);
  });

  it('GIVEN downtime over the post time THEN the missed post goes out inside the catch-up window and not after it', async () => {
    at('2026-11-25T08:00:00Z');
    await (await scheduler()).posts.enable(london);
    at('2026-11-25T14:59:00Z'); // 5h59 late
    await runUntil('2026-11-25T15:00:00Z', await scheduler());
    expect(discord.in(A)).toHaveLength(1);

    at('2026-11-26T15:01:00Z'); // 6h01 late the next day: missed for good
    const late = await scheduler();
    await runUntil('2026-11-26T23:00:00Z', late);
    expect(discord.in(A)).toHaveLength(1);
    await runUntil('2026-11-27T09:00:00Z', late);
    expect(discord.in(A)).toHaveLength(2);
  });

  it('GIVEN a 403 in one channel THEN the other still posts, the problem is kept, and three refused days switch it off', async () => {
    at('2026-11-25T08:00:00Z');
    const s = await scheduler();
    await s.posts.enable(london);
    await s.posts.enable({ ...london, channelId: B });
    discord.failures.set(B, Object.assign(new Error('Missing Permissions'), { status: 403, code: 50013 }));
    await runUntil('2026-11-25T09:05:00Z', s);
    expect(discord.in(A)).toHaveLength(1);
    expect(s.posts.subscription(B)?.problem).toMatchObject({
      message: 'Missing Permissions',
      failedDates: ['2026-11-25'],
    });
    const sendsAfterDay1 = discord.sends;
    await runUntil('2026-11-25T20:00:00Z', s);
    expect(discord.sends).toBe(sendsAfterDay1); // not retried the same day
    await runUntil('2026-11-27T09:05:00Z', s);
    expect(s.posts.subscription(B)?.switchedOff).toMatchObject({
      at: Date.parse('2026-11-27T09:00:00Z'),
      reason: 'Missing Permissions',
    });
    expect(s.posts.nextPostAt(B)).toBeUndefined();
    expect(discord.in(A)).toHaveLength(3);
    // Off, and kept off across a restart, until a moderator enables or dismisses it.
    discord.failures.delete(B);
    const sends = discord.sends;
    const restarted = await scheduler();
    expect(restarted.posts.subscription(B)?.switchedOff?.reason).toBe('Missing Permissions');
    await runUntil('2026-11-28T09:05:00Z', restarted);
    expect(discord.sends).toBe(sends + 1); // A only
    expect(discord.in(B)).toHaveLength(0);
  });

  it('GIVEN a refused day and a restart within its catch-up window THEN that day is not tried again', async () => {
    at('2026-11-25T08:00:00Z');
    const s = await scheduler();
    await s.posts.enable(london);
    discord.failures.set(A, Object.assign(new Error('Missing Permissions'), { status: 403, code: 50013 }));
    await runUntil('2026-11-25T09:00:00Z', s);
    discord.failures.delete(A);
    const sends = discord.sends;
    await runUntil('2026-11-25T12:00:00Z', await scheduler());
    expect(discord.sends).toBe(sends);
    expect(discord.in(A)).toHaveLength(0);
  });

  it('GIVEN a 403 that is fixed the next day THEN the post resumes and the problem clears', async () => {
    at('2026-11-25T08:00:00Z');
    const s = await scheduler();
    await s.posts.enable(london);
    discord.failures.set(A, Object.assign(new Error('Missing Access'), { status: 403, code: 50001 }));
    await runUntil('2026-11-25T10:00:00Z', s);
    discord.failures.delete(A);
    await runUntil('2026-11-26T09:00:00Z', s);
    expect(discord.in(A)).toHaveLength(1);
    expect(s.posts.subscription(A)?.problem).toBeNull();
  });

  it('GIVEN a permission known missing from the cache THEN nothing is sent at all', async () => {
    at('2026-11-25T08:00:00Z');
    const s = await scheduler();
    await s.posts.enable(london);
    discord.missing.set(A, ['Send Messages']);
    await runUntil('2026-11-25T10:00:00Z', s);
    expect(discord.sends).toBe(0);
    expect(s.posts.subscription(A)?.problem?.message).toBe('missing permission: Send Messages');
  });

  it('GIVEN a deleted channel (404, or gone from the cache) THEN its subscription is removed', async () => {
    at('2026-11-25T08:00:00Z');
    const s = await scheduler();
    await s.posts.enable(london);
    await s.posts.enable({ ...london, channelId: B });
    discord.failures.set(A, Object.assign(new Error('Unknown Channel'), { status: 404, code: 10003 }));
    discord.missing.set(B, null);
    await runUntil('2026-11-25T09:01:00Z', s);
    expect(s.posts.subscriptionsOf(GUILD)).toEqual([]);
  });

  it('GIVEN 5xx answers THEN the post is retried with backoff and goes out once when Discord recovers', async () => {
    at('2026-11-25T08:00:00Z');
    const s = await scheduler();
    await s.posts.enable(london);
    discord.failures.set(A, Object.assign(new Error('Internal Server Error'), { status: 500 }));
    await runUntil('2026-11-25T09:10:00Z', s);
    const tries = discord.sends;
    expect(tries).toBeGreaterThanOrEqual(3);
    expect(tries).toBeLessThanOrEqual(5); // backoff: 09:00, 09:01, 09:03, 09:07
    discord.failures.delete(A);
    await runUntil('2026-11-25T09:40:00Z', s);
    expect(discord.in(A)).toHaveLength(1);
  });

  it('GIVEN thread and role settings THEN the post mentions only that role and starts a dated thread', async () => {
    at('2026-11-25T08:00:00Z');
    const s = await scheduler();
    await s.posts.enable({ ...london, roleId: '100000000000000099', thread: true });
    await runUntil('2026-11-25T09:00:00Z', s);
    const body = discord.in(A)[0]!.body;
    expect(body.content).toBe('<@&100000000000000099>');
    expect(body.allowed_mentions).toEqual({ parse: [], roles: ['100000000000000099'] });
    expect(body.enforce_nonce).toBe(true);
    expect(discord.threads).toEqual(['1:Small wins · Wednesday 25 November']);
  });

  it('GIVEN the role to mention was deleted THEN the post goes out without any mention', async () => {
    at('2026-11-25T08:00:00Z');
    const s = await scheduler();
    await s.posts.enable({ ...london, roleId: '100000000000000099' });
    discord.deletedRoles.add('100000000000000099');
    await runUntil('2026-11-25T09:00:00Z', s);
    const body = discord.in(A)[0]!.body;
    expect(body.content).toBeUndefined();
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [] });
    expect(s.posts.subscription(A)?.roleId).toBe('100000000000000099'); // kept: status shows the problem
  });

  it('GIVEN a spring-forward day THEN a 02:30 New York post goes out at 03:00 EDT, once', async () => {
    at('2026-03-07T12:00:00Z');
    const s = await scheduler();
    await s.posts.enable({ ...london, zone: 'America/New_York', time: '02:30' });
    await runUntil('2026-03-08T06:59:00Z', s); // 01:59 EST: the clock then jumps to 03:00 EDT
    expect(discord.in(A)).toHaveLength(0);
    await runUntil('2026-03-08T07:00:00Z', s);
    expect(discord.in(A)).toHaveLength(1);
    await runUntil('2026-03-09T06:29:00Z', s);
    expect(discord.in(A)).toHaveLength(1);
    await runUntil('2026-03-09T06:30:00Z', s); // 02:30 EDT the next day
    expect(discord.in(A)).toHaveLength(2);
  });

  it('GIVEN a fall-back day THEN a 01:30 London post goes out at the first 01:30 only', async () => {
    at('2026-10-24T12:00:00Z');
    const s = await scheduler();
    await s.posts.enable({ ...london, time: '01:30' });
    await runUntil('2026-10-25T00:30:00Z', s); // 01:30 BST
    expect(discord.in(A)).toHaveLength(1);
    await runUntil('2026-10-25T23:00:00Z', s); // through the second 01:30 (GMT, 01:30Z)
    expect(discord.in(A)).toHaveLength(1);
    await runUntil('2026-10-26T01:30:00Z', s);
    expect(discord.in(A)).toHaveLength(2);
  });

  it('GIVEN prompts in rotation THEN a channel sees no repeat before the whole pool, across restarts', async () => {
    at('2026-01-01T08:00:00Z');
    await (await scheduler()).posts.enable({ ...london, zone: 'UTC' });
    const seen: string[] = [];
    for (let day = 0; day < content.prompts.length; day += 25) {
      const s = await scheduler(); // a restart every 25 days
      await runUntil(
        new Date(
          Date.parse('2026-01-01T09:00:00Z') + Math.min(day + 24, content.prompts.length - 1) * 86_400_000,
        ).toISOString(),
        s,
      );
    }
    for (const m of discord.in(A)) seen.push(m.body.embeds![0]!.description!);
    expect(seen).toHaveLength(content.prompts.length);
    expect(new Set(seen).size).toBe(content.prompts.length);
  }, 60_000);
});

describe('daily posts: settings', () => {
  it('GIVEN an import plan THEN nothing changes until it is applied, and then as enable would: a switched-off channel posts again, another server’s is left alone', async () => {
    at('2026-11-25T08:00:00Z');
    const s = await scheduler();
    const OTHER = '100000000000000002';
    const C = '100000000000000012';
    const V = '100000000000000013';
    const U = '100000000000000014';
    await s.posts.enable(london);
    await s.posts.enable({ ...london, channelId: B });
    await s.posts.enable({ ...london, guildId: OTHER, channelId: C });
    discord.failures.set(B, Object.assign(new Error('Missing Permissions'), { status: 403, code: 50013 }));
    await runUntil('2026-11-27T09:05:00Z', s);
    expect(s.posts.subscription(B)?.switchedOff).toBeTruthy();
    discord.failures.delete(B);
    discord.notPostable.add(V);
    discord.unknownChannels.add(U);
    discord.deletedRoles.add('300000000000000003');
    const settings = (channelId: string, more: object = {}) => ({
      guildId: GUILD,
      channelId,
      time: '09:00',
      zone: 'Europe/London',
      roleId: null,
      thread: false,
      pin: false,
      ...more,
    });
    const plan = s.posts.planImport(GUILD, [
      settings(A),
      settings(B, { roleId: '300000000000000003' }),
      settings(C),
      settings(V),
      settings(U),
    ]);
    expect(plan.map((step) => [step.channelId, step.outcome])).toEqual([
      [A, 'same'],
      [B, 'add'],
      [C, 'not-here'],
      [V, 'not-postable'],
      [U, 'not-here'],
    ]);
    expect(plan[1]).toMatchObject({ roleDropped: true, settings: { roleId: null } });
    expect(s.posts.subscription(B)?.switchedOff).toBeTruthy();

    // Another process on the same database, listening to the change feed from now on.
    const other = await Store.open(databaseUrl());
    stores.push(other);
    const seenThere: Array<{ guildId: string; channelId: string }> = [];
    other.onSubscriptionChange((change) => seenThere.push(change));
    // Its first reads go a little back in time (the feed's overlap), to the enables above.
    await other.pollChanges();
    await other.pollChanges();
    const before = seenThere.length;
    await s.posts.applyImport(plan);
    expect(s.posts.subscription(B)).toMatchObject({ switchedOff: null, problem: null, roleId: null });
    expect(s.posts.subscription(C)).toMatchObject({ guildId: OTHER });
    expect(s.posts.subscription(U)).toBeUndefined();
    await runUntil('2026-11-28T09:05:00Z', s);
    expect(discord.in(B)).toHaveLength(1);
    // Its change, and only it, is in the store's change feed, as enable's is: other processes read it again.
    await other.pollChanges();
    expect(seenThere.slice(before)).toEqual([{ guildId: GUILD, channelId: B }]);
  });

  it('WHEN a channel of an import fails to save THEN the channels it saved before are as they were, and post as before', async () => {
    at('2026-11-27T08:00:00Z');
    const store = await Store.open(databaseUrl());
    stores.push(store);
    const s = await loadDaily({ store, content, sender: discord, logger, now: () => clock });
    await s.posts.enable(london);
    const C = '100000000000000012';
    const settings = (channelId: string, time: string) => ({ ...london, channelId, time, pin: false });
    const plan = s.posts.planImport(GUILD, [settings(A, '10:00'), settings(B, '09:30'), settings(C, '09:30')]);
    expect(plan.map((step) => step.outcome)).toEqual(['update', 'add', 'add']);
    const save = store.saveSubscription.bind(store);
    let saves = 0;
    store.saveSubscription = (sub) => (++saves === 3 ? Promise.reject(new Error('the database went away')) : save(sub));
    await expect(s.posts.applyImport(plan)).rejects.toThrow('the database went away');
    store.saveSubscription = save;

    expect(s.posts.subscription(A)).toMatchObject({ time: '09:00' });
    expect(s.posts.subscription(B)).toBeUndefined();
    expect(s.posts.subscription(C)).toBeUndefined();
    // As another process reads the store.
    const other = await Store.open(databaseUrl());
    stores.push(other);
    expect(await other.subscription(GUILD, A)).toMatchObject({ time: '09:00' });
    expect(await other.subscription(GUILD, B)).toBeUndefined();
    await runUntil('2026-11-27T10:05:00Z', s);
    expect(discord.in(A).map((m) => new Date(m.at).toISOString())).toEqual(['2026-11-27T09:00:00.000Z']);
    expect(discord.in(B)).toEqual([]);
  });

  it('GIVEN a channel opted in by one server THEN another server id cannot take it over or remove it', async () => {
    at('2026-11-25T08:00:00Z');
    const s = await scheduler();
    await s.posts.enable(london);
    await expect(s.posts.enable({ ...london, guildId: '100000000000000002', time: '18:00' })).rejects.toThrow(
      /not a channel of this server/,
    );
    expect(await s.posts.disable(A, '100000000000000002')).toBe('off');
    expect(s.posts.subscription(A)).toMatchObject({ guildId: GUILD, time: '09:00' });
    expect((await stores[0]!.subscriptions()).map((x) => [x.guildId, x.time])).toEqual([[GUILD, '09:00']]);
  });

  it('GIVEN a channel with a problem THEN enabling it again (after a fix) clears the problem and keeps its history', async () => {
    at('2026-11-25T08:00:00Z');
    const s = await scheduler();
    await s.posts.enable(london);
    await runUntil('2026-11-25T09:00:00Z', s);
    discord.failures.set(A, Object.assign(new Error('Missing Access'), { status: 403, code: 50001 }));
    await runUntil('2026-11-26T09:00:00Z', s);
    expect(s.posts.subscription(A)?.problem?.message).toBe('Missing Access');
    discord.failures.delete(A);
    const again = await s.posts.enable({ ...london, time: '10:00' });
    expect(again.subscription.problem).toBeNull();
    expect(again.subscription.lastPostedDate).toBe('2026-11-25');
    await runUntil('2026-11-26T10:00:00Z', s);
    expect(discord.in(A)).toHaveLength(2);
  });
});

/** Channel ids for a crowd of channels in one server. */
const crowd = (n: number) => Array.from({ length: n }, (_, i) => String(200000000000000000n + BigInt(i)));

/** Lets queued work run until `check` holds (the fake clock moves only with sends). */
async function until(check: () => boolean, limit = 20_000) {
  for (let i = 0; !check(); i++) {
    if (i > limit) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe('daily posts under faults and load', () => {
  it('GIVEN the database fails across the due minute THEN the channel is retried with backoff, shown in status, and posts when it is back', async () => {
    at('2026-11-25T08:00:00Z');
    const s = await scheduler();
    await s.posts.enable(london);
    const store = stores[0]!;
    const claim = store.claimPost.bind(store);
    store.claimPost = async () => {
      throw new Error('SQLITE_BUSY: database is locked');
    };
    await runUntil('2026-11-25T09:05:00Z', s);
    expect(discord.messages).toHaveLength(0);
    expect(s.posts.subscription(A)?.problem?.message).toMatch(/could not post.*database is locked/);
    expect(s.posts.nextPostAt(A)).toBeGreaterThan(clock);
    store.claimPost = claim;
    await runUntil('2026-11-25T09:40:00Z', s);
    expect(discord.in(A)).toHaveLength(1);
    expect(s.posts.subscription(A)?.problem).toBeNull();

    // A failure after the post went out (saving the subscription) loses nothing either.
    const save = store.saveSubscription.bind(store);
    store.saveSubscription = async () => {
      throw new Error('SQLITE_FULL: database or disk is full');
    };
    await runUntil('2026-11-26T09:05:00Z', s);
    store.saveSubscription = save;
    await runUntil('2026-11-27T09:00:00Z', s);
    expect(discord.in(A).map((m) => m.body.embeds![0]!.footer!.text.slice(0, 21))).toEqual([
      'Small wins 2026-11-25',
      'Small wins 2026-11-26',
      'Small wins 2026-11-27',
    ]);
  });

  it('GIVEN a store error in any step THEN the channel is never lost from the schedule, and posts once', async () => {
    at('2026-11-25T08:00:00Z');
    const s = await scheduler();
    await s.posts.enable(london);
    const store = stores[0]!;
    at('2026-11-25T09:00:00Z');
    // Each step's store call fails in turn for five minutes; with `discordToo`, so does the send.
    const steps = [
      { method: 'rotation', discordToo: false },
      { method: 'releaseClaim', discordToo: true },
      { method: 'recordPost', discordToo: false },
    ] as const;
    for (const { method, discordToo } of steps) {
      const real = (store[method] as (...args: unknown[]) => Promise<unknown>).bind(store);
      (store as unknown as Record<string, unknown>)[method] = async () => {
        throw new Error('SQLITE_IOERR: disk I/O error');
      };
      if (discordToo) discord.failures.set(A, Object.assign(new Error('Bad Gateway'), { status: 502 }));
      await runUntil(new Date(clock + 5 * 60_000).toISOString(), s);
      (store as unknown as Record<string, unknown>)[method] = real;
      discord.failures.delete(A);
    }
    await runUntil('2026-11-25T11:00:00Z', s);
    expect(discord.in(A)).toHaveLength(1);
    expect(s.posts.subscription(A)?.problem).toBeNull();
    await runUntil('2026-11-26T09:00:00Z', s);
    expect(discord.in(A)).toHaveLength(2);
  });

  it('GIVEN a lost answer and then an outage longer than the nonce window THEN the retry finds the message and sends no second one', async () => {
    at('2026-11-25T08:00:00Z');
    const s = await scheduler();
    await s.posts.enable(london);
    discord.lostAnswers.add(A);
    await runUntil('2026-11-25T09:00:00Z', s);
    expect(discord.in(A)).toHaveLength(1);
    discord.failures.set(A, Object.assign(new Error('Service Unavailable'), { status: 503 }));
    await runUntil('2026-11-25T09:20:00Z', s);
    discord.failures.delete(A);
    await runUntil('2026-11-25T11:00:00Z', s);
    expect(discord.in(A)).toHaveLength(1);
    expect((await stores[0]!.postRecord(A, '2026-11-25'))?.state).toBe('posted');
  });

  it('GIVEN two instances and a queue longer than the claim lease THEN no channel is posted twice, even past the nonce window', async () => {
    at('2026-11-25T08:00:00Z');
    const one = await scheduler();
    const channels = crowd(100);
    for (const channelId of channels) await one.posts.enable({ ...london, channelId, zone: 'UTC' });
    const two = await scheduler();
    // 100 sends of a second each behind one pacer: the last would leave 100 s after the tick.
    discord.sendCostMs = 1000;
    discord.nonceWindowMs = 0;
    at('2026-11-25T09:00:00Z');
    const first = one.runner.tick();
    await until(() => clock >= Date.parse('2026-11-25T09:01:00Z'));
    const second = two.runner.tick();
    await Promise.all([first, second]);
    await runUntil('2026-11-25T09:10:00Z', one, two);
    expect(channels.map((c) => discord.in(c).length)).toEqual(channels.map(() => 1));
  });

  it('GIVEN a restart in the middle of a fan-out THEN the new instance posts the rest at once, and looks only at posts that were under way', async () => {
    at('2026-11-25T08:00:00Z');
    const dying = await scheduler();
    const channels = crowd(100);
    for (const channelId of channels) await dying.posts.enable({ ...london, channelId, zone: 'UTC' });
    discord.hangAfter = 30; // then the process hangs, its sends under way, and is replaced
    at('2026-11-25T09:00:00Z');
    void dying.runner.tick();
    await until(() => discord.sends > 30);
    await new Promise((resolve) => setTimeout(resolve, 50));
    discord.hangAfter = Infinity;
    const restarted = await scheduler();
    at('2026-11-25T09:00:20Z'); // within the lease of the dead instance's claims
    await restarted.runner.tick();
    const posted = () => channels.filter((c) => discord.in(c).length > 0).length;
    expect(posted()).toBeGreaterThanOrEqual(75);
    const looksBefore = discord.looks;
    // Then the dead instance's leases run out (on the database's clock).
    await ageClaims(databaseUrl(), CLAIM_LEASE_MS);
    await runUntil('2026-11-25T09:05:00Z', restarted);
    expect(channels.map((c) => discord.in(c).length)).toEqual(channels.map(() => 1));
    expect(discord.looks).toBeLessThanOrEqual(25);
    expect(discord.looks - looksBefore).toBeGreaterThan(0);
  });

  it('GIVEN a send slower than the claim lease THEN its owner renews the claim and no other instance takes it over', async () => {
    at('2026-11-25T08:00:00Z');
    const one = await scheduler({ leaseMs: 300 });
    await one.posts.enable(london);
    const two = await scheduler({ leaseMs: 300 });
    discord.nonceWindowMs = 0;
    let open!: () => void;
    discord.gate = new Promise<void>((resolve) => (open = resolve));
    at('2026-11-25T09:00:00Z');
    const first = one.runner.tick();
    await until(() => discord.sends === 1);
    // The send waits; time passes well beyond the lease, and the owner renews its claim (every 100 ms).
    for (let i = 0; i < 5; i++) {
      clock += 200;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const second = two.runner.tick();
    await new Promise((resolve) => setTimeout(resolve, 50));
    discord.gate = undefined;
    open();
    await Promise.all([first, second]);
    await runUntil('2026-11-25T09:05:00Z', one, two);
    expect(discord.in(A)).toHaveLength(1);
  });
});
