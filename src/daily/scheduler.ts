import { randomUUID } from 'node:crypto';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { ScheduledTask } from 'node-cron';
import { DEFAULT_CATCH_UP_MS } from '../app/config.ts';
import { everyMinute } from './cron-task.ts';
import type { ContentPack, Prompt } from '../content/content-pack.ts';
import { FOREIGN_CHANNEL_MESSAGE, UserError } from '../discord/errors.ts';
import type { Logger } from '../app/logger.ts';
import { dailyPostMessage, dailyThreadName } from '../replies/daily-post.ts';
import { DueIndex } from './due-index.ts';
import { nextPrompt } from './prompt-rotation.ts';
import { dueSlot, localDateOf, nextSlot, parseTimeOfDay, type Slot, type TimeOfDay } from './time-rules.ts';
import { ClaimLostError, type Store, type Subscription } from '../storage/store.ts';

/** What the scheduler needs from Discord; src/daily/discord-sender.ts implements it on discord.js. */
export interface DailySender {
  /** Permissions the bot lacks in the channel, from the gateway cache; null when the channel is gone. */
  missingPermissions(sub: Pick<Subscription, 'guildId' | 'channelId' | 'roleId' | 'thread'>): string[] | null;
  /** Sends a message; `forMember` when a member waits for it (post-now), so it goes ahead of the daily posts. */
  send(channelId: string, body: RESTPostAPIChannelMessageJSONBody, options?: { forMember?: boolean }): Promise<{ id: string }>;
  startThread(channelId: string, messageId: string, name: string): Promise<void>;
  /** The id of a post the bot already made in the channel for that date since `since`, if any. */
  findPost(channelId: string, localDate: string, since: number): Promise<string | null>;
  /** False only when the server is known and the role is not in it (deleted since enable). */
  roleExists?(guildId: string, roleId: string): boolean;
}

/** How a failed send is handled. */
export type FailureKind = 'forbidden' | 'gone' | 'transient';

/** Sorts a send failure: 403s wait for the next day, 404s end the subscription, the rest are retried. */
export function classifyFailure(error: unknown): FailureKind {
  const e = error as { status?: number; code?: number | string; name?: string };
  if (e.status === 403 || e.code === 50001 || e.code === 50013) return 'forbidden';
  if (e.status === 404 || e.code === 10003) return 'gone';
  return 'transient';
}

/**
 * A claim older than this, on the database's clock, not recorded as posted, is taken to be
 * abandoned (its owner died). Its owner renews it while it works, so a slow send never loses it.
 */
export const CLAIM_LEASE_MS = 60_000;
/** Consecutive days of refused posts after which a channel is opted out. */
export const MAX_FAILED_DAYS = 3;
/**
 * Channels posted at once. Each takes its claim just before sending, so this also bounds
 * the claims a crash can leave behind, and the database calls members' reads can meet.
 */
export const SEND_CONCURRENCY = 16;
const MINUTE_MS = 60_000;

export interface SchedulerOptions {
  store: Store;
  content: ContentPack;
  sender: DailySender;
  logger: Logger;
  now?: () => number;
  catchUpMs?: number;
  /** Default CLAIM_LEASE_MS. */
  leaseMs?: number;
  /** Default SEND_CONCURRENCY. */
  concurrency?: number;
}

/**
 * Posts each opted-in channel's daily prompt once per local date. The schedule lives in
 * an in-memory index of due times, built from the store at start-up and updated on every
 * change. Due channels join a queue that a few workers consume: each claims a channel's
 * post just before sending it, marks the send in the store's post log, sends, and
 * records it. So each (channel, date) is posted at most once, a retry of a date that may
 * have been sent looks in the channel first, and the message nonce makes a retried send
 * create at most one message. Any failure puts the channel back on the schedule.
 */
