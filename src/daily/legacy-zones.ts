/**
 * Zone names that are not city zones: abbreviations (EST, CET), the old POSIX-style rules
 * (EST5EDT), fixed offsets (Etc/GMT+5) and country aliases ICU still accepts. They rarely mean
 * what a moderator meant: EST is UTC-05:00 all year, so a New York community would get its
 * post an hour off all summer. They are explained, with the usual city zones to use instead,
 * and never stored.
 */
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { DateTime } from 'luxon';
import { resolveZone, searchZones, zoneNames } from './zones.ts';

/** A name that is not a city zone, what it stands for, and the city zones to use instead. */
export interface LegacyZone {
  /** As typed, trimmed. */
  input: string;
  /** The long name of an abbreviation ("Eastern Standard Time"), when it has a usual one. */
  name: string | null;
  /** The IANA zone the name stands for on this system (EST: America/Panama), if any. */
  linksTo: string | null;
  /** "UTC-05:00 all year, with no daylight saving" or "UTC-05:00, and UTC-04:00 in summer". */
  offsets: string | null;
  /** City zones to use instead, the usual one first. */
  suggestions: string[];
  /** For a name with no daylight saving, a city zone that keeps the same offset all year (EST: America/Panama). */
  sameAllYear: string | null;
}

/** What the common abbreviations stand for, and the city zones people who type them usually mean. */
const USUAL: Record<string, { name: string; zones: string[] }> = {};
for (const [keys, name, zones] of [
  [['est'], 'Eastern Standard Time', ['America/New_York', 'America/Toronto']],
  [['edt'], 'Eastern Daylight Time', ['America/New_York', 'America/Toronto']],
  [['est5edt'], 'US Eastern time', ['America/New_York', 'America/Toronto']],
  [['cst'], 'Central Standard Time (or China Standard Time)', ['America/Chicago', 'America/Mexico_City', 'Asia/Shanghai']],
  [['cdt'], 'Central Daylight Time', ['America/Chicago', 'America/Mexico_City']],
  [['cst6cdt'], 'US Central time', ['America/Chicago']],
  [['mst'], 'Mountain Standard Time', ['America/Denver', 'America/Phoenix', 'America/Edmonton']],
  [['mdt'], 'Mountain Daylight Time', ['America/Denver', 'America/Edmonton']],
  [['mst7mdt'], 'US Mountain time', ['America/Denver', 'America/Edmonton']],
  [['pst'], 'Pacific Standard Time', ['America/Los_Angeles', 'America/Vancouver']],
  [['pdt'], 'Pacific Daylight Time', ['America/Los_Angeles', 'America/Vancouver']],
  [['pst8pdt'], 'US Pacific time', ['America/Los_Angeles', 'America/Vancouver']],
  [['akst', 'akdt'], 'Alaska time', ['America/Anchorage']],
  [['hst'], 'Hawaii Standard Time', ['Pacific/Honolulu']],
  [['ast', 'adt'], 'Atlantic time', ['America/Halifax', 'America/Puerto_Rico']],
  [['nst', 'ndt'], 'Newfoundland time', ['America/St_Johns']],
  [['gmt'], 'Greenwich Mean Time', ['Europe/London', 'UTC']],
  [['bst'], 'British Summer Time', ['Europe/London']],
  [['ist'], 'India, Irish or Israel Standard Time', ['Asia/Kolkata', 'Europe/Dublin', 'Asia/Jerusalem']],
  [['wet', 'west'], 'Western European Time', ['Europe/Lisbon', 'Atlantic/Canary']],
  [['cet', 'cest', 'met'], 'Central European Time', ['Europe/Paris', 'Europe/Berlin', 'Europe/Madrid']],
  [['eet', 'eest'], 'Eastern European Time', ['Europe/Athens', 'Europe/Helsinki', 'Europe/Kyiv']],
  [['msk'], 'Moscow Time', ['Europe/Moscow']],
  [['sast'], 'South Africa Standard Time', ['Africa/Johannesburg']],
  [['wat'], 'West Africa Time', ['Africa/Lagos']],
  [['eat'], 'East Africa Time', ['Africa/Nairobi']],
  [['jst'], 'Japan Standard Time', ['Asia/Tokyo']],
  [['kst'], 'Korea Standard Time', ['Asia/Seoul']],
  [['hkt'], 'Hong Kong Time', ['Asia/Hong_Kong']],
  [['sgt'], 'Singapore Time', ['Asia/Singapore']],
  [['aest', 'aedt'], 'Australian Eastern time', ['Australia/Sydney', 'Australia/Melbourne', 'Australia/Brisbane']],
  [['acst', 'acdt'], 'Australian Central time', ['Australia/Adelaide', 'Australia/Darwin']],
  [['awst'], 'Australian Western time', ['Australia/Perth']],
  [['nzst', 'nzdt'], 'New Zealand time', ['Pacific/Auckland']],
] as Array<[string[], string, string[]]>) {
  for (const key of keys) USUAL[key] = { name, zones };
}

