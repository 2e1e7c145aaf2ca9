import { afterEach, describe, expect, it } from 'vitest';
import { launchApp } from '../../src/app/app.ts';
import { createLogger } from '../../src/app/logger.ts';
import { ageClaims } from '../storage/age-claims.ts';
import { testEngines } from '../storage/engines.ts';
import { startWorld, type World } from './harness.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

type Target = { guildId: string; channelId: string };

/** `n` channels over as many servers as Discord's 500-channel limit needs, opted in at 09:00 UTC. */
async function crowd(w: World, n: number): Promise<Target[]> {
  const targets: Target[] = [];
  for (let g = 0; targets.length < n; g++) {
    const count = Math.min(500, n - targets.length);
    const guild = w.discord.addGuild({
      name: `Crowd ${g}`,
      channels: Array.from({ length: count }, (_, i) => ({ name: `c${i}` })),
    });
    targets.push(...guild.channels.filter((c) => c.type === 0).map((c) => ({ guildId: guild.id, channelId: c.id })));
  }
  const { servers } = w.app.bot;
  await w.discord.waitFor(() => targets.every((t) => servers.channel(t.guildId, t.channelId)) || undefined, 60_000);
  for (const t of targets)
    await w.app.bot.daily.posts.enable({ ...t, time: '09:00', zone: 'UTC', roleId: null, thread: false });
  return targets;
}

const dailyPosts = (w: World, channelId: string) =>
  w.discord.messages(channelId).filter((m) => m.embeds[0]?.title?.startsWith('Small wins ·'));

/** Discord's windows at a phase that has nothing to do with the bot's clock, and no slack. */
const anyPhase = () => ({ globalWindowPhaseMs: Math.floor(Math.random() * 1000) });

describe('daily posts under load and real network conditions', () => {
  it('keeps an even pace at the wire through a squeeze of the global limit: 429s only while squeezed, one post per channel', async () => {
    world = await startWorld({
      loopback: { rateLimits: anyPhase(), network: { answerLatencyMs: [20, 120], arrivalJitterMs: 20 } },
    });
    const w = world;
    const targets = await crowd(w, 200);
    w.setClock('2026-11-25T09:00:00Z');
    const fanOut = w.app.bot.daily.runner.tick();
    await w.discord.waitFor(
      () => targets.filter((t) => dailyPosts(w, t.channelId).length > 0).length >= 50 || undefined,
      30_000,
    );
    const squeeze = w.discord.squeezeGlobalLimit(50, 1000);
    await fanOut;
    expect(targets.filter((t) => dailyPosts(w, t.channelId).length !== 1)).toEqual([]);
    const limited = w.discord.requestLog.filter((e) => e.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    // The squeeze costs the requests already on their way in each window it touches (at
    // most 8, with answers in up to 120 ms), never a released queue of 50 at once.
    expect(limited.length).toBeLessThanOrEqual(25);
    // The windows the squeeze overlaps end within a second of it.
    expect(
      limited.filter((e) => e.at < squeeze.from || e.at >= squeeze.until + 1000).map((e) => e.at - squeeze.until),
    ).toEqual([]);
  }, 60_000);

  it('answers members and post-now first while 10,000 channels come due, and while catching them up after a restart', async () => {
    world = await startWorld();
    const w = world;
    const smallWins = w.channel('small-wins').id;
    await w.run('smallwins enable', { channel: smallWins, time: '09:00', timezone: 'UTC' });
    await crowd(w, 10_000);
    const members = Array.from({ length: 25 }, (_, i) => {
      const user = w.discord.addUser({ username: `member${i}` });
      w.discord.addMember(w.guild.id, user.id);
      return user.id;
    });
    const reflectAll = async () =>
      (await Promise.all(members.map((userId) => w.run('reflect', {}, userId)))).map((o) => o.status);
    const postedSoFar = () =>
      w.discord.requestLog.filter((e) => e.method === 'POST' && e.status === 200 && e.path.endsWith('/messages'))
        .length;

    w.setClock('2026-11-25T09:00:00Z');
    void w.app.bot.daily.runner.tick();
    expect(await reflectAll()).toEqual(members.map(() => 'responded'));
    const postNow = await w.run('smallwins post-now', { channel: smallWins });
    expect(postNow.status).toBe('responded');
    await w.discord.waitFor(
      () => w.discord.messages(smallWins).some((m) => m.embeds[0]?.title?.includes('(test post)')) || undefined,
      20_000,
    );
    expect(postedSoFar()).toBeLessThan(5_000); // it did not wait behind the day's queue

    // A restart in the middle of the fan-out: the catch-up starts at once, and members still come first.
    await w.restart();
    w.setClock('2026-11-25T09:30:00Z');
    void w.app.bot.daily.runner.tick();
    expect(await reflectAll()).toEqual(members.map(() => 'responded'));
  }, 240_000);
});

// The two instances on one database run on both engines.
describe.each(testEngines())('daily posts under load on $name', (engine) => {
  it('shares one budget between two instances on one database, even when one takes over the other’s claims: once each, no 429', async () => {
    world = await startWorld({ loopback: { rateLimits: anyPhase() }, databaseUrl: await engine.newDatabaseUrl() });
    const w = world;
    const targets = await crowd(w, 200);
    const second = await launchApp(w.config, createLogger({ level: 'silent' }), w.timeOptions);
    const both = () => Promise.all([w.app.bot.daily.runner.tick(), second.bot.daily.runner.tick()]);
    const posted = () => targets.filter((t) => dailyPosts(w, t.channelId).length > 0).length;
    try {
      w.setClock('2026-11-25T09:00:00Z');
      const first = both();
      await w.discord.waitFor(() => posted() >= 40 || undefined, 30_000);
      // The claims taken at 09:00 are past their lease (on the database's clock): the other instance takes over.
      w.setClock('2026-11-25T09:01:30Z');
      await ageClaims(w.config.databaseUrl, 60_000);
      await Promise.all([first, both()]);
      for (const minute of ['09:03', '09:05']) {
        w.setClock(`2026-11-25T${minute}:00Z`);
        await both();
      }
    } finally {
      await second.stop();
    }
    expect(targets.filter((t) => dailyPosts(w, t.channelId).length !== 1)).toEqual([]);
    expect(w.discord.stats.rateLimited).toBe(0);
  }, 90_000);
});
