import { AsyncLocalStorage } from 'node:async_hooks';
import type { RESTOptions, ResponseLike } from '@discordjs/rest';
import type { Logger } from '../app/logger.ts';
import type { BotMetrics, RateLimitScope } from '../health/metrics.ts';
import type { Reservation, SendBudget } from '../storage/send-budget.ts';

/**
 * The pace of requests on the wire: 48 a second, 0.96 of the limit. Sent evenly, at the
 * budget's instants, 48 leave in any second, so a window of Discord's, whatever its phase,
 * refuses one only if requests reach it bunched by more than about 60 ms (3 slots of
 * 1000/48). `npm run bench -- shards` measures how close to the limit the pace can go
 * before a 429: at 48.5 and 49 a second, runs met 429s; at 48, none.
 */
export const DEFAULT_REQUESTS_PER_SECOND = 48;

/** Who waits for a slot: members' requests never queue behind background work. */
export type Priority = 'member' | 'background';

/** Slots reserved from the budget at once: fewer database round trips, little held back. */
const BATCH = 4;

type MakeRequest = RESTOptions['makeRequest'];

/** A budget kept in this process only, in this process's clock. */
export function memoryBudget(now: () => number = Date.now): SendBudget {
  let next = 0;
  return {
    async reserve(count, intervalMs) {
      const at = now();
      const firstAt = Math.max(next, at);
      next = firstAt + count * intervalMs;
      return { firstAt, now: at };
    },
    async pause(ms) {
      next = Math.max(next, now() + ms);
    },
  };
}

/** How long one round trip's reading of the budget's clock is trusted over later, slower ones. */
const CLOCK_SAMPLE_MS = 60_000;

/**
 * The budget's clock as this process sees it. A shared budget's slots are times in the
 * database's clock; each process must send at those instants in its own. Counting a slot
 * from when the answer arrived would move each batch by its round trip (1 to 40 ms on a
 * busy host), and batches of several processes so moved bunch into one of Discord's
 * windows. As NTP does, the offset comes from the fastest recent round trip: the
 * database read its clock within that trip, so the error is at most half of it.
 */
class BudgetClock {
  private best: { roundTrip: number; offset: number; at: number } | undefined;

  /** Takes in one reading: sent and answered in this process's clock, `budgetNow` in the budget's. */
  sample(sentAt: number, answeredAt: number, budgetNow: number): void {
    const roundTrip = answeredAt - sentAt;
    const offset = budgetNow - (sentAt + answeredAt) / 2;
    const best = this.best;
    if (!best || roundTrip <= best.roundTrip || answeredAt - best.at > CLOCK_SAMPLE_MS)
      this.best = { roundTrip, offset, at: answeredAt };
  }

  /** A time of the budget's clock in this process's clock. */
  local(budgetTime: number): number {
    return budgetTime - (this.best?.offset ?? 0);
  }
}

/**
 * Owns the pace of every request that counts toward Discord's global limit, at the
 * wire: it wraps @discordjs/rest's request function, so it counts what is actually sent,
 * retries included, after @discordjs/rest's own queues. Requests leave evenly spaced at
 * `perSecond`, in slots reserved from a budget that other processes on the same database
 * share, each at its instant in the budget's clock (BudgetClock). After a stall, the
 * slots it missed are dropped, so requests never leave in a bunch. A global 429 pauses
 * everyone sharing the budget for its Retry-After, and the request is sent again at the
 * even pace. Interaction callbacks and webhooks are exempt from the global limit and pass
 * straight through; members' other requests take the next slot ahead of background work
 * (see `background`).
 */
export class RequestPacer {
  readonly intervalMs: number;
  private readonly waiting: Record<Priority, Array<() => void>> = { member: [], background: [] };
  private slots: number[] = [];
  /** Bumped by a pause: slots reserved before it are void. */
  private generation = 0;
  private pumping = false;
  private readonly fallback: SendBudget;
  private readonly clock = new BudgetClock();
  private budgetDown = false;
  private readonly context = new AsyncLocalStorage<Priority>();
  /** Requests paced and passed through, slots dropped after stalls, global 429s met: for logs and the bench. */
  readonly counts = { paced: 0, exempt: 0, dropped: 0, global429: 0 };

  constructor(
    private readonly options: {
      budget: SendBudget;
      perSecond?: number;
      logger?: Logger;
      now?: () => number;
      /** Where every 429 seen on the wire is counted, by scope. */
      metrics?: Pick<BotMetrics, 'rateLimited'>;
    },
  ) {
    this.intervalMs = 1000 / (options.perSecond ?? DEFAULT_REQUESTS_PER_SECOND);
    this.fallback = memoryBudget(this.now);
  }

  private get now(): () => number {
    return this.options.now ?? Date.now;
  }

  /** Runs `work` with its requests behind members' requests. */
  background<T>(work: () => Promise<T>): Promise<T> {
    return this.context.run('background', work);
  }

  /** Resolves when a request of this priority may go on the wire. */
  acquire(priority: Priority, first = false): Promise<void> {
    return new Promise((resolve) => {
      if (first) this.waiting[priority].unshift(resolve);
      else this.waiting[priority].push(resolve);
      void this.pump();
    });
  }

