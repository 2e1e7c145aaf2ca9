import { afterEach, describe, expect, it, vi } from 'vitest';
import { pacer } from '../../src/daily-sender.ts';

afterEach(() => vi.useRealTimers());

describe('daily post pacing', () => {
  it('GIVEN a burst of sends THEN they leave evenly spaced, never more than the rate in any second', async () => {
    vi.useFakeTimers({ now: 0 });
    const pace = pacer(50);
    const leftAt: number[] = [];
    const sends = Array.from({ length: 120 }, () => pace().then(() => leftAt.push(Date.now())));
    await vi.runAllTimersAsync();
    await Promise.all(sends);
    expect(leftAt[0]).toBe(0);
    expect(leftAt[119]).toBe(119 * 20);
    for (let i = 0; i < leftAt.length; i++) {
      expect(leftAt.filter((t) => t >= leftAt[i]! && t < leftAt[i]! + 1000).length).toBeLessThanOrEqual(50);
    }
  });

  it('GIVEN a stall THEN it does not burst to catch up', async () => {
    vi.useFakeTimers({ now: 0 });
    const pace = pacer(10);
    await pace(); // at 0
    vi.setSystemTime(5_000); // the process was busy for 5 s
    const leftAt: number[] = [];
    const sends = Array.from({ length: 3 }, () => pace().then(() => leftAt.push(Date.now())));
    await vi.runAllTimersAsync();
    await Promise.all(sends);
    expect(leftAt).toEqual([5_000, 5_100, 5_200]);
  });
});
