/** Interaction latency for `npm run bench`: see run.ts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchApp } from '../src/app/app.ts';
import { DEFAULT_CONTENT_DIR, parseConfig } from '../src/app/config.ts';
import { loadContent } from '../src/content/content-pack.ts';
import { createLogger } from '../src/app/logger.ts';
import { registerCommands } from '../src/discord/register-commands.ts';
import { startBareBot } from './bare-bot.ts';
import { percentile } from './stats.ts';
import { startWorker } from './worker.ts';

const TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gbench.loopback-bench-token';
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 1000);
const IN_FLIGHT = 50;
const BLOCK = 250;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);

const ms = (n: number) => n.toFixed(2);

type Side = 'bot' | 'floor';

export async function interactionLatency() {
  const server = startWorker(new URL('./latency-server.ts', import.meta.url), { token: TOKEN });
  const ready = await server.next<Record<Side, { apiUrl: string; guildId: string }>>('ready');
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-bench-'));
  const content = loadContent(DEFAULT_CONTENT_DIR);
  const clients: Array<{ stop(): Promise<void> }> = [];
  for (const side of ['bot', 'floor'] as const) {
    const config = parseConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: ready[side].apiUrl,
      DISCORD_GUILD_ID: ready[side].guildId,
      DATABASE_URL: `sqlite://${join(dir, `${side}.sqlite`)}`,
    });
    await registerCommands(config, content);
    clients.push(
      side === 'bot'
        ? await launchApp(config, createLogger({ level: 'warn', secrets: [TOKEN] }))
        : await startBareBot({ apiUrl: config.apiUrl, token: TOKEN }),
    );
  }
  const drive = async (side: Side, count: number) =>
    (await server.ask<{ latencies: number[] }>({ kind: 'drive', side, count, inFlight: IN_FLIGHT })).latencies;

  // Warm-up (JIT on both sides, SQLite's page cache): a full round, not measured.
  for (let i = 0; i < COMMANDS / BLOCK; i++) {
    await drive('bot', BLOCK);
    await drive('floor', BLOCK);
  }
  // Each round: COMMANDS per side in interleaved blocks, alternating which side goes
  // first, so drift and GC fall on both. A p99 of 1,000 samples is its 10th-slowest, so
  // the run repeats the round nine times and quotes the median round.
  const rounds: Array<Record<Side, { p50: number; p99: number }>> = [];
  for (let round = 0; round < ROUNDS; round++) {
    const results: Record<Side, number[]> = { bot: [], floor: [] };
    for (let done = 0, block = 0; done < COMMANDS; done += BLOCK, block++) {
      const n = Math.min(BLOCK, COMMANDS - done);
      const order: Side[] = (block + round) % 2 === 0 ? ['floor', 'bot'] : ['bot', 'floor'];
      for (const side of order) results[side].push(...(await drive(side, n)));
    }
    const stats = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
    };
    rounds.push({ bot: stats(results.bot), floor: stats(results.floor) });
  }
  for (const client of clients) await client.stop();
  await server.close();
  rmSync(dir, { recursive: true, force: true });

  const ratio = (r: Record<Side, { p50: number; p99: number }>, k: 'p50' | 'p99') => r.bot[k] / r.floor[k];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `\nInteraction latency: ${COMMANDS} /reflect commands per side per round, ${IN_FLIGHT} in flight, dispatch to callback (ms), ${ROUNDS} rounds`,
  );
  console.table(
    rounds.map((r, i) => ({
      round: i + 1,
      'floor p50': ms(r.floor.p50),
      'bot p50': ms(r.bot.p50),
      'floor p99': ms(r.floor.p99),
      'bot p99': ms(r.bot.p99),
      'p50 ratio': ratio(r, 'p50').toFixed(2),
      'p99 ratio': ratio(r, 'p99').toFixed(2),
    })),
  );
  console.log(
    `median of rounds: p99 ratio bot/floor ${median(rounds.map((r) => ratio(r, 'p99'))).toFixed(2)} (target ≤ 1.20), p50 ratio ${median(rounds.map((r) => ratio(r, 'p50'))).toFixed(2)}; ` +
      `bot p50 ${ms(median(rounds.map((r) => r.bot.p50)))} ms, p99 ${ms(median(rounds.map((r) => r.bot.p99)))} ms; floor p50 ${ms(median(rounds.map((r) => r.floor.p50)))} ms, p99 ${ms(median(rounds.map((r) => r.floor.p99)))} ms`,
  );
}
