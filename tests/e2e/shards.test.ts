/**
 * Several bot processes on PostgreSQL, one shard each, against one loopback Discord with
 * 4 shards: each answers its own shard's servers, and every channel due the same minute
 * gets exactly one post, even with a process killed (SIGKILL) in the middle of the
 * fan-out and started again, or a rolling restart (the new process for the same shard
 * started before the old one stops). PostgreSQL only: skipped, saying so, without
 * TEST_DATABASE_URL.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackDiscord, shardIdOf } from '@reconnect/loopback-discord';
import { DEFAULT_CONTENT_DIR } from '../../src/app/config.ts';
import { loadContent } from '../../src/content/content-pack.ts';
import { registerCommands } from '../../src/discord/register-commands.ts';
import { Store } from '../../src/storage/store.ts';
import { ageClaims } from '../storage/age-claims.ts';
import { testEngines } from '../storage/engines.ts';

const TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gshard.shards-test-token-value';
const SHARDS = 4;
const NINE = Date.parse('2026-11-25T09:00:00Z');
const MINUTE = 60_000;
/** Servers per shard, and channels per server: 200 channels, about 4 s of posts at the pace. */
const GUILDS_PER_SHARD = 2;
const CHANNELS_PER_GUILD = 25;

interface BotProcess {
  shard: number;
  child: ChildProcess;
  /** Resolves with the next message of a kind; rejects if the process exits first. */
  next<T = unknown>(kind: string): Promise<T>;
}

const running: BotProcess[] = [];
afterEach(() => {
  for (const bot of running.splice(0)) bot.child.kill('SIGKILL');
});

/** A bot process (bench/bot-process.ts: `npm start`'s launch, a clock the test sets) running one shard of 4. */
async function startBot(shard: number, env: Record<string, string>): Promise<BotProcess> {
  const child = fork(new URL('../../bench/bot-process.ts', import.meta.url), {
    execArgv: ['--import', 'tsx'],
    env: {
      PATH: process.env.PATH!,
      ...env,
      SHARD_COUNT: String(SHARDS),
      SHARD_IDS: String(shard),
      BENCH_CLOCK_START: String(NINE - 30 * MINUTE),
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`bot of shard ${shard} exited (${code ?? signal})`))),
  );
  exited.catch(() => undefined);
  const next = <T>(kind: string) =>
    Promise.race([
      new Promise<T>((resolve) => {
        const listener = (m: { kind: string }) => {
          if (m.kind !== kind) return;
          child.off('message', listener);
          resolve(m as T);
        };
        child.on('message', listener);
      }),
      exited,
    ]);
  const bot = { shard, child, next };
  running.push(bot);
  expect(await next<{ shards: number[] }>('ready')).toMatchObject({ shards: [shard] });
  return bot;
}

/** Sets the bot's clock and ticks once; resolves when that tick's posts are done. */
function tick(bot: BotProcess, at: number): Promise<unknown> {
  const done = bot.next('ticked');
  bot.child.send({ kind: 'tick', at });
  return done;
}

async function stopBot(bot: BotProcess): Promise<void> {
  const stopped = new Promise((resolve) => bot.child.once('exit', resolve));
  bot.child.send({ kind: 'stop' });
  await stopped;
  running.splice(running.indexOf(bot), 1);
}

