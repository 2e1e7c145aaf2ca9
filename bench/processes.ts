/**
 * The compiled bot and the bare discord.js bot as processes, for the start-up and memory
 * benchmarks: built once per bench run (`npm run build` and tsconfig.bench.json, so the
 * figures are of today's sources), then each started with plain node and timed from
 * spawn to ready, with its resident memory read from /proc once ready.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

/** Compiles the bot (dist/src), and the bare bot and the bot with discord.js's default caches (dist/bench). */
export function buildBoth(): void {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  for (const project of ['tsconfig.build.json', 'tsconfig.bench.json']) {
    execFileSync(process.execPath, [tsc, '-p', join(ROOT, project)], { cwd: ROOT, stdio: 'inherit' });
  }
}

export type Contender = 'bot' | 'bot, default caches' | 'bare' | 'bare, bot caches';

/**
 * The node options of `npm start` (package.json's start script: `node [options]
 * dist/src/main.js`), so the bot is measured as it ships. The bare bot runs on node's defaults.
 */
function npmStartNodeOptions(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.trim().split(/\s+/);
  const script = words.indexOf('dist/src/main.js');
  if (words[0] !== 'node' || script < 0)
    throw new Error(`npm start is not "node [options] dist/src/main.js": ${pkg.scripts.start}`);
  return words.slice(1, script);
}

/** How the bot is started, for the tables: `npm start`'s command. */
export const BOT_LABEL = `bot: ${['node', ...npmStartNodeOptions(), 'dist/src/main.js'].join(' ')}`;

/** What each contender runs (node options, then the script), and the line that says it is ready. */
const RUNS: Record<Contender, { node: string[]; script: string; ready: RegExp; env: Record<string, string> }> = {
  bot: { node: npmStartNodeOptions(), script: 'dist/src/main.js', ready: /"msg":"ready"/, env: { LOG_LEVEL: 'info' } },
  'bot, default caches': {
    node: npmStartNodeOptions(),
    script: 'dist/bench/default-caches-bot-process.js',
    ready: /"msg":"ready"/,
    env: { LOG_LEVEL: 'info' },
  },
  bare: { node: [], script: 'dist/bench/bare-bot-process.js', ready: /^ready \d+$/m, env: {} },
  'bare, bot caches': {
    node: [],
    script: 'dist/bench/bare-bot-process.js',
    ready: /^ready \d+$/m,
    env: { BENCH_CACHES: 'bot' },
  },
};

/** A process's resident memory now, in MB, from /proc. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? NaN) / 1024;
}

/**
 * How long after ready the settled reading watches. V8 collects the garbage of a start's
 * burst by itself once allocation has gone quiet (its memory reducer): it looks every 8 s
 * whether allocation is low, judged over its last several samples, and at the latest its
 * watchdog collects 100 s after the last full GC (V8's memory-reducer.cc). When that comes
 * depends on how a process allocated while starting, not on what it holds: a lean process
 * that ran no GC after ready can wait out most of the 100 s. So the window runs past the
 * watchdog, and every contender's settled figure is what it holds once V8 has collected,
 * never whether it happened to collect in time. BENCH_SETTLED_S shortens it for a quick look.
 */
export const SETTLED_WINDOW_MS = Number(process.env.BENCH_SETTLED_S ?? 110) * 1_000;

/**
 * Starts one contender against a Discord, waits for ready, waits `settleMs` more (the
 * last events handled), reads its RSS; with `settled` it then reads it every second to
 * the settled window's end and keeps the lowest reading (what it holds once V8 has
 * collected the garbage of its start, whenever that came), then stops it.
 */
export async function measureOnce(
  who: Contender,
  discord: { apiUrl: string; token: string },
  options: { settleMs?: number; settled?: boolean } = {},
): Promise<{ readyMs: number; rssMb: number; settledMb?: number }> {
  const settleMs = options.settleMs ?? 1_000;
  const run = RUNS[who];
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-bench-process-'));
  const start = performance.now();
  const child = spawn(process.execPath, [...run.node, join(ROOT, run.script)], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      DATABASE_URL: `sqlite://${join(dir, 'db.sqlite')}`,
      ...run.env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const readyMs = await new Promise<number>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        if (run.ready.test(buffer)) resolve(performance.now() - start);
      });
      child.once('exit', (code) => reject(new Error(`${who} exited early (${code}): ${buffer}`)));
    });
    await new Promise((r) => setTimeout(r, settleMs));
    const rssMb = rssOf(child.pid!);
    if (!options.settled) return { readyMs, rssMb };
    let settledMb = rssMb;
    for (let waited = settleMs; waited < SETTLED_WINDOW_MS; waited += 1_000) {
      await new Promise((r) => setTimeout(r, 1_000));
      settledMb = Math.min(settledMb, rssOf(child.pid!));
    }
    return { readyMs, rssMb, settledMb };
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
