/** Fan-out of daily posts for `npm run bench`: see run.ts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import type { NetworkConditions } from '@reconnect/loopback-discord';
import { startWorker } from './worker.ts';
import { launchApp } from '../src/app/app.ts';
import { DEFAULT_REQUESTS_PER_SECOND } from '../src/discord/request-pacer.ts';
import { parseConfig } from '../src/app/config.ts';
import { createLogger } from '../src/app/logger.ts';
import { Store } from '../src/storage/store.ts';

export const TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gbench.loopback-fanout-token';

/**
 * Discord as over a real network: answers take 20 to 120 ms, and requests reach the
 * limiter bunched (each up to 50 ms late, at random). Discord's one-second windows run
 * at a random phase, with no slack for the client.
 */
export const NETWORK: Partial<NetworkConditions> = { answerLatencyMs: [20, 120], arrivalJitterMs: 50 };
export const anyPhase = () => Math.floor(Math.random() * 1000);

export type Target = { guildId: string; channelId: string };
export type Report = { perChannel: number[]; requests: number; rateLimited: number; limitedAt: number[] };

/** A loopback Discord in a worker thread with `channels` channels. */
export async function startDiscord(options: {
  channels: number;
  members?: number;
  network?: Partial<NetworkConditions>;
  phase?: number | null;
  shards?: number;
}) {
  const server = startWorker(new URL('./fanout-server.ts', import.meta.url), {
    token: TOKEN,
    channels: options.channels,
    members: options.members ?? 0,
    network: options.network,
    globalWindowPhaseMs: options.phase ?? null,
    shards: options.shards,
  });
  const { apiUrl, targets } = await server.next<{ apiUrl: string; targets: Target[] }>('ready');
  return { server, apiUrl, targets, report: () => server.ask<Report>({ kind: 'report' }) };
}

/** Opts every target in at 09:00 UTC, straight into the store (as if enabled before `since`). */
export async function seed(databaseUrl: string, targets: Target[], since: number): Promise<void> {
  const store = await Store.open(databaseUrl);
  for (const t of targets) {
    await store.saveSubscription({
      ...t,
      time: '09:00',
      zone: 'UTC',
      roleId: null,
      thread: false,
      updatedAt: since,
      lastPostedDate: null,
      lastPostedAt: null,
      problem: null,
    });
  }
  await store.close();
}

const DAY = 86_400_000;
const nineOn = (day: number) => Date.parse('2026-11-25T09:00:00Z') + day * DAY;

/** Posts due at 09:00 on `day` through one bot; seconds from the tick until every post is out. */
async function runDay(
  app: Awaited<ReturnType<typeof launchApp>>,
  setClock: (ms: number) => void,
  day: number,
  during?: () => Promise<void>,
) {
  setClock(nineOn(day));
  const start = performance.now();
  const ticked = app.bot.daily.runner.tick();
  await during?.();
  await ticked;
  return (performance.now() - start) / 1000;
}

function row(
  label: string,
  channels: number,
  seconds: number,
  before: Report,
  after: Report,
  extra: Record<string, string | number> = {},
) {
  const rateLimited = after.rateLimited - before.rateLimited;
  const wrong = after.perChannel.filter((n, i) => n !== before.perChannel[i]! + 1).length;
  return {
    run: label,
    'seconds to post all': seconds.toFixed(1),
    'posts per second': (channels / seconds).toFixed(1),
    'of the 50/s ceiling': (channels / seconds / DISCORD_LIMITS.globalRequestsPerSecond).toFixed(3),
    '429 answers': rateLimited,
    ...extra,
    'every channel exactly one post': wrong === 0 ? 'yes' : `no (${wrong} wrong)`,
  };
}

/**
 * 2,000 channels due the same minute under the network conditions above, twice: as
 * they are, and with another user of the bot's budget taking all of it for one second
 * in the middle (a squeeze). Targets: 0 429s outside a squeeze, ≥ 0.93 of the ceiling.
 */