/** Names that mean UTC itself, which is a fine choice. */
const UTC_NAMES = new Set(['utc', 'etc/utc', 'uct', 'etc/uct', 'universal', 'etc/universal', 'zulu', 'etc/zulu']);
const GMT_FAMILY = /^(?:etc\/)?(?:gmt|greenwich)(?:[+-]?0)?$/i;
const ETC_OFFSET = /^etc\/gmt([+-])(\d{1,2})$/i;
const CITY_ZONE = /^(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)\//;

function icuZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Offsets in January and July of `at`'s year, in minutes; null for a name luxon cannot use. */
function yearOffsets(zone: string, at: Date): [number, number] | null {
  const year = at.getUTCFullYear();
  const jan = DateTime.fromObject({ year, month: 1, day: 15 }, { zone });
  const jul = DateTime.fromObject({ year, month: 7, day: 15 }, { zone });
  return jan.isValid && jul.isValid ? [jan.offset, jul.offset] : null;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function describeOffsets(offsets: [number, number] | null): string | null {
  if (!offsets) return null;
  const [a, b] = offsets;
  if (a === b) return `${formatOffset(a)} all year, with no daylight saving`;
  return `${formatOffset(Math.min(a, b))}, and ${formatOffset(Math.max(a, b))} in summer`;
}

/** City zones that keep one offset all year, the common ones first. */
function cityZonesAt(offsets: [number, number], at: Date, limit: number): string[] {
  const common = searchZones('');
  const names = [...common, ...zoneNames().filter((name) => !common.includes(name))].filter((name) => CITY_ZONE.test(name));
  const out: string[] = [];
  for (const name of names) {
    const own = yearOffsets(name, at);
    if (own && own[0] === offsets[0] && own[1] === offsets[1]) out.push(name);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * What a zone name that is not a city zone stands for, with city zones to use instead; null
 * for a city zone, UTC, or anything that is no zone at all (resolveZone refuses that).
 */
export function legacyZone(input: string, at: Date = new Date()): LegacyZone | null {
  const text = input.trim();
  const lower = text.toLowerCase();
  if (text === '' || text.length > 64 || UTC_NAMES.has(lower)) return null;
  const known = GMT_FAMILY.test(text) ? USUAL.gmt : USUAL[lower];
  const etc = ETC_OFFSET.exec(text);
  const icu = icuZone(text);
  const isLegacy = known !== undefined || etc !== null || /^systemv\//i.test(text) || (!text.includes('/') && icu !== null);
  if (!isLegacy) return null;

  const linksTo = icu === null ? null : resolveZone(text) ?? icu;
  const offsets = icu === null ? null : yearOffsets(icu, at);
  let suggestions = known?.zones ?? [];
  if (suggestions.length === 0 && linksTo && CITY_ZONE.test(linksTo)) suggestions = [linksTo];
  if (suggestions.length === 0 && offsets) suggestions = offsets[0] === 0 && offsets[1] === 0 ? ['UTC', 'Europe/London'] : cityZonesAt(offsets, at, 3);
  suggestions = suggestions.filter((zone) => resolveZone(zone) === zone);
  const fixed = offsets !== null && offsets[0] === offsets[1];
  return {
    input: text,
    name: known?.name ?? null,
    linksTo,
    offsets: describeOffsets(offsets),
    suggestions,
    sameAllYear: fixed && linksTo && CITY_ZONE.test(linksTo) && !suggestions.includes(linksTo) ? linksTo : null,
  };
}

/**
 * Zone names for autocomplete: for a legacy name (EST, CET), the city zones it usually means
 * come first; then {@link searchZones}' matches, which are city zones and UTC only.
 */
export function suggestZones(query: string, limit = DISCORD_LIMITS.choices): string[] {
  const first = legacyZone(query)?.suggestions ?? [];
  return [...new Set([...first, ...searchZones(query, limit)])].slice(0, Math.max(0, limit));
}
