/**
 * One bot process of the multi-process benchmarks and of tests/e2e/shards.test.ts, in a
 * process of its own: its own discord.js client (its shards from SHARD_COUNT and
 * SHARD_IDS), its own connection to the shared database. Until told otherwise it runs its
 * clock from BENCH_CLOCK_START (before the posts' time). "go" sets the clock to a time
 * and ticks every 5 s from then on, as node-cron would every minute (the benchmark only
 * wants the retries of held channels sooner); "tick" sets the clock and ticks once,
 * answering "ticked" when that tick's posts are done. BENCH_SEND_BUDGET=process (bench only,
 * for the shards bench's REST proxy contender) paces this process alone, in memory, instead
 * of spending the one budget in the database: the proxy in front of Discord owns the limit.
 */
import { launchApp } from '../src/app/app.ts';
import { parseConfig } from '../src/app/config.ts';
import { createLogger } from '../src/app/logger.ts';
import { memoryBudget } from '../src/discord/request-pacer.ts';

const config = parseConfig(process.env);
// Until "go", the clock runs from the start the parent chose (before the posts' time).
let offset = Number(process.env.BENCH_CLOCK_START) - Date.now();
const app = await launchApp(config, createLogger({ level: 'silent' }), {
  now: () => Date.now() + offset,
  autoTick: false,
  ...(process.env.BENCH_REQUESTS_PER_SECOND
    ? { requestsPerSecond: Number(process.env.BENCH_REQUESTS_PER_SECOND) }
    : {}),
  ...(process.env.BENCH_SEND_BUDGET === 'process' ? { sendBudget: memoryBudget() } : {}),
});
let ticker: NodeJS.Timeout | undefined;
process.on('message', async (message: { kind: string; at?: number; sentAt?: number }) => {
  if (message.kind === 'go') {
    offset = message.at! - message.sentAt!;
    void app.bot.daily.runner.tick();
    ticker = setInterval(() => void app.bot.daily.runner.tick(), 5_000);
  } else if (message.kind === 'tick') {
    offset = message.at! - Date.now();
    await app.bot.daily.runner.tick();
    process.send!({ kind: 'ticked' });
  } else if (message.kind === 'stop') {
    clearInterval(ticker);
    const { paced, global429, dropped } = app.bot.pacer.counts;
    await app.stop();
    process.send!({ kind: 'stopped', paced, global429, dropped }, () => process.exit(0));
  }
});
process.send!({ kind: 'ready', shards: app.bot.shards.ids });
