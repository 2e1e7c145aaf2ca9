import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from '../../src/app/config.ts';
import { createLogger } from '../../src/app/logger.ts';
import { loadContent } from '../../src/content/content-pack.ts';
import type { DailySender } from '../../src/daily/discord-sender.ts';
import { loadDaily, type Daily } from '../../src/daily/index.ts';
import { ownsGuild, shardOf } from '../../src/discord/shards.ts';
import { Store } from '../../src/storage/store.ts';
import { testEngines } from '../storage/engines.ts';

const content = loadContent(DEFAULT_CONTENT_DIR);
const logger = createLogger({ level: 'silent' });
// Two servers on different shards of 2: (id >> 22) % 2.
const ON_0 = String(10n << 22n);
const ON_1 = String(11n << 22n);
const CH_0 = '200000000000000010';
const CH_1 = '200000000000000011';

/** Discord as the schedulers see it: every send is a message, kept by channel. */
class Channels implements DailySender {
  readonly posts: Array<{ channelId: string; at: number }> = [];
  missingPermissions() {
    return [];
  }
  async send(channelId: string, _body: RESTPostAPIChannelMessageJSONBody) {
    this.posts.push({ channelId, at: clock });
    return { id: String(this.posts.length) };
  }
  async startThread() {}
  async findPost() {
    return null;
  }
  in(channelId: string) {
    return this.posts.filter((p) => p.channelId === channelId).map((p) => new Date(p.at).toISOString());
  }
}

let clock = 0;
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

/**
 * Ticks from the current clock to `iso` on each process, every 30 minutes (the posts here
 * are due on the half hour; node-cron's every minute would only make the test slower).
 */
async function runUntil(iso: string, ...processes: Daily[]) {
  const step = 30 * 60_000;
  const end = Date.parse(iso);
  clock = Math.ceil(clock / step) * step;
  for (; clock <= end; clock += step) for (const p of processes) await p.runner.tick();
  clock = end;
}

const settings = { time: '09:00', zone: 'UTC', roleId: null, thread: false };

describe.each(testEngines())('daily posts of several processes on $name', (engine) => {
  /** One process of two shards in all, running `shard`, on one database. */
  async function processOf(databaseUrl: string, sender: DailySender, shard: number) {
    const store = await Store.open(databaseUrl);
    stores.push(store);
    return loadDaily({
      store,
      content,
      sender,
      logger,
      now: () => clock,
      owns: ownsGuild({ count: 2, ids: [shard] }),
      changeReadIntervalMs: 0,
    });
  }

  it('GIVEN one process per shard THEN each schedules only the servers on its shard, and each channel gets its post once', async () => {
    expect([shardOf(ON_0, 2), shardOf(ON_1, 2)]).toEqual([0, 1]);
    const url = await engine.newDatabaseUrl();
    const discord = new Channels();
    clock = Date.parse('2026-11-25T08:00:00Z');
    const first = await processOf(url, discord, 0);
    await first.posts.enable({ guildId: ON_0, channelId: CH_0, ...settings });
    await first.posts.enable({ guildId: ON_1, channelId: CH_1, ...settings });
    const second = await processOf(url, discord, 1);
    // At start, each holds its own shard's servers only.
    expect(second.posts.subscription(CH_0)).toBeUndefined();
    expect(second.posts.subscription(CH_1)?.guildId).toBe(ON_1);
    await runUntil('2026-11-25T09:30:00Z', first, second);
    expect(discord.in(CH_0)).toEqual(['2026-11-25T09:00:00.000Z']);
    expect(discord.in(CH_1)).toEqual(['2026-11-25T09:00:00.000Z']);
  });

  it('GIVEN a change made in another process (a new time, then disable) THEN the scheduling process follows it from its next tick', async () => {
    const url = await engine.newDatabaseUrl();
    const discord = new Channels();
    clock = Date.parse('2026-11-25T08:00:00Z');
    const owner = await processOf(url, discord, 1);
    const other = await processOf(url, discord, 0);
    // Handled by the process of shard 0 (say, during a rolling deploy), for a server on shard 1.
    await other.posts.enable({ guildId: ON_1, channelId: CH_1, ...settings, time: '08:30' });
    await runUntil('2026-11-25T08:30:00Z', owner);
    expect(discord.in(CH_1)).toEqual(['2026-11-25T08:30:00.000Z']);
    // A new time for tomorrow: the owner posts at 10:00, never at 08:30.
    await other.posts.enable({ guildId: ON_1, channelId: CH_1, ...settings, time: '10:00' });
    await runUntil('2026-11-26T10:00:00Z', owner);
    expect(discord.in(CH_1)).toEqual(['2026-11-25T08:30:00.000Z', '2026-11-26T10:00:00.000Z']);
    expect(owner.posts.subscription(CH_1)?.time).toBe('10:00');
    // Disabled elsewhere: nothing more, and the owner's status no longer lists it.
    await other.posts.disable(CH_1, ON_1);
    await runUntil('2026-11-27T12:00:00Z', owner);
    expect(discord.in(CH_1)).toHaveLength(2);
    expect(owner.posts.subscription(CH_1)).toBeUndefined();
  });
});
