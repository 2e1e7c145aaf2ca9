/**
 * The opted-in channels and when each is next due: the subscriptions as status shows
 * them, kept in memory and in step with the store, and the due index a tick reads. Every
 * change to a subscription goes through here, so memory, store and index agree.
 *
 * With several processes, each holds the servers it owns (those on its gateway shards):
 * a settings change is noted in the store's change feed, and `refresh` (each tick) reads
 * the feed and then again every subscription another process changed, so a change made
 * elsewhere (during a rolling deploy's overlap, or a reshard) takes effect here before the
 * next post.
 */
import type { Logger } from '../app/logger.ts';
import type { Store, Subscription, SubscriptionChange } from '../storage/store.ts';
import { DueIndex } from './due-index.ts';
import { nextDueAt, type DueMemo } from './due-time.ts';

/**
 * The change feed is read at each tick, but at most once in this much real time: node-cron
 * ticks once a minute, so this only spares the database when a test or the playground
 * ticks through days of minutes in a few seconds.
 */
export const CHANGE_READ_MIN_INTERVAL_MS = 1_000;

export class ChannelSchedule {
  private readonly subs = new Map<string, Subscription>();
  private readonly index = new DueIndex();
  /** Subscriptions another process changed, by channel and server, waiting for the next refresh. */
  private readonly changed = new Map<string, SubscriptionChange>();
  private listening = false;
  /** performance.now() of the last read of the change feed. */
  private lastRefresh = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly options: {
      store: Store;
      now: () => number;
      catchUpMs: number;
      /** Whether this process schedules a server (it is on one of its shards); default every server. */
      owns?: (guildId: string) => boolean;
      /** Default CHANGE_READ_MIN_INTERVAL_MS. */
      changeReadIntervalMs?: number;
    },
  ) {}

  private owns(guildId: string): boolean {
    return this.options.owns?.(guildId) ?? true;
  }

  /** Reads every subscription of the servers this process owns and schedules each; resolves to how many there are. */
  async load(): Promise<number> {
    const memo: DueMemo = new Map();
    const now = this.options.now();
    // Listening before the subscriptions are read: a change made while they load is read again at the first refresh.
    if (!this.listening) {
      this.options.store.onSubscriptionChange((change) =>
        this.changed.set(`${change.guildId}/${change.channelId}`, change),
      );
      this.listening = true;
    }
    for (const sub of await this.options.store.subscriptions()) {
      if (!this.owns(sub.guildId)) continue;
      this.subs.set(sub.channelId, sub);
      if (!sub.switchedOff) this.index.set(sub.channelId, nextDueAt(sub, now, this.options.catchUpMs, memo));
    }
    return this.subs.size;
  }

  get(channelId: string): Subscription | undefined {
    return this.subs.get(channelId);
  }

  /** The subscriptions of one server. */
  ofGuild(guildId: string): Subscription[] {
    return [...this.subs.values()].filter((s) => s.guildId === guildId);
  }

  /** When the channel's next post is due, or its next try after a failure (epoch ms); undefined when it is off. */
  nextPostAt(channelId: string): number | undefined {
    const sub = this.subs.get(channelId);
    return sub && !sub.switchedOff
      ? (this.index.dueAt(channelId) ?? nextDueAt(sub, this.options.now(), this.options.catchUpMs))
      : undefined;
  }

  /** Saves a subscription, new or with new settings, and schedules its next post. */
  async save(sub: Subscription): Promise<void> {
    await this.options.store.saveSubscription(sub);
    await this.options.store.noteSubscriptionChange(sub.guildId, sub.channelId);
    this.hold(sub);
  }

  /** Holds a subscription read or written, and schedules it if this process owns its server. */
  private hold(sub: Subscription): void {
    this.subs.set(sub.channelId, sub);
    if (sub.switchedOff || !this.owns(sub.guildId)) this.index.delete(sub.channelId);
    else this.index.set(sub.channelId, nextDueAt(sub, this.options.now(), this.options.catchUpMs));
  }

  /**
   * Reads again every subscription whose settings another process changed since the last
   * read, for the servers this process owns or holds: a new or changed one is (re)scheduled
   * from its new settings, a removed one leaves the schedule. Resolves to how many changed here.
   */
  async refresh(): Promise<number> {
    const { store } = this.options;
    if (performance.now() - this.lastRefresh < (this.options.changeReadIntervalMs ?? CHANGE_READ_MIN_INTERVAL_MS))
      return 0;
    this.lastRefresh = performance.now();
    await store.pollChanges();
    let changed = 0;
    for (const [key, change] of [...this.changed]) {
      // Let go before the read, so a change noted again meanwhile waits for the next refresh;
      // one whose read failed is read again then too.
      this.changed.delete(key);
      try {
        if (await this.reread(change.guildId, change.channelId)) changed++;
      } catch (error) {
        if (!this.changed.has(key)) this.changed.set(key, change);
        throw error;
      }
    }
    return changed;
  }

  /** Reads again a subscription another process changed; resolves to whether anything changed here. */
  private async reread(guildId: string, channelId: string): Promise<boolean> {
    const held = this.subs.get(channelId);
    if (!this.owns(guildId) && held?.guildId !== guildId) return false;
    const stored = await this.options.store.subscription(guildId, channelId);
    if (!stored) {
      if (held?.guildId !== guildId) return false;
      this.subs.delete(channelId);
      this.index.delete(channelId);
    } else {
      // Settings changes set updatedAt; the posts' own records (last post, problems) are this process's.
      if (held && held.guildId === guildId && held.updatedAt === stored.updatedAt) return false;
      this.hold(stored);
    }
    return true;
  }

  /**
   * Removes a server's subscription of a channel; another server's subscription of that
   * channel id is left alone. Resolves to whether there was one.
   */
  async remove(channelId: string, guildId = this.subs.get(channelId)?.guildId): Promise<boolean> {
    if (guildId === undefined) return false;
    const { store } = this.options;
    const mine = this.subs.get(channelId)?.guildId === guildId;
    const known = mine || (await store.subscription(guildId, channelId)) !== undefined;
    await store.deleteSubscription(guildId, channelId);
    if (known) await store.noteSubscriptionChange(guildId, channelId);
    if (mine) {
      this.subs.delete(channelId);
      this.index.delete(channelId);
    }
    return known;
  }

  /**
   * Changes a subscription in memory (what status shows) and in the store. With `log`,
   * a failed write is logged rather than thrown: it is reporting a failure already.
   */
  async update(sub: Subscription, patch: Partial<Subscription>, log?: Logger): Promise<Subscription> {
    const current = this.subs.get(sub.channelId);
    if (!current) return { ...sub, ...patch };
    const updated = { ...current, ...patch };
    this.subs.set(sub.channelId, updated);
    const saved = this.options.store.saveSubscription(updated);
    await (log ? saved.catch((err: unknown) => log.warn({ err }, 'could not save the channel’s problem')) : saved);
    return updated;
  }

  /** Sets when a subscribed channel that is not switched off needs attention next. */
  setDue(channelId: string, at: number): void {
    const sub = this.subs.get(channelId);
    if (sub && !sub.switchedOff) this.index.set(channelId, at);
  }

  /** As {@link setDue}, unless the channel is already due at some time: whatever went wrong, it never leaves the schedule. */
  keepDue(channelId: string, at: number): void {
    if (this.index.dueAt(channelId) === undefined) this.setDue(channelId, at);
  }

  /** Takes the channel off the index (it is switched off); its subscription stays, for status. */
  unschedule(channelId: string): void {
    this.index.delete(channelId);
  }

  /** Removes and returns every channel due at or before `now`. */
  takeDue(now: number): string[] {
    return this.index.takeDue(now);
  }
}
