/**
 * Pure rules of which local days a channel's daily post goes out on: reading what a
 * moderator typed (`every day`, `weekdays`, `weekends`, `mon, wed, fri`), suggesting what
 * to type, and whether a local date is one of the chosen days.
 *
 * Days are ISO weekdays, 1 (Monday) to 7 (Sunday), of the channel's local calendar date;
 * a subscription stores them sorted, or nothing for every day (records older than the
 * option read as every day).
 */
import { DateTime } from 'luxon';

/** ISO weekdays, 1 (Monday) to 7 (Sunday), sorted and without repeats. */
export type PostDays = readonly number[];

/** Every day of the week. */
export const EVERY_DAY: PostDays = [1, 2, 3, 4, 5, 6, 7];
const WEEKDAYS: PostDays = [1, 2, 3, 4, 5];
const WEEKENDS: PostDays = [6, 7];

/** The presets, as typed and as offered first by autocomplete. */
const PRESETS: ReadonlyArray<readonly [string, PostDays]> = [
  ['every day', EVERY_DAY],
  ['weekdays', WEEKDAYS],
  ['weekends', WEEKENDS],
];

/** Short names, in ISO order; each day is also read by any longer prefix of its full name. */
const SHORT_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const FULL_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** Longer than any sensible list ("monday, tuesday, …, sunday" is 62); bounds the work. */
export const MAX_DAYS_INPUT_LENGTH = 100;

/**
 * Reads the days a moderator typed, in any case with any spaces: a preset (`every day`,
 * `everyday`, `daily`, `weekdays`, `weekends`), or day names separated by commas, each
 * its full name or at least its first three letters (`mon, wed, fri`, `Monday,Thursday`,
 * `tues`). Empty means every day.
 *
 * Returns null for anything else: an unknown name, an empty item (`mon,,fri`), input over
 * 100 characters.
 */
export function parsePostDays(input: string): PostDays | null {
  if (input.length > MAX_DAYS_INPUT_LENGTH) return null;
  const text = normalize(input);
  if (text === '' || text === 'everyday' || text === 'daily' || text === 'all') return EVERY_DAY;
  const preset = PRESETS.find(([name]) => normalize(name) === text);
  if (preset) return preset[1];
  const days = new Set<number>();
  for (const item of input.split(',')) {
    const day = dayOf(normalize(item));
    if (day === null) return null;
    days.add(day);
  }
  return [...days].sort((a, b) => a - b);
}

/**
 * Whether these are every day of the week (a subscription then stores none). An empty
 * list, which no input reads as, counts as every day too, so a bad record never stops a channel.
 */
export function isEveryDay(days: PostDays | undefined): boolean {
  return days === undefined || days.length === 0 || days.length === 7;
}

/** Whether a local date ("YYYY-MM-DD") falls on one of the days; no days given means every day. */
export function isPostDay(localDate: string, days: PostDays | undefined): boolean {
  if (isEveryDay(days)) return true;
  return days!.includes(isoWeekday(localDate));
}

/** The ISO weekday of a calendar date "YYYY-MM-DD": 1 (Monday) to 7 (Sunday). */
export function isoWeekday(localDate: string): number {
  const date = DateTime.fromISO(localDate, { zone: 'utc' });
  if (!date.isValid) throw new RangeError(`Not a calendar date: ${JSON.stringify(localDate)}`);
  return date.weekday;
}

/** Which preset the days are, if any: how status words them. */
export function presetOf(days: PostDays | undefined): 'every day' | 'weekdays' | 'weekends' | null {
  if (isEveryDay(days)) return 'every day';
  const same = (a: PostDays, b: PostDays) => a.length === b.length && a.every((d, i) => d === b[i]);
  if (same(days!, WEEKDAYS)) return 'weekdays';
  if (same(days!, WEEKENDS)) return 'weekends';
  return null;
}

/**
 * What to offer while a moderator types `days`: the presets that match, then the list
 * being typed completed by each day that fits its last item and is not in it yet
 * (`mon, w` → `mon, wed`), then the list extended by each day after its last one
 * (`mon, wed` → `mon, wed, thu`…). At most `limit`, no repeats, each a value
 * {@link parsePostDays} reads.
 */
export function suggestPostDays(typed: string, limit: number): string[] {
  const text = typed.slice(0, MAX_DAYS_INPUT_LENGTH);
  const out: string[] = [];
  const add = (s: string) => {
    // parsePostDays refuses over 100 characters, which is also Discord's limit on a choice.
    if (out.length < limit && !out.includes(s) && parsePostDays(s) !== null) out.push(s);
  };
  const query = normalize(text);
  for (const [name] of PRESETS) if (normalize(name).startsWith(query)) add(name);

  const items = text.split(',').map((item) => item.trim().toLowerCase());
  const last = items.pop() ?? '';
  const done = items.filter((item) => item !== '');
  const chosen = done.map((item) => dayOf(normalize(item)));
  if (chosen.some((d) => d === null)) return out;
  const prefix = done.length ? `${done.join(', ')}, ` : '';
  const lastQuery = normalize(last);
  const lastDay = dayOf(lastQuery);
  SHORT_NAMES.forEach((short, i) => {
    const fits = lastQuery === '' || FULL_NAMES[i]!.startsWith(lastQuery);
    if (fits && !chosen.includes(i + 1)) add(`${prefix}${short}`);
  });
  // A complete list so far: offer it as it is, then with one more day.
  if (lastDay !== null && !chosen.includes(lastDay)) {
    const list = `${prefix}${last}`;
    add(list);
    for (let d = lastDay + 1; d <= 7; d++) if (!chosen.includes(d)) add(`${list}, ${SHORT_NAMES[d - 1]}`);
  }
  return out;
}

/** A day's name as typed, normalised ("wed", "WEDNESDAY ", "weds" → 3), or null. */
function dayOf(item: string): number | null {
  if (item.length < 3) return null;
  const fullIndex = FULL_NAMES.findIndex((full) => full.startsWith(item));
  if (fullIndex >= 0) return fullIndex + 1;
  // Common spellings that are not prefixes of the full name.
  return item === 'weds' ? 3 : null;
}

/** Lower case without spaces, so "Every Day", "every  day" and "everyday" read alike. */
function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}