export async function fanOut(channels = Number(process.env.BENCH_CHANNELS ?? 2000)) {
  const phase = anyPhase();
  const discord = await startDiscord({ channels, network: NETWORK, phase });
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-fanout-'));
  const config = parseConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    DATABASE_URL: `sqlite://${join(dir, 'fanout.sqlite')}`,
  });
  let clock = nineOn(0) - 3_600_000;
  await seed(config.databaseUrl, discord.targets, clock);
  const app = await launchApp(config, createLogger({ level: 'silent' }), { now: () => clock, autoTick: false });
  const setClock = (ms: number) => (clock = ms);
  const rows = [];

  const dropped = () => app.bot.pacer.counts.dropped;
  let before = await discord.report();
  let droppedBefore = dropped();
  let seconds = await runDay(app, setClock, 0);
  let after = await discord.report();
  rows.push(
    row('network', channels, seconds, before, after, {
      '429s outside a squeeze': after.rateLimited - before.rateLimited,
      'slots lost to stalls': dropped() - droppedBefore,
    }),
  );

  before = after;
  droppedBefore = dropped();
  let squeeze = { from: 0, until: 0 };
  seconds = await runDay(app, setClock, 1, async () => {
    await new Promise((resolve) => setTimeout(resolve, (channels / DEFAULT_REQUESTS_PER_SECOND / 3) * 1000));
    squeeze = await discord.server.ask<{ from: number; until: number }>({
      kind: 'squeeze',
      perSecond: DISCORD_LIMITS.globalRequestsPerSecond,
      durationMs: 1000,
    });
  });
  after = await discord.report();
  const fresh = after.limitedAt.slice(before.limitedAt.length);
  const outside = fresh.filter((at) => at < squeeze.from || at >= squeeze.until + 1000).length;
  rows.push(
    row('network + 1 s squeeze', channels, seconds, before, after, {
      '429s outside a squeeze': outside,
      'slots lost to stalls': dropped() - droppedBefore,
    }),
  );

  await app.stop();
  await discord.server.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `\nFan-out: ${channels.toLocaleString('en')} channels due the same minute; Discord at 50 req/s in fixed one-second windows ` +
      `(phase ${phase} ms, no slack), answers in 20-120 ms, arrivals bunched by up to 50 ms; the squeeze takes the whole budget for 1 s`,
  );
  console.table(rows);
}

/**
 * How close to the ceiling the pace can go before the first 429, under the same
 * conditions: 800 channels per step, the pace raised from 0.90 to 1.00 of 50/s.
 */
export async function paceSweep(channels = Number(process.env.BENCH_SWEEP_CHANNELS ?? 800)) {
  const phase = anyPhase();
  const discord = await startDiscord({ channels, network: NETWORK, phase });
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-sweep-'));
  const config = parseConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    DATABASE_URL: `sqlite://${join(dir, 'sweep.sqlite')}`,
  });
  let clock = nineOn(0) - 3_600_000;
  await seed(config.databaseUrl, discord.targets, clock);
  const rows = [];
  let firstLimited: number | undefined;
  const fractions = [0.9, 0.92, 0.94, 0.96, 0.98, 1.0];
  for (const [day, fraction] of fractions.entries()) {
    const app = await launchApp(config, createLogger({ level: 'silent' }), {
      now: () => clock,
      autoTick: false,
      requestsPerSecond: fraction * DISCORD_LIMITS.globalRequestsPerSecond,
    });
    const before = await discord.report();
    const seconds = await runDay(app, (ms) => (clock = ms), day);
    const after = await discord.report();
    await app.stop();
    rows.push({
      pace: fraction.toFixed(2),
      ...row(`${(fraction * 50).toFixed(1)}/s`, channels, seconds, before, after),
    });
    if (after.rateLimited > before.rateLimited) firstLimited ??= fraction;
  }
  await discord.server.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `\nPace sweep: ${channels} channels per step under the same conditions (phase ${phase} ms); the default pace is ${(DEFAULT_REQUESTS_PER_SECOND / DISCORD_LIMITS.globalRequestsPerSecond).toFixed(2)} (${DEFAULT_REQUESTS_PER_SECOND}/s)`,
  );
  console.table(rows);
  const clean = fractions.filter((f) => firstLimited === undefined || f < firstLimited);
  console.log(
    firstLimited === undefined
      ? 'no 429 at any pace up to 1.00 in this run'
      : `first 429 at ${firstLimited.toFixed(2)} of the ceiling; highest pace without one: ${clean.length ? clean.at(-1)!.toFixed(2) : 'none'}`,
  );
}
