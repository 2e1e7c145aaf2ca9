/**
 * When one channel's post is due: the time rules (time-rules.ts) applied to a
 * subscription's settings, its last post, when its settings last changed and its refused
 * days. Pure, so the schedule, the post pipeline and the failure policy agree on it.
 */
import type { Subscription } from '../storage/store.ts';
import { dueSlot, nextSlot, parseTimeOfDay, type Slot, type TimeOfDay } from './time-rules.ts';

/** How long after its time a missed post may still go out, unless configured (CATCH_UP_HOURS). */
export const DEFAULT_CATCH_UP_MS = 6 * 60 * 60 * 1000;

/** What a subscription's due times depend on. */
type Timing = Pick<Subscription, 'time' | 'zone' | 'days' | 'lastPostedDate' | 'updatedAt' | 'problem'>;

/**
 * Due times worked out for one `now`, by setting: channels share a handful of (time,
 * zone) settings, so the zone arithmetic is done once per setting, not once per channel.
 */
export type DueMemo = Map<string, { due: Slot | null; next: number }>;

/** A stored subscription's time of day; a stored time that is not one is a bug, not input. */
function timeOf(sub: Pick<Subscription, 'time'>): TimeOfDay {
  const time = parseTimeOfDay(sub.time);
  if (!time) throw new Error(`stored time "${sub.time}" is not a time of day`);
  return time;
}

/**
 * The slot to post now, or null: nothing is due, the slot came before the settings last
 * changed, or its date was refused (a refused date waits for the next day, even across a
 * restart).
 */
export function slotToPost(sub: Timing, now: number, catchUpMs: number): Slot | null {
  const slot = dueSlot(timeOf(sub), sub.zone, new Date(now), catchUpMs, sub.lastPostedDate, sub.days);
  if (!slot || slot.at.getTime() <= sub.updatedAt || sub.problem?.failedDates.includes(slot.localDate)) return null;
  return slot;
}

/**
 * The next instant the channel needs attention: a due, unposted slot now, or its next
 * slot. `memo` shares the zone arithmetic of one `now` across channels with the same
 * settings (only those whose settings did not change after `now`).
 */
export function nextDueAt(sub: Timing, now: number, catchUpMs: number, memo?: DueMemo): number {
  const time = timeOf(sub);
  const key = `${sub.time}|${sub.zone}|${sub.lastPostedDate ?? ''}|${sub.days?.join(',') ?? ''}`;
  let computed = sub.updatedAt <= now ? memo?.get(key) : undefined;
  if (!computed) {
    computed = {
      due: dueSlot(time, sub.zone, new Date(now), catchUpMs, sub.lastPostedDate, sub.days),
      next: nextSlot(time, sub.zone, new Date(Math.max(now, sub.updatedAt)), sub.days).at.getTime(),
    };
    if (sub.updatedAt <= now) memo?.set(key, computed);
  }
  const { due, next } = computed;
  const refused = due && sub.problem?.failedDates.includes(due.localDate);
  return due && !refused && due.at.getTime() > sub.updatedAt ? due.at.getTime() : next;
}

/** The channel's first slot strictly after `after`: what follows a posted or refused date. */
export function slotAfter(sub: Pick<Subscription, 'time' | 'zone' | 'days'>, after: Date): Slot {
  return nextSlot(timeOf(sub), sub.zone, after, sub.days);
}