  /** Holds every slot (here and in processes sharing the budget) for `ms`. */
  async pause(ms: number): Promise<void> {
    this.slots = [];
    this.generation++;
    await this.options.budget.pause(ms).catch(() => this.fallback.pause(ms));
    await this.fallback.pause(ms);
  }

  /** @discordjs/rest's `makeRequest`, paced. */
  wrap(makeRequest: MakeRequest): MakeRequest {
    return async (url, init) => {
      if (isExempt(url)) {
        this.counts.exempt++;
        const res = await makeRequest(url, init);
        if (res.status === 429) this.options.metrics?.rateLimited(limitScope(res), 'pacer');
        return res;
      }
      const priority = this.context.getStore() ?? 'member';
      let retried = false;
      for (;;) {
        await this.acquire(priority, retried);
        this.counts.paced++;
        const res = await makeRequest(url, init);
        if (res.status === 429) this.options.metrics?.rateLimited(limitScope(res), 'pacer');
        const waitMs = res.status === 429 ? await globalRetryAfter(res) : null;
        if (waitMs === null) return res;
        // Absorbed here, so @discordjs/rest never holds its queues and releases them at once.
        this.counts.global429++;
        this.options.logger?.warn({ retryAfterMs: waitMs }, 'global rate limit hit; pausing requests');
        await this.pause(waitMs);
        retried = true;
      }
    };
  }

  private waitingCount(): number {
    return this.waiting.member.length + this.waiting.background.length;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    let dropped = 0;
    let reserving: Promise<void> | undefined;
    try {
      while (this.waitingCount() > 0) {
        const generation = this.generation;
        // The next batch is reserved while a whole batch is still held (4 slots, 83 ms at
        // 48 a second), so a database answer slower than one slot (tens of ms on a busy
        // host) arrives before its first slot: never a gap in the pace, nor a slot sent late.
        const wanted = Math.min(BATCH, this.waitingCount() - this.slots.length);
        if (!reserving && this.slots.length <= BATCH && wanted > 0) {
          reserving = this.reserve(wanted).finally(() => (reserving = undefined));
        }
        if (this.slots.length === 0) {
          await reserving;
          continue;
        }
        const slot = this.slots.shift()!;
        const delay = slot - this.now();
        if (delay > 0) await sleep(delay);
        if (generation !== this.generation) continue;
        // A slot missed by a whole interval (the process stalled) is dropped, so requests
        // never leave bunched; if the process keeps stalling, one goes late rather than never.
        if (this.now() >= slot + this.intervalMs && dropped < 2 * BATCH) {
          dropped++;
          this.counts.dropped++;
          continue;
        }
        dropped = 0;
        (this.waiting.member.shift() ?? this.waiting.background.shift())?.();
      }
    } finally {
      this.pumping = false;
    }
  }

  private async reserve(count: number): Promise<void> {
    const generation = this.generation;
    let first: number;
    let interval = this.intervalMs;
    try {
      const sentAt = this.now();
      const reservation: Reservation = await this.options.budget.reserve(count, interval);
      this.clock.sample(sentAt, this.now(), reservation.now);
      first = this.clock.local(reservation.firstAt);
      if (this.budgetDown) this.options.logger?.info('shared request budget is back');
      this.budgetDown = false;
    } catch (err) {
      // Members must not lose Discord because the database is locked: pace alone, at
      // half speed, as another process doing the same would.
      if (!this.budgetDown)
        this.options.logger?.warn({ err }, 'shared request budget unavailable; pacing alone at half speed');
      this.budgetDown = true;
      interval *= 2;
      first = (await this.fallback.reserve(count, interval)).firstAt;
    }
    if (generation !== this.generation) return;
    this.slots.push(...Array.from({ length: count }, (_, i) => first + i * interval));
  }
}

/** Interaction callbacks and interaction webhooks are not bound to the global limit. */
function isExempt(url: string): boolean {
  const path = new URL(url).pathname;
  return /\/interactions\/[^/]+\/[^/]+\/callback$/.test(path) || /\/webhooks\/[^/]+\/[^/]+/.test(path);
}

/** Which limit a 429 is of, by Discord's headers: a route's own bucket is scope 'user'. */
function limitScope(res: ResponseLike): RateLimitScope {
  const scope = res.headers.get('x-ratelimit-scope');
  if (res.headers.get('x-ratelimit-global') !== null || scope === 'global') return 'global';
  return scope === 'shared' ? 'shared' : 'route';
}

/** For a global 429, how long to wait (ms); null for anything else, which @discordjs/rest handles. */
async function globalRetryAfter(res: ResponseLike): Promise<number | null> {
  const global = res.headers.get('x-ratelimit-global') !== null || res.headers.get('x-ratelimit-scope') === 'global';
  if (!global) return null;
  const header = Number(res.headers.get('retry-after'));
  // The body's retry_after is exact; the header is whole seconds.
  const body = (await res.json().catch(() => ({}))) as { retry_after?: unknown };
  const seconds = typeof body.retry_after === 'number' ? body.retry_after : Number.isFinite(header) ? header : 1;
  return Math.max(0, seconds * 1000);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