describe.each(testEngines().filter((e) => e.dialect === 'postgres'))(
  '4 processes, one shard each, on $name',
  (engine) => {
    /** A loopback Discord of 4 shards with servers on each, their channels opted in at 09:00 UTC, and 4 bot processes. */
    async function setUp() {
      const discord = await LoopbackDiscord.start({
        token: TOKEN,
        sharding: { recommendedShards: SHARDS, maxConcurrency: SHARDS },
      });
      const guildsOf: string[][] = Array.from({ length: SHARDS }, () => []);
      const channels: Array<{ guildId: string; channelId: string; shard: number }> = [];
      for (let shard = 0; shard < SHARDS; shard++) {
        for (let g = 0; g < GUILDS_PER_SHARD; g++) {
          const guild = discord.addGuild({
            name: `Shard ${shard} server ${g}`,
            onShard: [shard, SHARDS],
            channels: Array.from({ length: CHANNELS_PER_GUILD }, (_, i) => ({ name: `c${i}` })),
          });
          expect(shardIdOf(guild.id, SHARDS)).toBe(shard);
          guildsOf[shard]!.push(guild.id);
          channels.push(...guild.channels.map((c) => ({ guildId: guild.id, channelId: c.id, shard })));
        }
      }
      const databaseUrl = await engine.newDatabaseUrl();
      const store = await Store.open(databaseUrl);
      for (const c of channels) {
        await store.saveSubscription({
          ...c,
          time: '09:00',
          zone: 'UTC',
          roleId: null,
          thread: false,
          updatedAt: NINE - 2 * 3_600_000,
          lastPostedDate: null,
          lastPostedAt: null,
          problem: null,
        });
      }
      await store.close();
      const env = {
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_URL: discord.apiUrl,
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'silent',
      };
      const bots = await Promise.all(Array.from({ length: SHARDS }, (_, shard) => startBot(shard, env)));
      const posts = (channelId: string) =>
        discord.messages(channelId).filter((m) => m.embeds[0]?.footer?.text.includes('2026-11-25')).length;
      const postedOn = (shard: number) => channels.filter((c) => c.shard === shard && posts(c.channelId) > 0).length;
      return { discord, guildsOf, channels, databaseUrl, env, bots, posts, postedOn };
    }

    it('GIVEN 4 processes THEN each runs its own shard and answers its servers, and each channel gets one post', async () => {
      const { discord, guildsOf, channels, bots, posts } = await setUp();
      try {
        expect(
          discord
            .gatewaySessions()
            .map((s) => s.shard)
            .sort(),
        ).toEqual([0, 1, 2, 3].map((i) => [i, SHARDS]));
        await registerCommands(
          { token: TOKEN, apiUrl: discord.apiUrl, clientId: undefined, guildId: undefined },
          loadContent(DEFAULT_CONTENT_DIR),
        );
        const user = discord.addUser({ username: 'member' });
        for (const guilds of guildsOf) {
          const guildId = guilds[0]!;
          discord.addMember(guildId, user.id);
          const channelId = channels.find((c) => c.guildId === guildId)!.channelId;
          const outcome = await discord.invoke({ guildId, channelId, userId: user.id, command: 'about' });
          expect(outcome.reply?.embeds?.[0]?.title).toBe('About Reconnect');
        }
        await Promise.all(bots.map((bot) => tick(bot, NINE)));
        expect(channels.filter((c) => posts(c.channelId) !== 1)).toEqual([]);
        expect(discord.stats.rateLimited).toBe(0);
      } finally {
        await discord.close();
      }
    }, 120_000);

    it('GIVEN a process killed with SIGKILL in the middle of the fan-out and started again THEN no channel is missed or doubled', async () => {
      const { discord, channels, databaseUrl, env, bots, posts, postedOn } = await setUp();
      try {
        const victim = bots[2]!;
        const ticks = bots.filter((b) => b !== victim).map((bot) => tick(bot, NINE));
        void tick(victim, NINE).catch(() => undefined);
        await discord.waitFor(() => postedOn(2) >= 10, 60_000);
        victim.child.kill('SIGKILL');
        running.splice(running.indexOf(victim), 1);
        const atKill = postedOn(2);
        expect(atKill).toBeLessThan(GUILDS_PER_SHARD * CHANNELS_PER_GUILD);
        await Promise.all(ticks);
        // The claims it held run out (leases are in database time: aged here rather than waited for).
        await ageClaims(databaseUrl, 5 * MINUTE);
        const again = await startBot(2, env);
        await tick(again, NINE + 2 * MINUTE);
        // Anything held back a minute is tried at the next minute, everywhere.
        await Promise.all([...bots.filter((b) => b !== victim), again].map((bot) => tick(bot, NINE + 4 * MINUTE)));
        expect(channels.filter((c) => posts(c.channelId) !== 1)).toEqual([]);
      } finally {
        await discord.close();
      }
    }, 180_000);

    it('GIVEN a rolling restart (the new process of a shard started before the old one stops) THEN no channel is missed or doubled', async () => {
      const { discord, channels, env, bots, posts, postedOn } = await setUp();
      try {
        const old = bots[1]!;
        const ticks = bots.map((bot) => tick(bot, NINE));
        // The old process may stop before its tick answers.
        ticks[1]!.catch(() => undefined);
        await discord.waitFor(() => postedOn(1) >= 10, 60_000);
        const replacement = await startBot(1, env);
        // Both run shard 1 for a while, and both tick.
        const overlap = tick(replacement, NINE + MINUTE);
        await stopBot(old);
        await Promise.all([...ticks.filter((_, i) => i !== 1), overlap]);
        const current = [bots[0]!, replacement, bots[2]!, bots[3]!];
        await Promise.all(current.map((bot) => tick(bot, NINE + 3 * MINUTE)));
        expect(channels.filter((c) => posts(c.channelId) !== 1)).toEqual([]);
        expect(
          discord
            .gatewaySessions()
            .filter((s) => s.connected)
            .map((s) => s.shard[0])
            .sort(),
        ).toEqual([0, 1, 2, 3]);
      } finally {
        await discord.close();
      }
    }, 180_000);
  },
);
