import { createHash } from 'node:crypto';
import { DISCORD_LIMITS } from '@reconnect/discord-limits';

/** The limits the loopback enforces; Discord's published defaults unless a test changes them. */
export interface RateLimitConfig {
  /** When false nothing is limited and no rate-limit headers are sent. Default true. */
  enabled: boolean;
  /** Requests per second per bot outside the interaction endpoints. Default 50. */
  globalPerSecond: number;
  /** Message creation per channel. Default 5 per 5000 ms. */
  channelMessages: { limit: number; windowMs: number };
  /**
   * Null (default): a global window opens at the first request after the last one
   * closed, 100 ms short. A number: fixed one-second windows that start this many ms
   * after each whole second of the loopback's clock, with no slack, so the phase of
   * Discord's windows is not the client's.
   */
  globalWindowPhaseMs: number | null;
}

/** Discord's numbers. */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  enabled: true,
  globalPerSecond: DISCORD_LIMITS.globalRequestsPerSecond,
  channelMessages: { limit: DISCORD_LIMITS.channelMessagesPerWindow, windowMs: DISCORD_LIMITS.channelMessagesWindowMs },
  globalWindowPhaseMs: null,
};

/** A route's bucket: every route template and major parameter pair has its own counter. */
export interface BucketSpec {
  /** Route template, the key the hash is made from. */
  route: string;
  limit: number;
  windowMs: number;
}

/** Routes other than message creation: roomy, so only the global limit binds in practice. */
export const DEFAULT_BUCKET = { limit: 50, windowMs: 1000 } as const;

/**
 * The global window is shortened by this much. @discordjs/rest counts its own
 * one-second window from when it sends; ours starts when the first request lands, so
 * a slow first request (a new connection, a busy event loop) would shift our window
 * later than the client's and turn its next-window requests into 429s. Real Discord
 * is no stricter than that for a well-behaved client.
 */
const GLOBAL_SLACK_MS = 100;

/** Decision for one request: headers to send, and a 429 body when refused. */
export interface RateDecision {
  headers: Record<string, string>;
  limited?: { retryAfterMs: number; global: boolean; body: { message: string; retry_after: number; global: boolean } };
}

interface Window {
  count: number;
  resetAt: number;
}

/** Another user of the same bot's global budget: it spends `perWindow` of every window that overlaps [from, until). */
export interface Squeeze {
  perWindow: number;
  from: number;
  until: number;
}

/** A bucket hash that looks like Discord's (32 hex digits) and is stable per route. */
export function bucketHash(route: string): string {
  return createHash('md5').update(route).digest('hex');
}

/**
 * Fixed-window counters for the global limit and each bucket, with the headers
 * Discord sends so that @discordjs/rest can pace itself before ever seeing a 429.
 */
export class RateLimiter {
  private config: RateLimitConfig;
  private global: Window & { startAt: number } = { count: 0, resetAt: 0, startAt: 0 };
  private readonly buckets = new Map<string, Window>();
  private squeezes: Squeeze[] = [];

  constructor(config: Partial<RateLimitConfig> = {}) {
    this.config = mergeConfig(DEFAULT_RATE_LIMITS, config);
  }

  get settings(): RateLimitConfig {
    return this.config;
  }

  /** Changes the limits; counters start afresh so a test sees exactly what it set. */
  configure(patch: Partial<RateLimitConfig>): void {
    this.config = mergeConfig(this.config, patch);
    this.global = { count: 0, resetAt: 0, startAt: 0 };
    this.buckets.clear();
  }

  /** Lets another consumer spend `perWindow` of each global window from `from` to `until` (epoch ms). */
  squeeze(s: Squeeze): void {
    this.squeezes.push(s);
  }

  /** What other consumers spend of the current global window. */
  private external(): number {
    const { startAt, resetAt } = this.global;
    this.squeezes = this.squeezes.filter((s) => s.until > startAt - 1000);
    return this.squeezes.reduce((sum, s) => sum + (s.from < resetAt && s.until > startAt ? s.perWindow : 0), 0);
  }

  /** The spec for message creation in a channel, as configured now. */
  channelMessagesBucket(route: string): BucketSpec {
    return { route, ...this.config.channelMessages };
  }

  /**
   * Counts one request. `global` says whether it falls under the global limit
   * (the interaction endpoints do not); `bucket` and `major` name its bucket, if any.
   */
  take(now: number, opts: { global: boolean; bucket?: BucketSpec; major?: string }): RateDecision {
    if (!this.config.enabled) return { headers: {} };
    if (opts.global) {
      if (now >= this.global.resetAt) this.global = this.openGlobalWindow(now);
      if (this.global.count + this.external() >= this.config.globalPerSecond) {
        const retryAfterMs = this.global.resetAt - now;
        return {
          headers: {
            'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
            'X-RateLimit-Global': 'true',
            'X-RateLimit-Scope': 'global',
          },
          limited: { retryAfterMs, global: true, body: tooMany(retryAfterMs, true) },
        };
      }
    }
    let headers: Record<string, string> = {};
    if (opts.bucket) {
      const spec = opts.bucket;
      const key = `${spec.route}|${opts.major ?? ''}`;
      let w = this.buckets.get(key);
      if (!w || now >= w.resetAt) {
        w = { count: 0, resetAt: now + spec.windowMs };
        this.buckets.set(key, w);
        if (this.buckets.size > 10_000) this.sweep(now);
      }
      const hash = bucketHash(spec.route);
      if (w.count >= spec.limit) {
        const retryAfterMs = w.resetAt - now;
        return {
          headers: {
            ...limitHeaders(spec.limit, 0, w.resetAt, now, hash),
            'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
            'X-RateLimit-Scope': 'user',
          },
          limited: { retryAfterMs, global: false, body: tooMany(retryAfterMs, false) },
        };
      }
      w.count++;
      headers = limitHeaders(spec.limit, spec.limit - w.count, w.resetAt, now, hash);
    }
    if (opts.global) this.global.count++;
    return { headers };
  }

  private openGlobalWindow(now: number): Window & { startAt: number } {
    const phase = this.config.globalWindowPhaseMs;
    if (phase === null) return { count: 0, startAt: now, resetAt: now + 1000 - GLOBAL_SLACK_MS };
    const startAt = Math.floor((now - phase) / 1000) * 1000 + phase;
    return { count: 0, startAt, resetAt: startAt + 1000 };
  }

  private sweep(now: number): void {
    for (const [key, w] of this.buckets) if (now >= w.resetAt) this.buckets.delete(key);
  }
}

function mergeConfig(base: RateLimitConfig, patch: Partial<RateLimitConfig>): RateLimitConfig {
  return {
    enabled: patch.enabled ?? base.enabled,
    globalPerSecond: patch.globalPerSecond ?? base.globalPerSecond,
    channelMessages: { ...base.channelMessages, ...patch.channelMessages },
    globalWindowPhaseMs: patch.globalWindowPhaseMs === undefined ? base.globalWindowPhaseMs : patch.globalWindowPhaseMs,
  };
}

function limitHeaders(
  limit: number,
  remaining: number,
  resetAt: number,
  now: number,
  hash: string,
): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': (resetAt / 1000).toFixed(3),
    'X-RateLimit-Reset-After': (Math.max(0, resetAt - now) / 1000).toFixed(3),
    'X-RateLimit-Bucket': hash,
  };
}

function tooMany(retryAfterMs: number, global: boolean) {
  return { message: 'You are being rate limited.', retry_after: Math.max(0, retryAfterMs) / 1000, global };
}
