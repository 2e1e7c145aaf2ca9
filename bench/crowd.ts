/** Members while thousands of channels come due, and two processes on one database, for `npm run bench`: see run.ts. */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { anyPhase, NETWORK, seed, startDiscord, TOKEN } from './fanout.ts';
import { percentile } from './stats.ts';
import { launchApp } from '../src/app/app.ts';
import { DEFAULT_CONTENT_DIR, parseConfig } from '../src/app/config.ts';
import { loadContent } from '../src/content/content-pack.ts';
import { DEFAULT_REQUESTS_PER_SECOND } from '../src/discord/request-pacer.ts';
import { createLogger } from '../src/app/logger.ts';
import { registerCommands } from '../src/discord/register-commands.ts';

const NINE = Date.parse('2026-11-25T09:00:00Z');

/**
 * /reflect from members (a different one each time, so each reads the database) at 20
 * a second for 15 s: with nothing due, while 10,000 channels come due, and while the
 * bot, restarted in the middle of that fan-out, catches the rest up. Latency is
 * dispatch to callback, on Discord's side. Target: every member answered within 1 s.
 */
export async function reflectWhileDue(channels = Number(process.env.BENCH_CROWD_CHANNELS ?? 10_000)) {
  const perSecond = 20;
  const count = perSecond * 15;
  const discord = await startDiscord({ channels, members: 3 * count });
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-crowd-'));
  const config = parseConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: discord.targets[0]!.guildId,
    DATABASE_URL: `sqlite://${join(dir, 'crowd.sqlite')}`,
  });
  await registerCommands(config, loadContent(DEFAULT_CONTENT_DIR));
  let clock = NINE - 3_600_000;
  await seed(config.databaseUrl, discord.targets, clock);
  const launch = () => launchApp(config, createLogger({ level: 'silent' }), { now: () => clock, autoTick: false });
  const drive = async () =>
    (await discord.server.ask<{ latencies: number[] }>({ kind: 'drive', count, perSecond })).latencies;
  const posted = async () => (await discord.report()).perChannel.filter((n) => n > 0).length;
  const rows = [];
  const row = (phase: string, latencies: number[], postedFrom: number, postedTo: number) => {
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      phase,
      '/reflect': latencies.length,
      'p50 ms': percentile(sorted, 50).toFixed(1),
      'p99 ms': percentile(sorted, 99).toFixed(1),
      'max ms': sorted.at(-1)!.toFixed(1),
      'over 1 s': latencies.filter((l) => l > 1000).length,
      'daily posts meanwhile': postedTo - postedFrom,
    };
  };

  let app = await launch();
  rows.push(row('nothing due', await drive(), 0, 0));
  clock = NINE;
  let before = await posted();
  void app.bot.daily.runner.tick();
  let latencies = await drive();
  rows.push(row(`${channels.toLocaleString('en')} channels come due`, latencies, before, await posted()));

  await app.stop();
  clock = NINE + 30 * 60_000;
  app = await launch();
  before = await posted();
  void app.bot.daily.runner.tick();
  latencies = await drive();
  rows.push(row('restarted, catching up', latencies, before, await posted()));
  await app.stop();
  await discord.server.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `\n/reflect while daily posts come due: ${count} per phase at ${perSecond}/s, each by a member not seen before (ms, dispatch to callback)`,
  );
  console.table(rows);
}

/**
 * Two bot processes (separate discord.js clients) on one database, 10,000 channels due
 * the same minute, Discord under the network conditions of the fan-out. Targets: 0
 * doubled, 0 missed, 429s below 0.1% of requests.
 */
export async function twoProcesses(channels = Number(process.env.BENCH_TWO_CHANNELS ?? 10_000)) {
  const phase = anyPhase();
  const discord = await startDiscord({ channels, network: NETWORK, phase });
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-two-'));
  const databaseUrl = `sqlite://${join(dir, 'two.sqlite')}`;
  await seed(databaseUrl, discord.targets, NINE - 2 * 3_600_000);
  const env = {
    PATH: process.env.PATH,
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    DATABASE_URL: databaseUrl,
    BENCH_CLOCK_START: String(NINE - 3_600_000),
  };
  const bots = [0, 1].map(() =>
    fork(new URL('./bot-process.ts', import.meta.url), {
      execArgv: ['--import', 'tsx'],
      env,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    }),
  );
  const next = <T>(bot: (typeof bots)[number], kind: string) =>
    new Promise<T>((resolve, reject) => {
      bot.on('message', (m: { kind: string }) => m.kind === kind && resolve(m as T));
      bot.once('exit', (code) => reject(new Error(`a bot process exited early (${code})`)));
    });
  await Promise.all(bots.map((bot) => next(bot, 'ready')));
  const before = await discord.report();
  const sentAt = Date.now();
  for (const bot of bots) bot.send({ kind: 'go', at: NINE, sentAt });
  const start = performance.now();
  const deadline = start + ((channels / DEFAULT_REQUESTS_PER_SECOND) * 1.6 + 90) * 1000;
  let report: typeof before;
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    report = await discord.report();
    if (report.perChannel.every((n) => n > 0)) break;
  }
  const seconds = (performance.now() - start) / 1000;
  const stopped = bots.map((bot) => next<{ paced: number; global429: number }>(bot, 'stopped'));
  for (const bot of bots) bot.send({ kind: 'stop' });
  await Promise.all(stopped);
  report = await discord.report();
  await discord.server.close();
  rmSync(dir, { recursive: true, force: true });
  const requests = report.requests - before.requests;
  const limited = report.rateLimited - before.rateLimited;
  console.log(
    `\nTwo processes on one database: ${channels.toLocaleString('en')} channels due the same minute, ` +
      `Discord as in the fan-out (phase ${phase} ms)`,
  );
  console.table([
    {
      'seconds to post all': seconds.toFixed(1),
      'of the 50/s ceiling': (channels / seconds / DISCORD_LIMITS.globalRequestsPerSecond).toFixed(3),
      doubled: report.perChannel.filter((n) => n > 1).length,
      missed: report.perChannel.filter((n) => n === 0).length,
      requests,
      '429 answers': limited,
      '429 share': `${((limited / Math.max(1, requests)) * 100).toFixed(3)}%`,
    },
  ]);
}
