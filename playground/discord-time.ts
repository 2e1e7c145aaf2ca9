import { DateTime } from 'luxon';

/** Where and when the person reading a message is: Discord shows every timestamp for them. */
export interface Viewer {
  /** The viewer's clock, epoch milliseconds: relative times ("in 20 hours") count from it. */
  now: number;
  /** The viewer's IANA time zone; an unknown one reads as UTC. */
  timeZone: string;
}

/*
 * Discord's client formats timestamps for the viewer's locale; the playground reads as
 * English (United Kingdom), the locale of Discord's own examples (20/04/2021, 16:20).
 */
const LOCALE = 'en-GB';
const FORMATS: Record<string, string> = {
  t: 'HH:mm',
  T: 'HH:mm:ss',
  d: 'dd/LL/yyyy',
  D: 'd LLLL yyyy',
  f: 'd LLLL yyyy HH:mm',
  F: 'cccc, d LLLL yyyy HH:mm',
  s: 'dd/LL/yyyy, HH:mm',
  S: 'dd/LL/yyyy, HH:mm:ss',
};

function inZone(ms: number, timeZone: string): DateTime | undefined {
  const local = DateTime.fromMillis(ms, { zone: timeZone, locale: LOCALE });
  const date = local.isValid ? local : DateTime.fromMillis(ms, { zone: 'UTC', locale: LOCALE });
  return date.isValid ? date : undefined;
}

/**
 * How Discord words a relative time: its client humanises durations with moment.js's
 * rounding and thresholds ("a few seconds", "a minute", "20 hours", "a day", "2 months").
 */
function relativeTime(ms: number, now: number): string {
  const abs = Math.abs(ms - now);
  const seconds = Math.round(abs / 1000);
  const minutes = Math.round(abs / 60_000);
  const hours = Math.round(abs / 3_600_000);
  const exactDays = abs / 86_400_000;
  const days = Math.round(exactDays);
  // moment converts days to months through the 400-year Gregorian cycle.
  const exactMonths = (exactDays * 4800) / 146_097;
  const months = Math.round(exactMonths);
  const years = Math.round(exactMonths / 12);
  const text =
    seconds < 45
      ? 'a few seconds'
      : minutes <= 1
        ? 'a minute'
        : minutes < 45
          ? `${minutes} minutes`
          : hours <= 1
            ? 'an hour'
            : hours < 22
              ? `${hours} hours`
              : days <= 1
                ? 'a day'
                : days < 26
                  ? `${days} days`
                  : months <= 1
                    ? 'a month'
                    : months < 11
                      ? `${months} months`
                      : years <= 1
                        ? 'a year'
                        : `${years} years`;
  return ms >= now ? `in ${text}` : `${text} ago`;
}

/**
 * A `<t:seconds:style>` timestamp as Discord shows it to this viewer: in their time
 * zone, and for style R relative to their clock. Undefined for a time Discord could not
 * show either, so the caller can leave the markup as it was.
 */
export function formatTimestamp(ms: number, style: string | undefined, viewer: Viewer): string | undefined {
  if (style === 'R') return Number.isFinite(ms) ? relativeTime(ms, viewer.now) : undefined;
  return inZone(ms, viewer.timeZone)?.toFormat(FORMATS[style ?? 'f'] ?? FORMATS.f!);
}

/** An embed's timestamp as Discord's footer shows it: "Today at 09:00", "Yesterday at 21:30", or the date. */
export function formatEmbedTimestamp(ms: number, viewer: Viewer): string | undefined {
  const date = inZone(ms, viewer.timeZone);
  const today = inZone(viewer.now, viewer.timeZone);
  if (!date || !today) return undefined;
  const time = date.toFormat('HH:mm');
  if (date.hasSame(today, 'day')) return `Today at ${time}`;
  if (date.hasSame(today.minus({ days: 1 }), 'day')) return `Yesterday at ${time}`;
  return date.toFormat('dd/LL/yyyy HH:mm');
}
