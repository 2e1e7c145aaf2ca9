/**
 * Posts one channel's daily prompt for the date that is due, at most once however many
 * instances, restarts and retries: claim the (channel, date) just before sending, mark
 * the send in the post log, send with the date's nonce, record it. A retry of a date that
 * may have been sent looks in the channel first, and the nonce makes a retried send
 * create at most one message. With `pin`, the recorded post is then pinned and the bot's
 * previous one unpinned; a refused pin is a problem, never a failed post. What follows,
 * good or bad, is post-outcomes.ts's.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../app/logger.ts';
import type { Strings } from '../content/strings.ts';
import { dailyPostMessage, dailyThreadName } from '../replies/daily-post-message.ts';
import { ClaimLostError, type Store, type Subscription } from '../storage/store.ts';
import type { ChannelSchedule } from './channel-schedule.ts';
import type { DailySender } from './discord-sender.ts';
import { nextDueAt, slotToPost } from './due-time.ts';
import type { PostOutcomes } from './post-outcomes.ts';
import type { PromptSource } from './daily-posts.ts';
import { nextPrompt } from './prompt-rotation.ts';
import type { Slot } from './time-rules.ts';

/**
 * A claim older than this, on the database's clock, not recorded as posted, is taken to be
 * abandoned (its owner died). Its owner renews it every third of it while it works, so a
 * slow send never loses it. Short, so that the posts a killed process held go out within
 * seconds of its replacement starting; safe, since a reclaimed post is looked for in the
 * channel before it is sent again.
 */
export const CLAIM_LEASE_MS = 15_000;
const MINUTE_MS = 60_000;
/** Discord's "Maximum number of pins reached". */
const MAX_PINS_CODE = 30003;

export class DailyPoster {
  /** Whose claims are whose in the post log. */
  private readonly instanceId = randomUUID();
  constructor(
    private readonly options: {
      store: Store;
      sender: DailySender;
      schedule: ChannelSchedule;
      outcomes: PostOutcomes;
      /** The prompts a server's channels rotate through (the pack's, its own or both: see src/customize). */
      promptsFor: PromptSource;
      strings: Strings;
      logger: Logger;
      now: () => number;
      catchUpMs: number;
      leaseMs: number;
    },
  ) {}

  /** Posts the channel's due date, if it still has one; any failure leaves it on the schedule. */
  async run(channelId: string): Promise<void> {
    const { schedule, outcomes, catchUpMs } = this.options;
    const sub = schedule.get(channelId);
    if (!sub || sub.switchedOff) return;
    const now = this.options.now();
    const slot = slotToPost(sub, now, catchUpMs);
    if (!slot) {
      schedule.setDue(channelId, nextDueAt(sub, now, catchUpMs));
      return;
    }
    const log = this.options.logger.child({ channelId, guildId: sub.guildId, localDate: slot.localDate });
    try {
      await this.post(sub, slot, log);
    } catch (error) {
      // Another instance took the post over while this one waited; it finishes it.
      if (error instanceof ClaimLostError) schedule.setDue(channelId, this.options.now() + MINUTE_MS);
      else await outcomes.failed(sub, slot, error, log);
    }
  }

