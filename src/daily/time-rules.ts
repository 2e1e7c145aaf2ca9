/**
 * Pure time rules for the daily small-wins posts: when, in a channel's own time zone, the post
 * for each local calendar day is due.
 *
 * One rule drives everything: a channel's slot on a local date is the first instant of that
 * date whose local wall-clock time is at or after the channel's time of day.
 * - Spring forward: a time inside the skipped hour falls to the instant the clock lands on
 *   (New York 2026-03-08 02:30 → 03:00 EDT).
 * - Fall back: a time inside the repeated hour means its first occurrence; the second one is
 *   not another slot (London 2026-10-25 01:30 → 01:30 BST only).
 * - A date that never happens on the local calendar (Pacific/Apia skipped 2011-12-30), or whose
 *   time is pushed into the next date by a gap, has no slot: one post per local date, never two.
 * - A channel's chosen days (post-days.ts): a local date on another weekday has no slot.
 */
import { DateTime, IANAZone } from 'luxon';
import { isEveryDay, isPostDay, type PostDays } from './post-days.ts';

/** A local time of day: `hour` 0–23, `minute` 0–59. */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** When the post for one local date is due. */
export interface Slot {
  /** The date in the channel's time zone, "YYYY-MM-DD". */
  localDate: string;
  /** The instant the post is due. */
  at: Date;
}

/** Longer than any accepted spelling ("12:30 p.m." with spaces around it); bounds the work. */
const MAX_TIME_INPUT_LENGTH = 20;

/**
 * Hours, optional two-digit minutes after ":" or "." (as written in the UK and much of
 * Europe), optional am/pm. Single-digit minutes ("9:5") are refused as more likely a typo.
 */
const CLOCK_TIME = /^(\d{1,2})(?:[:.](\d{2}))?(?:\s*([ap])\.?m\.?)?$/;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Reads a time of day as a moderator might type it: "09:00", "9:00", "21:30", "21.30", "9am",
 * "9 am", "9:30pm", "9.30pm", "12am" (00:00), "12pm" (12:00), "noon", "midnight"; any case,
 * surrounding spaces ignored.
 *
 * Returns null for anything else, including "24:00", "9:60", "13pm", "0am", "9:5", a bare
 * hour without am/pm ("9": too easily meant as something else) and input over 20 characters.
 */
export function parseTimeOfDay(input: string): TimeOfDay | null {
  if (input.length > MAX_TIME_INPUT_LENGTH) return null;
  const text = input.trim().toLowerCase();
  if (text === 'noon') return { hour: 12, minute: 0 };
  if (text === 'midnight') return { hour: 0, minute: 0 };

  const match = CLOCK_TIME.exec(text);
  if (!match) return null;
  const [, hourText, minuteText, meridiem] = match;
  const hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (minute > 59) return null;

  if (meridiem === undefined) {
    if (minuteText === undefined || hour > 23) return null;
    return { hour, minute };
  }
  if (hour < 1 || hour > 12) return null;
  // 12am is midnight and 12pm is noon: the 12 wraps to 0 before the afternoon is added.
  return { hour: (hour % 12) + (meridiem === 'p' ? 12 : 0), minute };
}

