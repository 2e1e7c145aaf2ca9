/** Fan-out of daily posts for `npm run bench`: see run.ts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorker } from './worker.ts';
import { launchApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';

const TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gbench.loopback-fanout-token';

/**
 * 2,000 channels due the same minute, through a loopback Discord enforcing 50 requests/s
 * globally and 5 messages per 5 s per channel: the floor is 40 s.
 */
export async function fanOut(channels = Number(process.env.BENCH_CHANNELS ?? 2000)) {
  const server = startWorker(new URL('./fanout-server.ts', import.meta.url), { token: TOKEN, channels });
  const { apiUrl, targets } = await server.next<{ apiUrl: string; targets: Array<{ guildId: string; channelId: string }> }>('ready');
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-fanout-'));
  const config = parseConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: apiUrl, DATABASE_URL: `sqlite://${join(dir, 'fanout.sqlite')}` });
  let clock = Date.parse('2026-11-25T08:00:00Z');
  const app = await launchApp(config, createLogger({ level: 'warn', secrets: [TOKEN] }), { now: () => clock, autoTick: false });
  const scheduler = app.bot.scheduler;
  for (const target of targets) {
    await scheduler.enable({ ...target, time: '09:00', zone: 'UTC', roleId: null, thread: false });
  }
  const before = await server.ask<{ rateLimited: number }>({ kind: 'report' });
  clock = Date.parse('2026-11-25T09:00:00Z');
  const start = performance.now();
  await scheduler.tick();
  const seconds = (performance.now() - start) / 1000;
  const after = await server.ask<{ perChannel: number[]; rateLimited: number }>({ kind: 'report' });
  const perChannel = after.perChannel;
  const exactlyOnce = perChannel.length === channels && perChannel.every((n) => n === 1);
  const rateLimited = after.rateLimited - before.rateLimited;
  await app.stop();
  await server.close();
  rmSync(dir, { recursive: true, force: true });

  const floor = channels / 50;
  console.log(`\nFan-out: ${channels.toLocaleString('en')} channels due the same minute (50 req/s global, 5 msgs / 5 s per channel)`);
  console.table([
    {
      'seconds to post all': seconds.toFixed(1),
      'floor (s)': floor.toFixed(1),
      'time / floor': (seconds / floor).toFixed(3),
      'posts per second': (channels / seconds).toFixed(1),
      'of the 50/s ceiling': (channels / seconds / 50).toFixed(3),
      '429 answers': rateLimited,
      'every channel exactly one post': exactlyOnce ? 'yes' : `no (${perChannel.filter((n) => n !== 1).length} wrong)`,
    },
  ]);
}
