/**
 * src/daily/: the daily small-wins posts. Each opted-in channel gets one prompt per local
 * date, at its time in its zone, posted at most once.
 *
 * - daily-posts.ts: what /smallwins calls (opt in, opt out, status, preview, test post).
 * - daily-runner.ts: the minute tick (cron-task.ts), the queue of due channels and its workers.
 * - post-once.ts: posting one channel's date once (claim, look before a retry, send, record).
 * - post-outcomes.ts and failure-policy.ts: what follows a post or a failure (backoff,
 *   refused days, switched off).
 * - channel-schedule.ts: the subscriptions in memory and in the store, and when each is
 *   next due (due-index.ts, due-time.ts).
 * - time-rules.ts, post-days.ts, zones.ts, legacy-zones.ts, prompt-rotation.ts: pure rules of when and what.
 * - discord-sender.ts and channel-requirements.ts: the Discord side of sending.
 */
import type { Logger } from '../app/logger.ts';
import type { BotMetrics } from '../health/metrics.ts';
import type { ContentPack } from '../content/content-pack.ts';
import type { Store } from '../storage/store.ts';
import { ChannelSchedule } from './channel-schedule.ts';
import { DailyPosts, packPrompts, type PromptSource } from './daily-posts.ts';
import { DailyRunner, SEND_CONCURRENCY } from './daily-runner.ts';
import type { DailySender } from './discord-sender.ts';
import { DEFAULT_CATCH_UP_MS } from './due-time.ts';
import { CLAIM_LEASE_MS, DailyPoster } from './post-once.ts';
import { PostOutcomes } from './post-outcomes.ts';

/** The daily posts, running: what commands call, and what ticks. */
export interface Daily {
  posts: DailyPosts;
  runner: DailyRunner;
}

/**
 * Builds the daily posts on a store and a Discord sender, and schedules every channel the
 * store has. Ticking starts with `runner.start()` (or by hand, with `runner.tick()`).
 */
export async function loadDaily(options: {
  store: Store;
  content: Pick<ContentPack, 'prompts' | 'strings'>;
  sender: DailySender;
  logger: Logger;
  /** The clock; tests and the playground move it by hand. */
  now?: () => number;
  catchUpMs?: number;
  /** Default CLAIM_LEASE_MS. */
  leaseMs?: number;
  /** Default SEND_CONCURRENCY. */
  concurrency?: number;
  /**
   * Whether this process schedules a server's posts (its shards' servers); default every
   * server. Locality only: the post log's claim keeps each post to one whoever schedules it.
   */
  owns?: (guildId: string) => boolean;
  /** How seldom (real ms) a tick reads other processes' subscription changes; default CHANGE_READ_MIN_INTERVAL_MS. */
  changeReadIntervalMs?: number;
  /** Where posts sent and failed are counted; default none. */
  metrics?: BotMetrics;
  /** The prompts of a server's channels; default the pack's for every server. */
  promptsFor?: PromptSource;
}): Promise<Daily> {
  const { store, sender, logger } = options;
  const now = options.now ?? Date.now;
  const catchUpMs = options.catchUpMs ?? DEFAULT_CATCH_UP_MS;
  const { strings } = options.content;
  const promptsFor = options.promptsFor ?? packPrompts(options.content.prompts);
  const schedule = new ChannelSchedule({
    store,
    now,
    catchUpMs,
    owns: options.owns ?? (() => true),
    ...(options.changeReadIntervalMs !== undefined ? { changeReadIntervalMs: options.changeReadIntervalMs } : {}),
  });
  const outcomes = new PostOutcomes({
    schedule,
    sender,
    strings,
    now,
    catchUpMs,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const poster = new DailyPoster({
    store,
    sender,
    schedule,
    outcomes,
    promptsFor,
    strings,
    logger,
    now,
    catchUpMs,
    leaseMs: options.leaseMs ?? CLAIM_LEASE_MS,
  });
  const runner = new DailyRunner({
    schedule,
    post: (channelId) => poster.run(channelId),
    logger,
    now,
    concurrency: options.concurrency ?? SEND_CONCURRENCY,
  });
  const posts = new DailyPosts({ schedule, store, sender, promptsFor, strings, now });
  logger.info({ channels: await schedule.load() }, 'daily posts scheduled');
  return { posts, runner };
}