/** "HH:MM", 24-hour and zero-padded, e.g. "09:00"; throws a RangeError for an invalid time. */
export function formatTimeOfDay(t: TimeOfDay): string {
  assertTimeOfDay(t);
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

/**
 * The channel's slot on `localDate` ("YYYY-MM-DD", a date in `zone`): the first instant of that
 * date at or after the local `time`. In a spring-forward gap that is the instant the clock jumps
 * to; in a fall-back overlap it is the first occurrence.
 *
 * Throws a RangeError when the date has no such instant (it was skipped on the local calendar,
 * as Pacific/Apia's 2011-12-30 was), and for a malformed date, time or zone.
 *
 * @internal The bot reaches slots through nextSlot and dueSlot; the tests pin here, date by
 * date, the DST rules of findSlot that those two share.
 */
export function slotForDate(localDate: string, time: TimeOfDay, zone: string): Slot {
  const slot = findSlot(localDate, time, ianaZone(zone));
  if (!slot) {
    throw new RangeError(
      `No ${formatTimeOfDay(time)} slot on ${localDate} in ${zone}: that local time never comes that day`,
    );
  }
  return slot;
}

/**
 * The first slot strictly after `after`: where a newly enabled channel starts, and what follows
 * a slot just posted (pass its `at`).
 *
 * Strictly after, so a channel enabled at exactly its time (or later in that minute) starts the
 * next day rather than posting at once: "exactly at" counts as passed. Dates without a slot
 * (see {@link slotForDate}) are skipped, and so are local dates that are not one of `postDays`
 * (default every day).
 */
export function nextSlot(time: TimeOfDay, zone: string, after: Date, postDays?: PostDays): Slot {
  assertTimeOfDay(time);
  assertDate(after, 'after');
  const iana = ianaZone(zone);
  const today = localDateIn(after.getTime(), iana);
  // From the day before: a zone that turns its clock back across midnight can repeat a date.
  // With one chosen day a week, the next can be two weeks away when a date is skipped (Apia).
  const lastDay = isEveryDay(postDays) ? 3 : 15;
  for (let days = -1; days <= lastDay; days++) {
    const slot = findSlot(addDays(today, days), time, iana, postDays);
    if (slot && slot.at.getTime() > after.getTime()) return slot;
  }
  throw new Error(`No ${formatTimeOfDay(time)} slot within days of ${after.toISOString()} in ${zone}`);
}

/**
 * The slot to post now, or null if nothing is due.
 *
 * That is the latest slot with `at <= now`, provided `now < at + catchUpMs` (a post delayed by
 * downtime still goes out within the window; one missed by longer is dropped, not sent late) and
 * its date is after `lastPostedLocalDate` (never a second post for a date already posted, nor a
 * post for an earlier one). An older slot is never returned in place of the latest one.
 *
 * Only local dates that are one of `postDays` have slots: a day that is not chosen is never
 * posted, caught up or not.
 *
 * @param catchUpMs how long after its time a slot may still be posted; 0 means never.
 * @param lastPostedLocalDate the channel's last posted `Slot.localDate`, or null if none yet.
 * @param postDays the ISO weekdays posts go out on; default every day.
 */
export function dueSlot(
  time: TimeOfDay,
  zone: string,
  now: Date,
  catchUpMs: number,
  lastPostedLocalDate: string | null,
  postDays?: PostDays,
): Slot | null {
  assertTimeOfDay(time);
  assertDate(now, 'now');
  if (!(catchUpMs >= 0)) throw new RangeError(`catchUpMs must be 0 or more, not ${catchUpMs}`);
  if (lastPostedLocalDate !== null) parseLocalDate(lastPostedLocalDate);
  const iana = ianaZone(zone);
  const today = localDateIn(now.getTime(), iana);

  let latest: Slot | null = null;
  const firstDay = isEveryDay(postDays) ? -3 : -15;
  for (let days = 0; days >= firstDay && latest === null; days--) {
    const slot = findSlot(addDays(today, days), time, iana, postDays);
    if (slot && slot.at.getTime() <= now.getTime()) latest = slot;
  }
  if (latest === null) return null;
  if (now.getTime() >= latest.at.getTime() + catchUpMs) return null;
  // ISO dates compare correctly as strings.
  if (lastPostedLocalDate !== null && latest.localDate <= lastPostedLocalDate) return null;
  return latest;
}

/** The calendar date of `at` in `zone`, "YYYY-MM-DD". */
export function localDateOf(at: Date, zone: string): string {
  assertDate(at, 'at');
  return localDateIn(at.getTime(), ianaZone(zone));
}

function findSlot(localDate: string, time: TimeOfDay, zone: IANAZone, postDays?: PostDays): Slot | null {
  assertTimeOfDay(time);
  if (!isPostDay(localDate, postDays)) return null;
  const { year, month, day } = parseLocalDate(localDate);
  const wall = DateTime.utc(year, month, day, time.hour, time.minute).toMillis();
  const at = firstInstantAtOrAfter(wall, zone);
  // A gap can carry the time into the next date, or skip the whole date; that date has no slot.
  if (localDateIn(at, zone) !== localDate) return null;
  return { localDate, at: new Date(at) };
}

/**
 * The first instant whose wall-clock time in `zone` is at or after `wall` (a wall-clock time
 * written as if it were UTC milliseconds).
 *
 * luxon resolves local times itself, but it moves a time in a spring-forward gap on by the size
 * of the gap (02:30 → 03:30) and takes the second occurrence in a fall-back overlap, neither of
 * which is the rule here; so we ask luxon only for offsets.
 */
function firstInstantAtOrAfter(wall: number, zone: IANAZone): number {
  const wallAt = (instant: number): number => instant + zone.offset(instant) * MINUTE_MS;
  // Offsets in force a day either side cover any single change near this wall time.
  const offsets = [...new Set([zone.offset(wall - DAY_MS), zone.offset(wall), zone.offset(wall + DAY_MS)])];
  const exact = offsets.map((offset) => wall - offset * MINUTE_MS).filter((instant) => wallAt(instant) === wall);
  if (exact.length > 0) return Math.min(...exact);

  // In a gap: before the change the clock reads earlier than `wall`, after it later. Search
  // between the two readings for the change itself, to the millisecond.
  let before = wall - Math.max(...offsets) * MINUTE_MS;
  let after = wall - Math.min(...offsets) * MINUTE_MS;
  if (!(wallAt(before) < wall && wallAt(after) >= wall)) {
    throw new Error(`Unexpected time zone data for ${zone.name} near ${new Date(wall).toISOString()} (wall time)`);
  }
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (wallAt(middle) >= wall) after = middle;
    else before = middle;
  }
  return after;
}

function localDateIn(instant: number, zone: IANAZone): string {
  const date = DateTime.fromMillis(instant, { zone }).toISODate();
  if (date === null) throw new RangeError(`Instant out of range: ${instant}`);
  return date;
}

function addDays(localDate: string, days: number): string {
  const { year, month, day } = parseLocalDate(localDate);
  const date = DateTime.utc(year, month, day).plus({ days }).toISODate();
  if (date === null) throw new RangeError(`Date out of range: ${localDate} + ${days} days`);
  return date;
}

function parseLocalDate(localDate: string): { year: number; month: number; day: number } {
  const match = LOCAL_DATE.exec(localDate);
  const date = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : null;
  if (!date || !DateTime.utc(date.year, date.month, date.day).isValid) {
    throw new RangeError(`Not a calendar date in the form YYYY-MM-DD: ${JSON.stringify(localDate)}`);
  }
  return date;
}

function ianaZone(zone: string): IANAZone {
  const iana = IANAZone.create(zone);
  if (!iana.isValid) throw new RangeError(`Unknown time zone: ${JSON.stringify(zone)}`);
  return iana;
}

function assertTimeOfDay(t: TimeOfDay): void {
  const ok =
    Number.isInteger(t.hour) &&
    t.hour >= 0 &&
    t.hour <= 23 &&
    Number.isInteger(t.minute) &&
    t.minute >= 0 &&
    t.minute <= 59;
  if (!ok) throw new RangeError(`Not a time of day: ${JSON.stringify(t)}`);
}

function assertDate(value: Date, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new RangeError(`${name} is not a valid Date`);
}
