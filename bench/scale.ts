/** Schedule scale for `npm run bench`: see run.ts. */
import { DEFAULT_CONTENT_DIR } from '../src/app/config.ts';
import { loadContent } from '../src/content/content-pack.ts';
import { createLogger } from '../src/app/logger.ts';
import { loadDaily } from '../src/daily/index.ts';
import type { Store, Subscription } from '../src/storage/store.ts';
import { percentile } from './stats.ts';

/** A tick with nothing due, over 100,000 subscriptions: CPU time and the heap they take. */
export async function scheduleScale() {
  const count = 100_000;
  const zones = ['Europe/London', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC', 'Pacific/Apia'];
  const now = Date.parse('2026-11-25T00:00:30Z');
  const gc = (globalThis as { gc?: () => void }).gc;
  const content = loadContent(DEFAULT_CONTENT_DIR);
  gc?.();
  const before = process.memoryUsage().heapUsed;
  // The records are built here, inside the measurement: the schedule keeps them.
  let subs: Subscription[] = Array.from({ length: count }, (_, i) => ({
    guildId: String(200000000000000000n + BigInt(i >> 8)),
    channelId: String(300000000000000000n + BigInt(i)),
    // Every minute of the day in every zone: 8,640 distinct settings, none favoured.
    time: `${String(Math.floor(((i * 7) % 1440) / 60)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`,
    zone: zones[Math.floor(i / 1440) % zones.length]!,
    roleId: null,
    thread: false,
    updatedAt: now - 86_400_000,
    lastPostedDate: null,
    lastPostedAt: null,
    problem: null,
  }));
  // The store is only read at start-up; a stand-in hands over the records so that this
  // measures the schedule itself, not SQLite.
  const store = {
    subscriptions: async () => {
      const handed = subs;
      subs = [];
      return handed;
    },
  } as unknown as Store;
  const sender = {
    missingPermissions: () => [],
    send: async () => ({ id: '0' }),
    startThread: async () => {},
    findPost: async () => null,
  };
  const loadStart = performance.now();
  const { runner } = await loadDaily({
    store,
    content,
    sender,
    logger: createLogger({ level: 'silent' }),
    now: () => now,
  });
  const loadMs = performance.now() - loadStart;
  gc?.();
  const heapMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  const cpu: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const start = process.cpuUsage();
    await runner.tick();
    const used = process.cpuUsage(start);
    cpu.push((used.user + used.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  console.log(`\nSchedule scale: ${count.toLocaleString('en')} subscriptions, a tick with nothing due (2,000 ticks)`);
  console.table([
    {
      'tick CPU p50 ms': percentile(cpu, 50).toFixed(4),
      'tick CPU p99 ms': percentile(cpu, 99).toFixed(4),
      'heap of subscriptions + index (MB)': gc ? heapMb.toFixed(1) : 'run with --expose-gc',
      'index build ms': loadMs.toFixed(0),
    },
  ]);
}
