/** Interaction latency and start-up for `npm run bench`: see run.ts. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchApp } from '../src/app.ts';
import { DEFAULT_CONTENT_DIR, type Config } from '../src/config.ts';
import { loadContent } from '../src/content.ts';
import { createLogger } from '../src/logger.ts';
import { startBareBot } from '../src/loopback/bare-bot.ts';
import { LoopbackDiscord } from '../src/loopback/index.ts';
import { registerCommands } from '../src/register-commands.ts';
import { DEFAULT_CATCH_UP_MS } from '../src/scheduler.ts';
import { percentile } from './stats.ts';

const TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gbench.loopback-bench-token';
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 1000);
const IN_FLIGHT = 50;
const BLOCK = 250;

const ms = (n: number) => n.toFixed(2);

/** Runs `count` invocations with `inFlight` outstanding at once; returns each latency in ms. */
async function drive(count: number, inFlight: number, invoke: () => Promise<{ status: string }>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  async function worker() {
    while (next < count) {
      next++;
      const start = performance.now();
      const outcome = await invoke();
      if (outcome.status !== 'responded') throw new Error(`an interaction was not answered: ${outcome.status}`);
      latencies.push(performance.now() - start);
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker));
  return latencies;
}

async function setUp(kind: 'bot' | 'floor') {
  const discord = await LoopbackDiscord.start({ token: TOKEN });
  const user = discord.addUser({ username: 'bench' });
  const guild = discord.addGuild({ name: 'Bench', channels: [{ name: 'general' }], members: [{ userId: user.id }] });
  const channelId = guild.channels[0]!.id;
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-bench-'));
  const config: Config = {
    token: TOKEN,
    clientId: undefined,
    guildId: guild.id,
    apiUrl: discord.apiUrl,
    databaseUrl: `sqlite://${join(dir, 'bench.sqlite')}`,
    contentDir: DEFAULT_CONTENT_DIR,
    logLevel: 'warn',
    catchUpMs: DEFAULT_CATCH_UP_MS,
  };
  await registerCommands(config, loadContent(config.contentDir));
  const stop =
    kind === 'bot'
      ? (await launchApp(config, createLogger({ level: 'warn', secrets: [TOKEN] }))).stop
      : (await startBareBot({ apiUrl: discord.apiUrl, token: TOKEN })).stop;
  // Each invocation is a different member, as in a busy server, so no member's
  // history grows past the pool.
  const members = Array.from({ length: 200 }, (_, i) => {
    const u = discord.addUser({ username: `m${i}` });
    discord.addMember(guild.id, u.id);
    return u.id;
  });
  let i = 0;
  const invoke = () =>
    discord.invoke({ guildId: guild.id, channelId, userId: members[i++ % members.length]!, command: 'reflect' });
  return {
    invoke,
    async close() {
      await stop();
      await discord.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function interactionLatency() {
  const bot = await setUp('bot');
  const floor = await setUp('floor');
  for (let i = 0; i < 3; i++) {
    await drive(100, IN_FLIGHT, bot.invoke); // warm-up: JIT, SQLite page cache
    await drive(100, IN_FLIGHT, floor.invoke);
  }
  const results = { bot: [] as number[], floor: [] as number[] };
  // Interleaved blocks, alternating which side goes first, so drift and GC fall on both.
  for (let done = 0, block = 0; done < COMMANDS; done += BLOCK, block++) {
    const n = Math.min(BLOCK, COMMANDS - done);
    const order = block % 2 === 0 ? (['floor', 'bot'] as const) : (['bot', 'floor'] as const);
    for (const side of order) results[side].push(...(await drive(n, IN_FLIGHT, side === 'bot' ? bot.invoke : floor.invoke)));
  }
  await bot.close();
  await floor.close();
  const row = (name: string, values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { name, count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  const floorRow = row('bare discord.js client (floor)', results.floor);
  const botRow = row('Reconnect /reflect', results.bot);
  console.log(`\nInteraction latency: ${COMMANDS} /reflect commands each, ${IN_FLIGHT} in flight, dispatch to callback (ms)`);
  console.table(
    [floorRow, botRow].map((r) => ({ client: r.name, commands: r.count, 'p50 ms': ms(r.p50), 'p99 ms': ms(r.p99) })),
  );
  console.log(`p99 ratio bot/floor: ${(botRow.p99 / floorRow.p99).toFixed(2)} (target ≤ 1.20); p50 ratio: ${(botRow.p50 / floorRow.p50).toFixed(2)}`);
}

/** Spawns `npm start`'s command against a loopback Discord and waits for "ready". */
async function startUpOnce(): Promise<{ readyMs: number; rssMb: number }> {
  const discord = await LoopbackDiscord.start({ token: TOKEN });
  discord.addGuild({ name: 'Bench', channels: [{ name: 'general' }] });
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-bench-start-'));
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH,
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      DATABASE_URL: `sqlite://${join(dir, 'db.sqlite')}`,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const readyMs = await new Promise<number>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        if (/"msg":"ready"/.test(buffer)) resolve(performance.now() - start);
      });
      child.once('exit', (code) => reject(new Error(`bot exited early (${code}): ${buffer}`)));
    });
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? NaN);
    return { readyMs, rssMb: rssKb / 1024 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await discord.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startUp() {
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await startUpOnce());
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log('\nStart-up of `npm start` (node --import tsx src/main.ts), 5 runs');
  console.table([
    {
      'median ms to ready': median(runs.map((r) => r.readyMs)).toFixed(0),
      'min ms': Math.min(...runs.map((r) => r.readyMs)).toFixed(0),
      'median RSS after ready (MB)': median(runs.map((r) => r.rssMb)).toFixed(1),
    },
  ]);
}