export class Scheduler {
  readonly instanceId = randomUUID();
  private readonly subs = new Map<string, Subscription>();
  private readonly index = new DueIndex();
  /** Due channels waiting for a worker, first in first out. */
  private queue: string[] = [];
  private queueHead = 0;
  private readonly queued = new Set<string>();
  private readonly running = new Set<string>();
  private workers = 0;
  private stopping = false;
  private readonly attempts = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly promptsById: Map<string, Prompt>;
  /** Per channel, the prompts its test posts used since the pool last ran out. */
  private readonly testPrompts = new Map<string, string[]>();
  private task: ScheduledTask | undefined;
  private readonly now: () => number;
  readonly catchUpMs: number;
  private readonly leaseMs: number;
  private readonly concurrency: number;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
    this.catchUpMs = options.catchUpMs ?? DEFAULT_CATCH_UP_MS;
    this.leaseMs = options.leaseMs ?? CLAIM_LEASE_MS;
    this.concurrency = options.concurrency ?? SEND_CONCURRENCY;
    this.promptsById = new Map(options.content.prompts.map((p) => [p.id, p]));
  }

  /** Builds the index from the store. */
  async load(): Promise<void> {
    // Channels share a handful of (time, zone) settings, so the zone arithmetic is done
    // once per distinct setting rather than once per channel.
    const slots = new Map<string, { due: Slot | null; next: number }>();
    const now = this.now();
    for (const sub of await this.options.store.subscriptions()) {
      this.subs.set(sub.channelId, sub);
      if (!sub.switchedOff) this.index.set(sub.channelId, this.nextDue(sub, now, slots));
    }
    this.options.logger.info({ channels: this.subs.size }, 'daily posts scheduled');
  }

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

  /** Waits until the queue is empty and every post started so far has finished. */
  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Queues every channel that is due and resolves when the queue is empty. The channels
   * of one tick are taken in an order of this instance's own, so two instances on one
   * store seldom reach for the same channel at once.
   */
  tick(): Promise<void> {
    const due = this.index.takeDue(this.now());
    shuffle(due);
    for (const channelId of due) {
      if (this.queued.has(channelId) || this.running.has(channelId)) continue;
      this.queued.add(channelId);
      this.queue.push(channelId);
    }
    this.startWorkers();
    return this.settle();
  }

  private startWorkers(): void {
    while (!this.stopping && this.workers < this.concurrency && this.queueHead < this.queue.length) {
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
        await this.runChannel(channelId);
      } catch (error) {
        this.options.logger.error({ err: error, channelId }, 'daily post failed unexpectedly');
      } finally {
        this.running.delete(channelId);
        // Whatever went wrong, a subscribed channel never leaves the schedule.
        const sub = this.subs.get(channelId);
        if (sub && !sub.switchedOff && this.index.dueAt(channelId) === undefined && !this.queued.has(channelId)) {
          this.index.set(channelId, this.now() + MINUTE_MS);
        }
      }
    }
  }

  /** The subscriptions of one server, for /smallwins status. */
  subscriptionsOf(guildId: string): Subscription[] {
    return [...this.subs.values()].filter((s) => s.guildId === guildId);
  }

  subscription(channelId: string): Subscription | undefined {
    return this.subs.get(channelId);
  }

  /** When the channel's next post is due, or its next try after a failure (epoch ms). */
  nextPostAt(channelId: string): number | undefined {
    const sub = this.subs.get(channelId);
    return sub && !sub.switchedOff ? (this.index.dueAt(channelId) ?? this.nextDue(sub, this.now())) : undefined;
  }

  /** Opts a channel in, or changes its settings; the first post is the next occurrence of its time. */
  async enable(input: Pick<Subscription, 'guildId' | 'channelId' | 'time' | 'zone' | 'roleId' | 'thread'>): Promise<Subscription> {
    const existing = this.subs.get(input.channelId);
    // A channel belongs to one server: another server's settings are never taken over.
    if (existing && existing.guildId !== input.guildId) throw new UserError(FOREIGN_CHANNEL_MESSAGE, 'foreign-channel');
    const sub: Subscription = {
      lastPostedDate: null,
      lastPostedAt: null,
      ...existing,
      ...input,
      // The settings were just checked against the channel's permissions.
      problem: null,
      switchedOff: null,
      updatedAt: this.now(),
    };
    await this.options.store.saveSubscription(sub);
    this.track(sub);
    return sub;
  }

  /** Opts a server's channel out; another server's subscription of that channel id is left alone. */
  async disable(channelId: string, guildId = this.subs.get(channelId)?.guildId): Promise<boolean> {
    if (guildId === undefined) return false;
    const mine = this.subs.get(channelId)?.guildId === guildId;
    const known = mine || (await this.options.store.subscription(guildId, channelId)) !== undefined;
    await this.options.store.deleteSubscription(guildId, channelId);
    if (mine) {
      this.subs.delete(channelId);
      this.index.delete(channelId);
    }
    return known;
  }

  /** Removes every subscription of a server the bot has left. */
  async removeGuild(guildId: string): Promise<void> {
    for (const sub of this.subscriptionsOf(guildId)) await this.disable(sub.channelId);
  }

  /** The prompt the channel's next post will carry, without using it up. */
  async previewPrompt(channelId: string): Promise<Prompt> {
    const state = await this.options.store.rotation(channelId);
    return this.promptsById.get(nextPrompt(channelId, state, [...this.promptsById.keys()]).promptId)!;
  }

  /**
   * A test post now: no nonce, no role mention, no effect on the schedule or the daily
   * rotation. Test posts in a channel show a different prompt each until the pool is
   * used up. The prompt is chosen before sending, so a second post-now meanwhile gets
   * another; the send goes ahead of the daily posts, since a moderator is waiting.
   */
  async testPost(channelId: string, random: () => number = Math.random): Promise<void> {
    const sub = this.subs.get(channelId);
    if (!sub) throw new Error(`channel ${channelId} is not opted in`);
    const ids = [...this.promptsById.keys()];
    const used = this.testPrompts.get(channelId) ?? [];
    const fresh = ids.filter((id) => !used.includes(id));
    const pool = fresh.length ? fresh : ids;
    const promptId = pool[Math.floor(random() * pool.length)]!;
    this.testPrompts.set(channelId, fresh.length ? [...used, promptId] : [promptId]);
    const localDate = localDateOf(new Date(this.now()), sub.zone);
    const body = dailyPostMessage(this.promptsById.get(promptId)!, channelId, localDate, null, { test: true });
    await this.options.sender.send(channelId, body, { forMember: true });
  }

  /** Today's date in the channel's zone. */
  localDate(channelId: string): string | undefined {
    const sub = this.subs.get(channelId);
    return sub && localDateOf(new Date(this.now()), sub.zone);
  }

  private track(sub: Subscription): void {
    this.subs.set(sub.channelId, sub);
    this.index.set(sub.channelId, this.nextDue(sub, this.now()));
  }

  /**
   * The next instant the channel needs attention: a due, unposted slot now, or its next
   * slot. `slots` memoises the zone arithmetic for one `now` across channels that share
   * settings (only those whose settings did not change after `now`).
   */
  private nextDue(sub: Subscription, now: number, slots?: Map<string, { due: Slot | null; next: number }>): number {
    const time = timeOf(sub);
    const key = `${sub.time}|${sub.zone}|${sub.lastPostedDate ?? ''}`;
    let computed = sub.updatedAt <= now ? slots?.get(key) : undefined;
    if (!computed) {
      computed = {
        due: dueSlot(time, sub.zone, new Date(now), this.catchUpMs, sub.lastPostedDate),
        next: nextSlot(time, sub.zone, new Date(Math.max(now, sub.updatedAt))).at.getTime(),
      };
      if (sub.updatedAt <= now) slots?.set(key, computed);
    }
    const { due, next } = computed;
    const refused = due && sub.problem?.failedDates.includes(due.localDate);
    return due && !refused && due.at.getTime() > sub.updatedAt ? due.at.getTime() : next;
  }

  private schedule(channelId: string, at: number): void {
    const sub = this.subs.get(channelId);
    if (sub && !sub.switchedOff) this.index.set(channelId, at);
  }

  private async runChannel(channelId: string): Promise<void> {
    const sub = this.subs.get(channelId);
    if (!sub || sub.switchedOff) return;
    const now = this.now();
    const slot = dueSlot(timeOf(sub), sub.zone, new Date(now), this.catchUpMs, sub.lastPostedDate);
    // A refused date waits for the next day, even across a restart.
    if (!slot || slot.at.getTime() <= sub.updatedAt || sub.problem?.failedDates.includes(slot.localDate)) {
      this.schedule(channelId, this.nextDue(sub, now));
      return;
    }
    const log = this.options.logger.child({ channelId, guildId: sub.guildId, localDate: slot.localDate });
    try {
      await this.post(sub, slot, log);
    } catch (error) {
      await this.failed(sub, slot, error, log);
    }
  }

  /** claim -> (look, if this date may have been sent) -> send -> record. */
  private async post(sub: Subscription, slot: Slot, log: Logger): Promise<void> {
    const { channelId } = sub;
    const { localDate } = slot;
    const { store, sender } = this.options;
    // A role deleted since enable is left out of the post (status shows it), never mentioned as @deleted-role.
    if (sub.roleId && sender.roleExists?.(sub.guildId, sub.roleId) === false) {
      log.warn('the role to mention no longer exists; posting without it');
      sub = { ...sub, roleId: null };
    }

    // Ask Discord for nothing it would refuse: a missing permission counts as a refused day.
    const missing = sender.missingPermissions(sub);
    if (missing === null) return this.removeGone(sub, log);
    if (missing.length) return this.refused(sub, slot, `missing permission: ${missing.join(', ')}`, log);

    const claim = await store.claimPost(channelId, localDate, this.instanceId, this.leaseMs);
    if (claim === 'posted') {
      const record = await store.postRecord(channelId, localDate);
      return this.posted(sub, slot, record?.postedAt ?? this.now());
    }
    if (claim === 'held') {
      // Another instance is posting it; look again in a minute.
      this.schedule(channelId, this.now() + MINUTE_MS);
      return;
    }

    const renew = setInterval(() => {
      store.renewClaim(channelId, localDate, this.instanceId).catch(() => undefined);
    }, this.leaseMs / 3);
    renew.unref();
    try {
      // A send may have reached Discord before a crash or a lost answer: the nonce covers a
      // retry within Discord's window, and a look at the channel covers a longer outage.
      let messageId: string | null = null;
      if (claim === 'reclaimed') {
        const since = (await store.postRecord(channelId, localDate))?.sendingAt ?? slot.at.getTime();
        messageId = await sender.findPost(channelId, localDate, since);
      }
      if (!messageId) {
        const next = nextPrompt(channelId, await store.rotation(channelId), [...this.promptsById.keys()]);
        const prompt = this.promptsById.get(next.promptId)!;
        await store.markSending(channelId, localDate, this.instanceId, this.now());
        messageId = (await sender.send(channelId, dailyPostMessage(prompt, channelId, localDate, sub.roleId))).id;
        await store.saveRotation(channelId, next.state);
      }
      await store.recordPost(channelId, localDate, messageId, this.now());
      let threadProblem: string | null = null;
      if (sub.thread) {
        await sender.startThread(channelId, messageId, dailyThreadName(localDate)).catch((error: unknown) => {
          threadProblem = `could not start the thread: ${(error as Error).message}`;
          log.warn({ err: error }, 'daily post thread not started');
        });
      }
      this.attempts.delete(channelId);
      log.info({ messageId }, 'daily post sent');
      await this.posted(sub, slot, this.now(), threadProblem);
    } catch (error) {
      // Any retry claims again, and looks first if the send was attempted.
      if (!(error instanceof ClaimLostError)) {
        await store.releaseClaim(channelId, localDate, this.instanceId).catch((e: unknown) => log.warn({ err: e }, 'could not release a claim'));
      }
      throw error;
    } finally {
      clearInterval(renew);
    }
  }

  /** Any failure of the pipeline, Discord's or the store's: the channel stays on the schedule. */
  private async failed(sub: Subscription, slot: Slot, error: unknown, log: Logger): Promise<void> {
    const { channelId } = sub;
    if (error instanceof ClaimLostError) {
      // Another instance took the post over while this one waited; it finishes it.
      this.schedule(channelId, this.now() + MINUTE_MS);
      return;
    }
    const kind = classifyFailure(error);
    if (kind === 'gone') return this.removeGone(sub, log);
    if (kind === 'forbidden') return this.refused(sub, slot, (error as Error).message, log);
    const attempt = (this.attempts.get(channelId) ?? 0) + 1;
    this.attempts.set(channelId, attempt);
    const now = this.now();
    const retryAt = now + Math.min(30 * MINUTE_MS, MINUTE_MS * 2 ** (attempt - 1));
    const reason = error instanceof Error ? error.message : String(error);
    const current = this.subs.get(channelId) ?? sub;
    const problem = { since: current.problem?.since ?? now, failedDates: current.problem?.failedDates ?? [] };
    if (retryAt < slot.at.getTime() + this.catchUpMs) {
      log.warn({ err: error, attempt, retryAt: new Date(retryAt).toISOString() }, 'daily post failed; will retry');
      this.schedule(channelId, retryAt);
      await this.update(sub, { problem: { ...problem, message: `could not post yet (${reason}); trying again` } }, log);
    } else {
      log.error({ err: error, attempt }, 'daily post failed; the catch-up window has closed');
      this.attempts.delete(channelId);
      this.schedule(channelId, nextSlot(timeOf(sub), sub.zone, new Date(slot.at.getTime() + this.catchUpMs)).at.getTime());
      await this.update(sub, { problem: { ...problem, message: `could not post (${reason})` } }, log);
    }
  }

  private async posted(sub: Subscription, slot: Slot, at: number, problem: string | null = null): Promise<void> {
    const updated = await this.update(sub, {
      lastPostedDate: slot.localDate,
      lastPostedAt: at,
      problem: problem ? { message: problem, since: at, failedDates: [] } : null,
    });
    this.schedule(sub.channelId, nextSlot(timeOf(updated), updated.zone, slot.at).at.getTime());
  }

  /**
   * A refused day: shown in status, tried again the next day; after three in a row the channel
   * is switched off, and stays in status (when, why, what to grant) until a moderator acts.
   */
  private async refused(sub: Subscription, slot: Slot, message: string, log: Logger): Promise<void> {
    const failedDates = [...new Set([...(sub.problem?.failedDates ?? []), slot.localDate])];
    if (failedDates.length >= MAX_FAILED_DAYS) {
      log.warn({ failedDates, reason: message }, 'daily posts switched off after three refused days in a row');
      const missing = this.options.sender.missingPermissions(sub) ?? [];
      this.index.delete(sub.channelId);
      await this.update(sub, {
        problem: { message, since: sub.problem?.since ?? this.now(), failedDates },
        switchedOff: { at: this.now(), reason: message, missing },
      });
      return;
    }
    log.warn({ reason: message, failedDates }, 'daily post refused; will try again tomorrow');
    const updated = await this.update(sub, { problem: { message, since: sub.problem?.since ?? this.now(), failedDates } });
    this.schedule(sub.channelId, nextSlot(timeOf(updated), updated.zone, slot.at).at.getTime());
  }

  private async removeGone(sub: Subscription, log: Logger): Promise<void> {
    log.info('channel is gone; its daily posts are removed');
    await this.disable(sub.channelId);
  }

  /**
   * Changes a subscription in memory (what status shows) and in the store. With `log`,
   * a failed write is logged rather than thrown: it is reporting a failure already.
   */
  private async update(sub: Subscription, patch: Partial<Subscription>, log?: Logger): Promise<Subscription> {
    const current = this.subs.get(sub.channelId);
    if (!current) return { ...sub, ...patch };
    const updated = { ...current, ...patch };
    this.subs.set(sub.channelId, updated);
    const saved = this.options.store.saveSubscription(updated);
    await (log ? saved.catch((err: unknown) => log.warn({ err }, 'could not save the channel’s problem')) : saved);
    return updated;
  }
}

/** Shuffles in place (Fisher-Yates). */
function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

function timeOf(sub: Pick<Subscription, 'time'>): TimeOfDay {
  const time = parseTimeOfDay(sub.time);
  if (!time) throw new Error(`stored time "${sub.time}" is not a time of day`);
  return time;
}

