/** Fan-out of daily posts for `npm run bench`: see run.ts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { launchApp } from '../src/app.ts';
import { DEFAULT_CONTENT_DIR, type Config } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { DEFAULT_CATCH_UP_MS } from '../src/scheduler.ts';

const TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gbench.loopback-fanout-token';

/**
 * 2,000 channels due the same minute, through a loopback Discord enforcing 50 requests/s
 * globally and 5 messages per 5 s per channel: the floor is 40 s.
 */
export async function fanOut(channels = Number(process.env.BENCH_CHANNELS ?? 2000)) {
  // Workers do not inherit the tsx loader: register it, then load the TypeScript entry.
  const entry = new URL('./fanout-server.ts', import.meta.url).href;
  const server = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true, workerData: { token: TOKEN, channels } },
  );
  const next = <T>(kind: string) =>
    new Promise<T>((resolve) => {
      const listener = (message: { kind: string }) => {
        if (message.kind !== kind) return;
        server.off('message', listener);
        resolve(message as T);
      };
      server.on('message', listener);
    });
  const { apiUrl, targets } = await next<{ apiUrl: string; targets: Array<{ guildId: string; channelId: string }> }>('ready');
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-fanout-'));
  const config: Config = {
    token: TOKEN,
    clientId: undefined,
    guildId: undefined,
    apiUrl,
    databaseUrl: `sqlite://${join(dir, 'fanout.sqlite')}`,
    contentDir: DEFAULT_CONTENT_DIR,
    logLevel: 'warn',
    catchUpMs: DEFAULT_CATCH_UP_MS,
  };
  let clock = Date.parse('2026-11-25T08:00:00Z');
  const app = await launchApp(config, createLogger({ level: 'warn', secrets: [TOKEN] }), { now: () => clock, autoTick: false });
  const scheduler = app.bot.scheduler;
  for (const target of targets) {
    await scheduler.enable({ ...target, time: '09:00', zone: 'UTC', roleId: null, thread: false });
  }
  server.postMessage({ kind: 'report' });
  const before = await next<{ rateLimited: number }>('report');
  clock = Date.parse('2026-11-25T09:00:00Z');
  const start = performance.now();
  await scheduler.tick();
  const seconds = (performance.now() - start) / 1000;
  server.postMessage({ kind: 'report' });
  const after = await next<{ perChannel: number[]; rateLimited: number }>('report');
  const perChannel = after.perChannel;
  const exactlyOnce = perChannel.length === channels && perChannel.every((n) => n === 1);
  const rateLimited = after.rateLimited - before.rateLimited;
  await app.stop();
  server.postMessage({ kind: 'close' });
  await new Promise((resolve) => server.once('exit', resolve));
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
