/**
 * What follows a post attempt, by the failure policy (failure-policy.ts), kept on the
 * subscription for status: a posted date moves the channel to its next slot; a refused
 * one waits for the next day, and three in a row switch the channel off; a channel that
 * is gone is removed; anything else is retried with backoff while the catch-up window
 * lasts, then waits for the next slot. Each is counted in the metrics too.
 */
import type { Logger } from '../app/logger.ts';
import { noMetrics, type BotMetrics } from '../health/metrics.ts';
import type { Strings } from '../content/strings.ts';
import type { Subscription } from '../storage/store.ts';
import type { ChannelSchedule } from './channel-schedule.ts';
import type { DailySender } from './discord-sender.ts';
import { slotAfter } from './due-time.ts';
import { afterRefusal, classifyFailure, failureReason, retryDelayMs } from './failure-policy.ts';
import type { Slot } from './time-rules.ts';

export class PostOutcomes {
  /** Per channel, the transient failures in a row of the date it is trying. */
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly options: {
      schedule: ChannelSchedule;
      sender: Pick<DailySender, 'missingPermissions'>;
      /** Words the problems kept for status. */
      strings: Strings;
      now: () => number;
      catchUpMs: number;
      metrics?: Pick<BotMetrics, 'dailyPostSent' | 'dailyPostFailed'>;
    },
  ) {}

  private get metrics(): Pick<BotMetrics, 'dailyPostSent' | 'dailyPostFailed'> {
    return this.options.metrics ?? noMetrics;
  }

  /**
   * The date is posted (`at`): the channel moves to its next slot; `problem` is one the post
   * left (a thread not started, a pin refused); `patch` what else the post changed (the pin).
   */
  async posted(
    sub: Subscription,
    slot: Slot,
    at: number,
    problem: string | null = null,
    patch: Partial<Subscription> = {},
  ): Promise<void> {
    const updated = await this.options.schedule.update(sub, {
      ...patch,
      lastPostedDate: slot.localDate,
      lastPostedAt: at,
      problem: problem ? { message: problem, since: at, failedDates: [] } : null,
    });
    this.options.schedule.setDue(sub.channelId, slotAfter(updated, slot.at).at.getTime());
  }

  /** This instance sent the date's post (due at `slot`): its retries start over. */
  sent(channelId: string, slot: Slot): void {
    this.attempts.delete(channelId);
    this.metrics.dailyPostSent(this.options.now() - slot.at.getTime());
  }

  /**
   * A refused day: shown in status, tried again the next day; after three in a row the channel
   * is switched off, and stays in status (when, why, what to grant) until a moderator acts.
   */
  async refused(
    sub: Subscription,
    slot: Slot,
    message: string,
    log: Logger,
    reason: 'forbidden' | 'missing-permissions' = 'forbidden',
  ): Promise<void> {
    const { schedule, now } = this.options;
    this.metrics.dailyPostFailed(reason);
    const { failedDates, switchOff } = afterRefusal(sub.problem?.failedDates ?? [], slot.localDate);
    if (switchOff) {
      log.warn({ failedDates, reason: message }, 'daily posts switched off after three refused days in a row');
      const missing = this.options.sender.missingPermissions(sub) ?? [];
      schedule.unschedule(sub.channelId);
      await schedule.update(sub, {
        problem: { message, since: sub.problem?.since ?? now(), failedDates },
        switchedOff: { at: now(), reason: message, missing },
      });
      return;
    }
    log.warn({ reason: message, failedDates }, 'daily post refused; will try again tomorrow');
    const updated = await schedule.update(sub, {
      problem: { message, since: sub.problem?.since ?? now(), failedDates },
    });
    schedule.setDue(sub.channelId, slotAfter(updated, slot.at).at.getTime());
  }

  /** The channel is gone (deleted, or the bot cannot see it any more): its subscription is removed. */
  async gone(sub: Subscription, log: Logger): Promise<void> {
    this.metrics.dailyPostFailed('gone');
    log.info('channel is gone; its daily posts are removed');
    await this.options.schedule.remove(sub.channelId);
  }

  /** Any failure of the pipeline, Discord's or the store's: the channel stays on the schedule. */
  async failed(sub: Subscription, slot: Slot, error: unknown, log: Logger): Promise<void> {
    const { schedule, catchUpMs, strings } = this.options;
    const { channelId } = sub;
    const kind = classifyFailure(error);
    if (kind === 'gone') return this.gone(sub, log);
    if (kind === 'forbidden') return this.refused(sub, slot, (error as Error).message, log);
    this.metrics.dailyPostFailed(failureReason(error));
    const attempt = (this.attempts.get(channelId) ?? 0) + 1;
    this.attempts.set(channelId, attempt);
    const now = this.options.now();
    const retryAt = now + retryDelayMs(attempt);
    const reason = error instanceof Error ? error.message : String(error);
    const current = schedule.get(channelId) ?? sub;
    const problem = { since: current.problem?.since ?? now, failedDates: current.problem?.failedDates ?? [] };
    if (retryAt < slot.at.getTime() + catchUpMs) {
      log.warn({ err: error, attempt, retryAt: new Date(retryAt).toISOString() }, 'daily post failed; will retry');
      schedule.setDue(channelId, retryAt);
      await schedule.update(
        sub,
        { problem: { ...problem, message: strings.t('daily.problems.retrying', { reason }) } },
        log,
      );
    } else {
      log.error({ err: error, attempt }, 'daily post failed; the catch-up window has closed');
      this.attempts.delete(channelId);
      schedule.setDue(channelId, slotAfter(sub, new Date(slot.at.getTime() + catchUpMs)).at.getTime());
      await schedule.update(
        sub,
        { problem: { ...problem, message: strings.t('daily.problems.failed', { reason }) } },
        log,
      );
    }
  }
}