  /** claim -> (look, if this date may have been sent) -> send -> record. */
  private async post(sub: Subscription, slot: Slot, log: Logger): Promise<void> {
    const { channelId } = sub;
    const { localDate } = slot;
    const { store, sender, outcomes, leaseMs, strings } = this.options;
    // A role deleted since enable is left out of the post (status shows it), never mentioned as @deleted-role.
    if (sub.roleId && sender.roleExists?.(sub.guildId, sub.roleId) === false) {
      log.warn('the role to mention no longer exists; posting without it');
      sub = { ...sub, roleId: null };
    }

    // Ask Discord for nothing it would refuse: a missing permission counts as a refused day.
    // Pin Messages is not needed to post: a pin refused later is a problem, not a refused day.
    const missing = sender.missingPermissions({ ...sub, pin: false });
    if (missing === null) return outcomes.gone(sub, log);
    if (missing.length)
      return outcomes.refused(
        sub,
        slot,
        strings.t('daily.problems.missingPermissions', { permissions: missing.join(', ') }),
        log,
        'missing-permissions',
      );

    const claim = await store.claimPost(channelId, localDate, this.instanceId, leaseMs);
    if (claim === 'posted') {
      const record = await store.postRecord(channelId, localDate);
      return outcomes.posted(sub, slot, record?.postedAt ?? this.options.now());
    }
    if (claim === 'held') {
      // Another instance is posting it; look again once its lease could have run out.
      this.options.schedule.setDue(channelId, this.options.now() + Math.min(MINUTE_MS, leaseMs / 3));
      return;
    }

    const renew = setInterval(() => {
      store.renewClaim(channelId, localDate, this.instanceId).catch(() => undefined);
    }, leaseMs / 3);
    renew.unref();
    try {
      // A send may have reached Discord before a crash or a lost answer: the nonce covers a
      // retry within Discord's window, and a look at the channel covers a longer outage.
      let messageId: string | null = null;
      if (claim === 'reclaimed') {
        const since = (await store.postRecord(channelId, localDate))?.sendingAt ?? slot.at.getTime();
        messageId = await sender.findPost(sub, localDate, since);
      }
      if (!messageId) {
        const prompts = await this.options.promptsFor(sub.guildId);
        const next = nextPrompt(
          channelId,
          await store.rotation(channelId),
          prompts.map((p) => p.id),
        );
        const prompt = prompts.find((p) => p.id === next.promptId)!;
        const shareButton = Boolean((await store.contributions.settings(sub.guildId))?.reviewChannelId);
        await store.markSending(channelId, localDate, this.instanceId, this.options.now());
        messageId = (
          await sender.send(
            channelId,
            dailyPostMessage(strings, prompt, channelId, localDate, sub.roleId, { shareButton }),
          )
        ).id;
        await store.saveRotation(channelId, next.state);
      }
      await store.recordPost(channelId, localDate, messageId, this.options.now());
      let threadProblem: string | null = null;
      if (sub.thread) {
        await sender.startThread(channelId, messageId, dailyThreadName(strings, localDate)).catch((error: unknown) => {
          threadProblem = strings.t('daily.problems.threadNotStarted', { reason: (error as Error).message });
          log.warn({ err: error }, 'daily post thread not started');
        });
      }
      const pinned = sub.pin ? await this.pin(sub, messageId, log) : { problem: null, patch: {} };
      outcomes.sent(channelId, slot);
      log.info({ messageId }, 'daily post sent');
      const problems = [threadProblem, pinned.problem].filter((p): p is string => p !== null);
      await outcomes.posted(sub, slot, this.options.now(), problems.length ? problems.join('; ') : null, pinned.patch);
    } catch (error) {
      // Any retry claims again, and looks first if the send was attempted.
      if (!(error instanceof ClaimLostError)) {
        await store
          .releaseClaim(channelId, localDate, this.instanceId)
          .catch((e: unknown) => log.warn({ err: e }, 'could not release a claim'));
      }
      throw error;
    } finally {
      clearInterval(renew);
    }
  }

  /**
   * Pins the day's post, then unpins the bot's previous one. The post counts whatever
   * happens here: a refusal is kept as a problem for status. At Discord's limit of pins,
   * the previous post is unpinned first to make room, once.
   */
  private async pin(
    sub: Subscription,
    messageId: string,
    log: Logger,
  ): Promise<{ problem: string | null; patch: Partial<Subscription> }> {
    const { sender, strings } = this.options;
    const previous = sub.pinnedMessageId ?? null;
    const missing = sender.missingPermissions({ ...sub, roleId: null, thread: false, pin: true });
    const notPinned = (reason: string) => ({ problem: strings.t('daily.problems.notPinned', { reason }), patch: {} });
    if (missing?.length)
      return notPinned(strings.t('daily.problems.missingPermissions', { permissions: missing.join(', ') }));
    if (!sender.pin || !sender.unpin) return { problem: null, patch: {} };
    let unpinned = !previous || previous === messageId;
    try {
      try {
        await sender.pin(sub.channelId, messageId);
      } catch (error) {
        if ((error as { code?: unknown }).code !== MAX_PINS_CODE || unpinned) throw error;
        await sender.unpin(sub.channelId, previous!);
        unpinned = true;
        await sender.pin(sub.channelId, messageId);
      }
      if (!unpinned) {
        await sender
          .unpin(sub.channelId, previous!)
          .catch((error: unknown) => log.warn({ err: error }, 'could not unpin the previous daily post'));
      }
      return { problem: null, patch: { pinnedMessageId: messageId } };
    } catch (error) {
      log.warn({ err: error }, 'daily post not pinned');
      const problem = notPinned(error instanceof Error ? error.message : String(error)).problem;
      // Unpinned to make room, then refused: nothing of the bot's is pinned any more.
      return { problem, patch: previous && previous !== messageId && unpinned ? { pinnedMessageId: null } : {} };
    }
  }
}
