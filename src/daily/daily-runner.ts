/**
 * Ticks every minute and posts the channels that are due: each tick moves the due
 * channels from the schedule to a queue, which a few workers consume, one channel at a
 * time each. A channel is never queued or posted twice at once, and stopping waits for
 * the posts under way.
 */
import type { ScheduledTask } from 'node-cron';
import type { Logger } from '../app/logger.ts';
import type { ChannelSchedule } from './channel-schedule.ts';
import { everyMinute } from './cron-task.ts';

/**
 * Channels posted at once. Each takes its claim just before sending, so this also bounds
 * the claims a crash can leave behind, and the database calls members' reads can meet.
 */
export const SEND_CONCURRENCY = 16;
const MINUTE_MS = 60_000;

export class DailyRunner {
  /** Due channels waiting for a worker, first in first out. */
  private queue: string[] = [];
  private queueHead = 0;
  private readonly queued = new Set<string>();
  private readonly running = new Set<string>();
  private workers = 0;
  private stopping = false;
  private readonly inFlight = new Set<Promise<void>>();
  private task: ScheduledTask | undefined;

  constructor(
    private readonly options: {
      schedule: ChannelSchedule;
      /** Posts one due channel (post-once.ts). */
      post: (channelId: string) => Promise<void>;
      logger: Logger;
      now: () => number;
      concurrency: number;
    },
  ) {}

  /** Ticks every minute at second 0 (node-cron), so a post goes out within seconds of its minute. */
  start(): void {
    this.task = everyMinute(() => void this.tick(), this.options.logger);
  }

  /** Stops ticking and taking channels from the queue, and waits for posts already under way. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.task?.stop();
    this.task = undefined;
    await this.settle();
  }

  /**
   * Queues every channel that is due and resolves when the queue is empty. The channels
   * of one tick are taken in an order of this instance's own, so two instances on one
   * store seldom reach for the same channel at once.
   */
  async tick(): Promise<void> {
    // Settings another process changed take effect before anything is taken as due.
    try {
      await this.options.schedule.refresh();
    } catch (error) {
      this.options.logger.warn(
        { err: error },
        'could not read subscription changes; ticking on what this process holds',
      );
    }
    const due = this.options.schedule.takeDue(this.options.now());
    shuffle(due);
    for (const channelId of due) {
      if (this.queued.has(channelId) || this.running.has(channelId)) continue;
      this.queued.add(channelId);
      this.queue.push(channelId);
    }
    this.startWorkers();
    return this.settle();
  }

  /** Waits until the queue is empty and every post started so far has finished. */
  private async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private startWorkers(): void {
    while (!this.stopping && this.workers < this.options.concurrency && this.queueHead < this.queue.length) {
      this.workers++;
      const worker: Promise<void> = this.work().finally(() => {
        this.workers--;
        this.inFlight.delete(worker);
      });
      this.inFlight.add(worker);
    }
  }

  private dequeue(): string | undefined {
    if (this.queueHead >= this.queue.length) return undefined;
    const channelId = this.queue[this.queueHead++]!;
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
    this.queued.delete(channelId);
    return channelId;
  }

  /** One worker: posts queued channels one after another until the queue is empty. */
  private async work(): Promise<void> {
    while (!this.stopping) {
      const channelId = this.dequeue();
      if (channelId === undefined) return;
      this.running.add(channelId);
      try {
        await this.options.post(channelId);
      } catch (error) {
        this.options.logger.error({ err: error, channelId }, 'daily post failed unexpectedly');
      } finally {
        this.running.delete(channelId);
        // Whatever went wrong, a subscribed channel never leaves the schedule.
        if (!this.queued.has(channelId)) this.options.schedule.keepDue(channelId, this.options.now() + MINUTE_MS);
      }
    }
  }
}

/** Shuffles in place (Fisher-Yates). */
function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
