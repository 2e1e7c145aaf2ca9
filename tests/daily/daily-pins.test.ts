import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from '../../src/app/config.ts';
import { createLogger } from '../../src/app/logger.ts';
import { loadContent } from '../../src/content/content-pack.ts';
import type { DailySender } from '../../src/daily/discord-sender.ts';
import { loadDaily } from '../../src/daily/index.ts';
import { Store } from '../../src/storage/store.ts';

const content = loadContent(DEFAULT_CONTENT_DIR);
const logger = createLogger({ level: 'silent' });
const GUILD = '100000000000000001';
const A = '100000000000000010';
const settings = {
  guildId: GUILD,
  channelId: A,
  time: '09:00',
  zone: 'Europe/London',
  roleId: null,
  thread: false,
  pin: true,
};

/** A Discord stand-in with pins: at most `limit`, each pin refused while `refuse` is set. */
class PinningDiscord implements DailySender {
  sent: string[] = [];
  pins: string[] = [];
  calls: string[] = [];
  limit = 50;
  refuse: Error | null = null;
  missingPermissions() {
    return [];
  }
  async send() {
    const id = String(1000 + this.sent.length);
    this.sent.push(id);
    return { id };
  }
  async startThread() {}
  async findPost() {
    return null;
  }
  async pin(_channelId: string, messageId: string) {
    this.calls.push(`pin ${messageId}`);
    if (this.refuse) throw this.refuse;
    if (this.pins.length >= this.limit)
      throw Object.assign(new Error('Maximum number of pins reached (50)'), { status: 400, code: 30003 });
    this.pins.unshift(messageId);
  }
  async unpin(_channelId: string, messageId: string) {
    this.calls.push(`unpin ${messageId}`);
    this.pins = this.pins.filter((id) => id !== messageId);
  }
}

let dir: string;
let clock: number;
let discord: PinningDiscord;
const stores: Store[] = [];

async function daily() {
  const store = await Store.open(`sqlite://${join(dir, 'db.sqlite')}`);
  stores.push(store);
  return loadDaily({ store, content, sender: discord, logger, now: () => clock });
}
async function tickAt(d: Awaited<ReturnType<typeof daily>>, iso: string) {
  clock = Date.parse(iso);
  await d.runner.tick();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'reconnect-pins-'));
  discord = new PinningDiscord();
  clock = Date.parse('2026-11-25T08:00:00Z');
});
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pinning daily posts', () => {
  it('GIVEN pin THEN each post is pinned and the one before unpinned, also across a restart', async () => {
    let d = await daily();
    await d.posts.enable(settings);
    await tickAt(d, '2026-11-25T09:00:00Z');
    expect(discord.pins).toEqual(['1000']);
    await stores.pop()!.close();
    d = await daily();
    await tickAt(d, '2026-11-26T09:00:00Z');
    expect(discord.pins).toEqual(['1001']);
    expect(discord.calls).toEqual(['pin 1000', 'pin 1001', 'unpin 1000']);
  });

  it('GIVEN Discord refuses the pin THEN the post counts: one post, the problem in status, the next try tomorrow', async () => {
    const d = await daily();
    await d.posts.enable(settings);
    discord.refuse = Object.assign(new Error('Missing Permissions'), { status: 403, code: 50013 });
    await tickAt(d, '2026-11-25T09:00:00Z');
    await tickAt(d, '2026-11-25T09:05:00Z');
    expect(discord.sent).toHaveLength(1);
    const sub = d.posts.subscription(A)!;
    expect(sub.lastPostedDate).toBe('2026-11-25');
    expect(sub.problem?.message).toBe('posted, but not pinned (Missing Permissions)');
    expect(sub.problem?.failedDates).toEqual([]);
    expect(d.posts.nextPostAt(A)).toBe(Date.parse('2026-11-26T09:00:00Z'));
  });

  it('GIVEN the channel at its limit of pins THEN the previous post is unpinned first to make room', async () => {
    const d = await daily();
    await d.posts.enable(settings);
    await tickAt(d, '2026-11-25T09:00:00Z');
    discord.pins.push(...Array.from({ length: 49 }, (_, i) => `other-${i}`));
    await tickAt(d, '2026-11-26T09:00:00Z');
    expect(discord.calls).toEqual(['pin 1000', 'pin 1001', 'unpin 1000', 'pin 1001']);
    expect(discord.pins).toHaveLength(50);
    expect(discord.pins[0]).toBe('1001');
    expect(d.posts.subscription(A)!.problem).toBeNull();
  });

  it('GIVEN the limit is reached by others’ pins alone THEN the post counts and the problem says why', async () => {
    const d = await daily();
    await d.posts.enable(settings);
    discord.pins.push(...Array.from({ length: 50 }, (_, i) => `other-${i}`));
    await tickAt(d, '2026-11-25T09:00:00Z');
    expect(discord.sent).toHaveLength(1);
    expect(d.posts.subscription(A)!.problem?.message).toBe(
      'posted, but not pinned (Maximum number of pins reached (50))',
    );
  });
});
