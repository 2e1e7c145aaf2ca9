/**
 * One bot instance of the two-process benchmark, in a process of its own: its own
 * discord.js client, its own connection to the shared database. The parent says when
 * its clock reaches 09:00 ("go"), and until then it runs from a time before that; from then on it ticks every 5 s, as node-cron would
 * every minute (the benchmark only wants the retries of held channels sooner).
 */
import { launchApp } from '../src/app/app.ts';
import { parseConfig } from '../src/app/config.ts';
import { createLogger } from '../src/app/logger.ts';

const config = parseConfig(process.env);
// Until "go", the clock runs from the start the parent chose (before the posts' time).
let offset = Number(process.env.BENCH_CLOCK_START) - Date.now();
const app = await launchApp(config, createLogger({ level: 'silent' }), { now: () => Date.now() + offset, autoTick: false });
let ticker: NodeJS.Timeout | undefined;
process.on('message', async (message: { kind: string; at?: number; sentAt?: number }) => {
  if (message.kind === 'go') {
    offset = message.at! - message.sentAt!;
    void app.bot.daily.runner.tick();
    ticker = setInterval(() => void app.bot.daily.runner.tick(), 5_000);
  } else if (message.kind === 'stop') {
    clearInterval(ticker);
    const { paced, global429 } = app.bot.pacer.counts;
    await app.stop();
    process.send!({ kind: 'stopped', paced, global429 }, () => process.exit(0));
  }
});
process.send!({ kind: 'ready' });
