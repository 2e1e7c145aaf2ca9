import type { ResponseLike } from '@discordjs/rest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryBudget, RequestPacer } from '../../src/discord/request-pacer.ts';
import type { SendBudget } from '../../src/storage/send-budget.ts';

afterEach(() => vi.useRealTimers());

/** The most requests in any one-second span of these times. */
function busiestSecond(times: number[]): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
}

function response(status: number, headers: Record<string, string> = {}, body: unknown = {}): ResponseLike {
  return {
    status,
    statusText: '',
    ok: status < 300,
    headers: new Headers(headers),
    body: null,
    bodyUsed: false,
    arrayBuffer: async () => new ArrayBuffer(0),
    json: async () => body,
    text: async () => JSON.stringify(body),
  };
}

const API = 'http://discord.test/api/v10';

describe('request pacer', () => {
  it('GIVEN a burst of requests THEN they leave evenly spaced at the pace, never more than that in any second', async () => {
    vi.useFakeTimers({ now: 0 });
    const pacer = new RequestPacer({ budget: memoryBudget(), perSecond: 50 });
    const leftAt: number[] = [];
    const all = Array.from({ length: 120 }, () => pacer.acquire('background').then(() => leftAt.push(Date.now())));
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(leftAt[0]).toBe(0);
    expect(leftAt[119]).toBe(119 * 20);
    expect(busiestSecond(leftAt)).toBeLessThanOrEqual(50);
  });

  it('GIVEN a stall THEN the slots it missed are dropped, not spent in a bunch', async () => {
    vi.useFakeTimers({ now: 0 });
    const pacer = new RequestPacer({ budget: memoryBudget(), perSecond: 10 });
    const leftAt: number[] = [];
    const all = Array.from({ length: 6 }, () => pacer.acquire('background').then(() => leftAt.push(Date.now())));
    await vi.advanceTimersByTimeAsync(0);
    vi.setSystemTime(5_000); // the process was busy for 5 s
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(leftAt).toHaveLength(6);
    const gaps = leftAt.slice(1).map((t, i) => t - leftAt[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100);
  });

  it('GIVEN background requests queued THEN a member’s request takes the next slot', async () => {
    vi.useFakeTimers({ now: 0 });
    const pacer = new RequestPacer({ budget: memoryBudget(), perSecond: 10 });
    const order: string[] = [];
    const all = Array.from({ length: 20 }, (_, i) => pacer.acquire('background').then(() => order.push(`b${i}`)));
    await vi.advanceTimersByTimeAsync(350);
    all.push(pacer.acquire('member').then(() => order.push('member')));
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(order.indexOf('member')).toBeLessThanOrEqual(5);
  });

  it('GIVEN two processes sharing one budget THEN together they keep the pace', async () => {
    vi.useFakeTimers({ now: 0 });
    const budget = memoryBudget();
    const one = new RequestPacer({ budget, perSecond: 50 });
    const two = new RequestPacer({ budget, perSecond: 50 });
    const leftAt: number[] = [];
    const all = [one, two].flatMap((p) =>
      Array.from({ length: 100 }, () => p.acquire('background').then(() => leftAt.push(Date.now()))),
    );
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(busiestSecond(leftAt)).toBeLessThanOrEqual(50);
    expect(Math.max(...leftAt)).toBeGreaterThanOrEqual(199 * 20);
  });

  it('GIVEN a shared budget whose answers come back slowly, by varying amounts THEN requests still leave at the slots it gave, not a round trip later', async () => {
    vi.useFakeTimers({ now: 0 });
    const shared = memoryBudget();
    const slots: number[] = [];
    let call = 0;
    // The database reads its clock 1 ms after the call; the answer then takes 1 ms (the
    // first two calls, while the first batch is reserved) or, alternately, 35 and 3 ms to
    // come back, as on a busy host.
    const slow: SendBudget = {
      reserve: async (count, interval) => {
        const back = call < 2 ? 1 : call % 2 === 0 ? 35 : 3;
        call++;
        await new Promise((r) => setTimeout(r, 1));
        const reservation = await shared.reserve(count, interval);
        slots.push(...Array.from({ length: count }, (_, i) => reservation.firstAt + i * interval));
        await new Promise((r) => setTimeout(r, back));
        return reservation;
      },
      pause: (ms) => shared.pause(ms),
    };
    const pacer = new RequestPacer({ budget: slow, perSecond: 48 });
    const leftAt: number[] = [];
    const all = Array.from({ length: 96 }, () => pacer.acquire('background').then(() => leftAt.push(Date.now())));
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(leftAt).toHaveLength(96);
    // Each request leaves within a millisecond of its slot (fake timers fire on whole ms).
    const late = leftAt.map((t, i) => t - slots[i]!);
    expect(Math.max(...late.map(Math.abs))).toBeLessThanOrEqual(1);
    expect(busiestSecond(leftAt)).toBeLessThanOrEqual(49);
  });

  it('GIVEN a global 429 THEN requests wait its Retry-After, the refused one is sent again first, and the pace resumes without a burst', async () => {
    vi.useFakeTimers({ now: 0 });
    const pacer = new RequestPacer({ budget: memoryBudget(), perSecond: 10 });
    const sentAt: Array<[string, number]> = [];
    let refused = false;
    const wire = pacer.wrap(async (url) => {
      sentAt.push([url, Date.now()]);
      if (url.endsWith('/3') && !refused) {
        refused = true;
        return response(
          429,
          { 'retry-after': '1', 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
          { retry_after: 0.75, global: true },
        );
      }
      return response(200);
    });
    const all = Array.from({ length: 8 }, (_, i) => wire(`${API}/channels/${i}`, { method: 'GET' }));
    await vi.runAllTimersAsync();
    const statuses = (await Promise.all(all)).map((r) => r.status);
    expect(statuses).toEqual(statuses.map(() => 200));
    const refusedAt = sentAt.find(([url]) => url.endsWith('/3'))![1];
    const after = sentAt.filter(([, t]) => t > refusedAt);
    expect(after[0]![0]).toMatch(/\/3$/);
    expect(after[0]![1] - refusedAt).toBeGreaterThanOrEqual(750);
    const times = after.map(([, t]) => t);
    expect(Math.min(...times.slice(1).map((t, i) => t - times[i]!))).toBeGreaterThanOrEqual(100);
    expect(pacer.counts.global429).toBe(1);
  });

  it('GIVEN 429s of every scope on the wire THEN each is reported to the metrics by scope', async () => {
    vi.useFakeTimers({ now: 0 });
    const seen: string[] = [];
    const pacer = new RequestPacer({
      budget: memoryBudget(),
      perSecond: 10,
      metrics: { rateLimited: (scope, source) => seen.push(`${scope}/${source}`) },
    });
    const answers = [
      response(429, { 'retry-after': '1', 'x-ratelimit-scope': 'user' }, { retry_after: 1, global: false }),
      response(429, { 'retry-after': '1', 'x-ratelimit-scope': 'shared' }, { retry_after: 1, global: false }),
      response(
        429,
        { 'retry-after': '0', 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
        { retry_after: 0.1, global: true },
      ),
      response(200),
      response(429, { 'retry-after': '1', 'x-ratelimit-scope': 'user' }, { retry_after: 1, global: false }),
    ];
    const wire = pacer.wrap(async () => answers.shift()!);
    const done = Promise.all([
      wire(`${API}/channels/1/messages`, { method: 'POST' }),
      wire(`${API}/channels/2/messages`, { method: 'POST' }),
      wire(`${API}/channels/3/messages`, { method: 'POST' }),
    ]);
    await vi.runAllTimersAsync();
    // Route and shared 429s go back to @discordjs/rest, which retries them; the global one is retried here.
    expect((await done).map((r) => r.status)).toEqual([429, 429, 200]);
    await wire(`${API}/webhooks/1/tok`, { method: 'POST' });
    expect(seen).toEqual(['route/pacer', 'shared/pacer', 'global/pacer', 'route/pacer']);
  });

  it('GIVEN requests waiting out a 429 THEN interaction callbacks and webhooks pass straight through', async () => {
    vi.useFakeTimers({ now: 0 });
    const pacer = new RequestPacer({ budget: memoryBudget(), perSecond: 10 });
    const wire = pacer.wrap(async () => response(204));
    await pacer.pause(10_000);
    const paced = wire(`${API}/channels/1/messages`, { method: 'POST' });
    const callback = await wire(`${API}/interactions/1/tok/callback`, { method: 'POST' });
    const followUp = await wire(`${API}/webhooks/1/tok`, { method: 'POST' });
    expect([callback.status, followUp.status]).toEqual([204, 204]);
    expect(Date.now()).toBe(0);
    await vi.runAllTimersAsync();
    await paced;
    expect(Date.now()).toBeGreaterThanOrEqual(10_000);
  });

  it('GIVEN the shared budget is unavailable THEN requests still go out, at half the pace', async () => {
    vi.useFakeTimers({ now: 0 });
    const broken: SendBudget = {
      reserve: async () => {
        throw new Error('SQLITE_BUSY: database is locked');
      },
      pause: async () => {},
    };
    const pacer = new RequestPacer({ budget: broken, perSecond: 10 });
    const leftAt: number[] = [];
    const all = Array.from({ length: 5 }, () => pacer.acquire('member').then(() => leftAt.push(Date.now())));
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(leftAt).toEqual([0, 200, 400, 600, 800]);
  });
});
