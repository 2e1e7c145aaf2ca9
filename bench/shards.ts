/**
 * Several processes, one shard each, on PostgreSQL, for `npm run bench -- shards`: 4,000
 * channels over 4 shards due the same minute, Discord as in the fan-out (answers in
 * 20-120 ms, arrivals bunched, windows at a random phase). Every process spends the one
 * request budget kept in the database. Targets: exactly one post per channel, 0 429s,
 * posts/s of all processes together ≥ 0.95 of the 50/s ceiling; with one process killed
 * (SIGKILL) and started again at the midpoint, none missed or doubled and ≥ 0.9.
 * The contender (issue 9): the same 4 processes, each pacing only itself, all sending
 * through one @discordjs/proxy started here in front of Discord, whose own @discordjs/rest
 * counts the global limit. BENCH_SHARD_BUDGETS picks the contenders (default
 * "database,proxy"); the proxy runs once, all 4 throughout, at each of
 * BENCH_SHARD_PROXY_PACES (@discordjs/rest's globalRequestsPerSecond, default 50, its own).
 * Needs PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a server it may create a
 * database on); skipped, saying so, without one.
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { proxyRequests } from '@discordjs/proxy';
import { REST } from '@discordjs/rest';
import pg from 'pg';
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { anyPhase, NETWORK, seed, startDiscord, TOKEN, type Report } from './fanout.ts';
import { DEFAULT_REQUESTS_PER_SECOND } from '../src/discord/request-pacer.ts';

const NINE = Date.parse('2026-11-25T09:00:00Z');
const SHARDS = 4;

/** A new database on the server at `url`; `drop` removes it. */
async function newDatabase(url: string) {
  const name = `reconnect_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const database = new URL(url);
  database.pathname = `/${name}`;
  return {
    url: database.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

function startBot(shard: number, env: Record<string, string | undefined>) {
  const child = fork(new URL('./bot-process.ts', import.meta.url), {
    execArgv: ['--import', 'tsx'],
    env: { ...env, SHARD_COUNT: String(SHARDS), SHARD_IDS: String(shard) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = <T>(kind: string) =>
    new Promise<T>((resolve, reject) => {
      child.on('message', (m: { kind: string }) => m.kind === kind && resolve(m as T));
      child.once('exit', (code, signal) => reject(new Error(`a bot process exited (${code ?? signal})`)));
    });
  return { child, next, ready: next('ready') };
}

/**
 * One @discordjs/proxy in front of Discord at `apiUrl`, as its README wires it: an HTTP
 * server handing every request to proxyRequests over one REST, which counts the global
 * limit at `perSecond`. Its URL serves /api/v10/… as Discord does.
 */
async function startProxy(apiUrl: string, perSecond: number) {
  const rest = new REST({ api: apiUrl, globalRequestsPerSecond: perSecond });
  const server = createServer(proxyRequests(rest));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * One run: 4 processes, every channel due at 09:00; `kill` kills shard 2's process at the
 * midpoint and starts it again. With `proxy` (a pace), the processes send through one
 * @discordjs/proxy counting the limit at that pace, each pacing only itself.
 */
async function run(
  databaseServer: string,
  channels: number,
  options: { kill: boolean; perSecond?: number; proxy?: number },
) {
  const phase = anyPhase();
  const discord = await startDiscord({ channels, network: NETWORK, phase, shards: SHARDS });
  const database = await newDatabase(databaseServer);
  const proxy = options.proxy ? await startProxy(discord.apiUrl, options.proxy) : undefined;
  try {
    await seed(database.url, discord.targets, NINE - 2 * 3_600_000);
    const env = {
      PATH: process.env.PATH,
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: proxy?.apiUrl ?? discord.apiUrl,
      DATABASE_URL: database.url,
      BENCH_CLOCK_START: String(NINE - 3_600_000),
      ...(options.perSecond ? { BENCH_REQUESTS_PER_SECOND: String(options.perSecond) } : {}),
      ...(proxy ? { BENCH_SEND_BUDGET: 'process' } : {}),
    };
    const bots = Array.from({ length: SHARDS }, (_, shard) => startBot(shard, env));
    await Promise.all(bots.map((b) => b.ready));
    const before = await discord.report();
    const sentAt = Date.now();
    for (const bot of bots) bot.child.send({ kind: 'go', at: NINE, sentAt });
    const start = performance.now();
    const deadline = start + ((channels / 45) * 1.5 + 150) * 1000;
    let report: Report = before;
    let killed = false;
    let killedAt = 0;
    const posted = (r: Report) => r.perChannel.filter((n) => n > 0).length;
    while (performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      report = await discord.report();
      if (posted(report) === channels) break;
      if (options.kill && !killed && posted(report) >= channels / 2) {
        killed = true;
        killedAt = (performance.now() - start) / 1000;
        const victim = bots[2]!;
        victim.child.removeAllListeners('exit');
        victim.child.kill('SIGKILL');
        const again = startBot(2, env);
        bots[2] = again;
        void again.ready.then(() =>
          again.child.send({ kind: 'go', at: NINE + (Date.now() - sentAt), sentAt: Date.now() }),
        );
      }
    }
    const seconds = (performance.now() - start) / 1000;
    // Slots each process let pass because it was busy when they came (a stall): budget unspent.
    const dropped = await Promise.all(
      bots.map(async (bot) => {
        await bot.ready;
        const stopped = bot.next<{ dropped: number }>('stopped');
        bot.child.send({ kind: 'stop' });
        return (await stopped).dropped;
      }),
    );
    report = await discord.report();
    const requests = report.requests - before.requests;
    return {
      run: options.kill ? 'one killed and restarted at the midpoint' : 'all 4 run throughout',
      pace: options.proxy ? `${options.proxy}/s in the proxy` : `${options.perSecond ?? DEFAULT_REQUESTS_PER_SECOND}/s`,
      'seconds to post all': seconds.toFixed(1),
      'posts per second': (channels / seconds).toFixed(1),
      'of the 50/s ceiling': (channels / seconds / DISCORD_LIMITS.globalRequestsPerSecond).toFixed(3),
      doubled: report.perChannel.filter((n) => n > 1).length,
      missed: report.perChannel.filter((n) => n === 0).length,
      requests,
      '429 answers': report.rateLimited - before.rateLimited,
      'slots dropped': dropped.reduce((a, b) => a + b, 0),
      ...(options.kill ? { 'killed at (s)': killedAt.toFixed(1) } : {}),
      phase,
    };
  } finally {
    await proxy?.close();
    await discord.server.close();
    await database.drop();
  }
}

export async function shardProcesses(channels = Number(process.env.BENCH_SHARD_CHANNELS ?? 4_000)) {
  const server = process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim();
  if (!server) {
    console.log(
      '\n4 processes, 4 shards on PostgreSQL: skipped, set BENCH_DATABASE_URL or TEST_DATABASE_URL (see README, "Tests on PostgreSQL")',
    );
    return;
  }
  const budgets = (process.env.BENCH_SHARD_BUDGETS ?? 'database,proxy').split(',').map((b) => b.trim());
  const unknown = budgets.filter((b) => b !== 'database' && b !== 'proxy');
  if (unknown.length) throw new Error(`BENCH_SHARD_BUDGETS: "database" and/or "proxy", not ${unknown.join(', ')}`);
  const heading = `\n4 processes, one shard each, on PostgreSQL: ${channels.toLocaleString('en')} channels over 4 shards due the same minute, `;
  if (budgets.includes('database')) {
    const paces = (process.env.BENCH_SHARD_PACES ?? String(DEFAULT_REQUESTS_PER_SECOND)).split(',').map(Number);
    const rows = [];
    for (const perSecond of paces) rows.push(await run(server, channels, { kill: false, perSecond }));
    for (const perSecond of paces) rows.push(await run(server, channels, { kill: true, perSecond }));
    console.log(heading + 'one request budget in the database; Discord as in the fan-out');
    console.table(rows);
  }
  if (budgets.includes('proxy')) {
    const paces = (process.env.BENCH_SHARD_PROXY_PACES ?? '50').split(',').map(Number);
    const rows = [];
    for (const proxy of paces) rows.push(await run(server, channels, { kill: false, proxy }));
    console.log(
      heading +
        'every process sending through one @discordjs/proxy (its @discordjs/rest counts the global limit), ' +
        'each pacing only itself; Discord as in the fan-out',
    );
    console.table(rows);
  }
}
