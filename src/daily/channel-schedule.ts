/**
 * The opted-in channels and when each is next due: the subscriptions as status shows
 * them, kept in memory and in step with the store, and the due index a tick reads. Every
 * change to a subscription goes through here, so memory, store and index agree.
 */
import type { Logger } from '../app/logger.ts';
import type { Store, Subscription } from '../storage/store.ts';
import { DueIndex } from './due-index.ts';
import { nextDueAt, type DueMemo } from './due-time.ts';

export class ChannelSchedule {
  private readonly subs = new Map<string, Subscription>();
  private readonly index = new DueIndex();

  constructor(private readonly options: { store: Store; now: () => number; catchUpMs: number }) {}

  /** Reads every subscription from the store and schedules each; resolves to how many there are. */
  async load(): Promise<number> {
    const memo: DueMemo = new Map();
    const now = this.options.now();
    for (const sub of await this.options.store.subscriptions()) {
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
    return sub && !sub.switchedOff ? (this.index.dueAt(channelId) ?? nextDueAt(sub, this.options.now(), this.options.catchUpMs)) : undefined;
  }

  /** Saves a subscription, new or with new settings, and schedules its next post. */
  async save(sub: Subscription): Promise<void> {
    await this.options.store.saveSubscription(sub);
    this.subs.set(sub.channelId, sub);
    this.index.set(sub.channelId, nextDueAt(sub, this.options.now(), this.options.catchUpMs));
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
