import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONTENT_DIR } from '../../src/app/config.ts';
import { loadContent } from '../../src/content/content-pack.ts';
import { createLogger } from '../../src/app/logger.ts';
import type { DailySender } from '../../src/daily/discord-sender.ts';
import { loadDaily } from '../../src/daily/index.ts';
import { Store } from '../../src/storage/store.ts';

const DAY = 86_400_000;
const sender: DailySender = {
  missingPermissions: () => [],
  send: async () => ({ id: '1' }),
  startThread: async () => undefined,
  findPost: async () => null,
};

const dir = mkdtempSync(join(tmpdir(), 'reconnect-cron-'));
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('DailyRunner.start: the minute tick (node-cron)', () => {
  it('GIVEN the clock jumps a day THEN nothing reaches the console, and one JSON log line sums up the skipped minutes', async () => {
    const store = await Store.open(`sqlite://${join(dir, 'cron.sqlite')}`);
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } });
    const printed: unknown[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args));
    }
    vi.useFakeTimers({ now: Date.parse('2026-11-25T08:00:30Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const { runner } = await loadDaily({ store, content: loadContent(DEFAULT_CONTENT_DIR), sender, logger });
    const ticks = vi.spyOn(runner, 'tick');
    try {
      runner.start();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(ticks).toHaveBeenCalledTimes(1);

      // The machine's clock is set a day forward (an NTP step, a resumed VM).
      vi.setSystemTime(Date.now() + DAY);
      await vi.advanceTimersByTimeAsync(30_000);
      vi.useRealTimers();
      await new Promise((resolve) => setImmediate(resolve));

      expect(printed).toEqual([]);
      const entries = lines.map((line) => JSON.parse(line) as { level: number; msg: string; skippedMinutes?: number });
      const jumps = entries.filter((e) => e.skippedMinutes !== undefined);
      expect(jumps).toHaveLength(1);
      expect(jumps[0]!.level).toBe(40);
      expect(jumps[0]!.skippedMinutes).toBeGreaterThanOrEqual(1439);
      expect(jumps[0]!.msg).toMatch(/clock jumped forward/);
      expect(entries.filter((e) => /missed execution/.test(e.msg))).toEqual([]);
    } finally {
      vi.useRealTimers();
      await runner.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
