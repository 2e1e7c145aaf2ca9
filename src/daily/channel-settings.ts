/**
 * The rules a channel's daily-post settings meet before they are stored, whoever gives
 * them: /smallwins enable (as typed) and /customize import (as a file holds them). Pure:
 * it says what is wrong and where, and the caller words it (a refusal, a named bad entry).
 */
import type { Subscription } from '../storage/store.ts';
import { legacyZone, suggestZones, type LegacyZone } from './legacy-zones.ts';
import { isEveryDay, parsePostDays } from './post-days.ts';
import { formatTimeOfDay, parseTimeOfDay } from './time-rules.ts';
import { resolveZone } from './zones.ts';

/**
 * A moderator's settings for a channel: a subscription's, except that the time of day and
 * the zone are as typed (9am, europe/london), not yet checked.
 */
export type EnableRequest = Pick<Subscription, 'guildId' | 'channelId' | 'time' | 'zone' | 'roleId' | 'thread'> & {
  /** The days as typed (`weekdays`, `mon, wed, fri`), or as a subscription stores them (ISO weekdays); absent: every day. */
  days?: string | readonly number[];
  /** Pin each day's post; absent: no. */
  pin?: boolean;
};

/** Settings that met the rules, as a subscription stores them (days absent for every day, pin always said). */
export type ChannelSettings = Pick<
  Subscription,
  'guildId' | 'channelId' | 'time' | 'zone' | 'roleId' | 'thread' | 'days'
> & {
  pin: boolean;
};

/** What is wrong with a request, by the setting it is in. */
export type SettingsProblem =
  | { setting: 'time'; problem: 'bad-time' }
  | { setting: 'zone'; problem: 'legacy-zone'; legacy: LegacyZone }
  | { setting: 'zone'; problem: 'bad-zone'; suggestions: string[] }
  | { setting: 'roleId'; problem: 'everyone-role' }
  | { setting: 'days'; problem: 'bad-days' };

/**
 * Checks a request, naming every setting that breaks a rule: a time of day, a city time zone (an abbreviation or fixed offset such as
 * EST is never stored: it rarely means what was meant), a role that is not @everyone, and
 * days. The permissions in the channel are the Discord side's to check.
 */
export function checkChannelSettings(
  request: EnableRequest,
): { ok: true; settings: ChannelSettings } | { ok: false; problems: [SettingsProblem, ...SettingsProblem[]] } {
  const problems: SettingsProblem[] = [];
  const time = parseTimeOfDay(request.time);
  if (!time) problems.push({ setting: 'time', problem: 'bad-time' });
  const legacy = legacyZone(request.zone);
  const zone = legacy ? null : resolveZone(request.zone);
  if (legacy) problems.push({ setting: 'zone', problem: 'legacy-zone', legacy });
  else if (!zone) problems.push({ setting: 'zone', problem: 'bad-zone', suggestions: suggestZones(request.zone, 3) });
  if (request.roleId === request.guildId) problems.push({ setting: 'roleId', problem: 'everyone-role' });
  const days = typeof request.days === 'object' ? storedDays(request.days) : parsePostDays(request.days ?? '');
  if (!days) problems.push({ setting: 'days', problem: 'bad-days' });
  const [first, ...more] = problems;
  if (first || !time || !zone || !days) return { ok: false, problems: [first!, ...more] };
  return {
    ok: true,
    settings: {
      guildId: request.guildId,
      channelId: request.channelId,
      time: formatTimeOfDay(time),
      zone,
      roleId: request.roleId,
      thread: request.thread,
      days: isEveryDay(days) ? undefined : [...days],
      pin: request.pin ?? false,
    },
  };
}

/** Days as a subscription stores them: ISO weekdays 1 to 7, sorted without repeats; null for anything else. */
function storedDays(days: readonly number[]): number[] | null {
  if (days.length === 0 || !days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) return null;
  return [...new Set(days)].sort((a, b) => a - b);
}

/** Whether a subscription already has these settings (every day however stored, no pin however stored). */
export function hasSettings(sub: Subscription, settings: ChannelSettings): boolean {
  const days = (d: number[] | undefined) => (isEveryDay(d) ? '' : d!.join(','));
  return (
    sub.guildId === settings.guildId &&
    sub.time === settings.time &&
    sub.zone === settings.zone &&
    sub.roleId === settings.roleId &&
    sub.thread === settings.thread &&
    days(sub.days) === days(settings.days) &&
    (sub.pin ?? false) === settings.pin
  );
}
