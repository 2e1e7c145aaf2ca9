/**
 * Zone names that are not city zones: abbreviations (EST, CET), the old POSIX-style rules
 * (EST5EDT), fixed offsets (Etc/GMT+5) and country aliases ICU still accepts. They rarely mean
 * what a moderator meant: EST is UTC-05:00 all year, so a New York community would get its
 * post an hour off all summer. They are explained, with the usual city zones to use instead,
 * and never stored.
 */
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { DateTime } from 'luxon';
import type { StringKey } from '../content/string-keys.ts';
import { resolveZone, searchZones, zoneNames } from './zones.ts';

/** The key of an abbreviation's long name in the wording ("Eastern Standard Time"). */
type ZoneNameKey = Extract<StringKey, `zones.names.${string}`>;

/** A name that is not a city zone, what it stands for, and the city zones to use instead. */
export interface LegacyZone {
  /** As typed, trimmed. */
  input: string;
  /** The long name of an abbreviation ("Eastern Standard Time"), when it has a usual one: its key in the wording. */
  name: ZoneNameKey | null;
  /** The IANA zone the name stands for on this system (EST: America/Panama), if any. */
  linksTo: string | null;
  /** Its offsets, "UTC-05:00", and in summer, when that differs ("UTC-04:00"); null when ICU does not know it. */
  offsets: { standard: string; summer: string | null } | null;
  /** City zones to use instead, the usual one first. */
  suggestions: string[];
  /** For a name with no daylight saving, a city zone that keeps the same offset all year (EST: America/Panama). */
  sameAllYear: string | null;
}

/** What the common abbreviations stand for, and the city zones people who type them usually mean. */
const USUAL: Record<string, { name: ZoneNameKey; zones: string[] }> = {};
for (const [keys, name, zones] of [
  [['est'], 'zones.names.est', ['America/New_York', 'America/Toronto']],
  [['edt'], 'zones.names.edt', ['America/New_York', 'America/Toronto']],
  [['est5edt'], 'zones.names.est5edt', ['America/New_York', 'America/Toronto']],
  [['cst'], 'zones.names.cst', ['America/Chicago', 'America/Mexico_City', 'Asia/Shanghai']],
  [['cdt'], 'zones.names.cdt', ['America/Chicago', 'America/Mexico_City']],
  [['cst6cdt'], 'zones.names.cst6cdt', ['America/Chicago']],
  [['mst'], 'zones.names.mst', ['America/Denver', 'America/Phoenix', 'America/Edmonton']],
  [['mdt'], 'zones.names.mdt', ['America/Denver', 'America/Edmonton']],
  [['mst7mdt'], 'zones.names.mst7mdt', ['America/Denver', 'America/Edmonton']],
  [['pst'], 'zones.names.pst', ['America/Los_Angeles', 'America/Vancouver']],
  [['pdt'], 'zones.names.pdt', ['America/Los_Angeles', 'America/Vancouver']],
  [['pst8pdt'], 'zones.names.pst8pdt', ['America/Los_Angeles', 'America/Vancouver']],
  [['akst', 'akdt'], 'zones.names.alaska', ['America/Anchorage']],
  [['hst'], 'zones.names.hst', ['Pacific/Honolulu']],
  [['ast', 'adt'], 'zones.names.atlantic', ['America/Halifax', 'America/Puerto_Rico']],
  [['nst', 'ndt'], 'zones.names.newfoundland', ['America/St_Johns']],
  [['gmt'], 'zones.names.gmt', ['Europe/London', 'UTC']],
  [['bst'], 'zones.names.bst', ['Europe/London']],
  [['ist'], 'zones.names.ist', ['Asia/Kolkata', 'Europe/Dublin', 'Asia/Jerusalem']],
  [['wet', 'west'], 'zones.names.wet', ['Europe/Lisbon', 'Atlantic/Canary']],
  [['cet', 'cest', 'met'], 'zones.names.cet', ['Europe/Paris', 'Europe/Berlin', 'Europe/Madrid']],
  [['eet', 'eest'], 'zones.names.eet', ['Europe/Athens', 'Europe/Helsinki', 'Europe/Kyiv']],
  [['msk'], 'zones.names.msk', ['Europe/Moscow']],
  [['sast'], 'zones.names.sast', ['Africa/Johannesburg']],
  [['wat'], 'zones.names.wat', ['Africa/Lagos']],
  [['eat'], 'zones.names.eat', ['Africa/Nairobi']],
  [['jst'], 'zones.names.jst', ['Asia/Tokyo']],
  [['kst'], 'zones.names.kst', ['Asia/Seoul']],
  [['hkt'], 'zones.names.hkt', ['Asia/Hong_Kong']],
  [['sgt'], 'zones.names.sgt', ['Asia/Singapore']],
  [
    ['aest', 'aedt'],
    'zones.names.australianEastern',
    ['Australia/Sydney', 'Australia/Melbourne', 'Australia/Brisbane'],
  ],
  [['acst', 'acdt'], 'zones.names.australianCentral', ['Australia/Adelaide', 'Australia/Darwin']],
  [['awst'], 'zones.names.awst', ['Australia/Perth']],
  [['nzst', 'nzdt'], 'zones.names.newZealand', ['Pacific/Auckland']],
] satisfies Array<[string[], ZoneNameKey, string[]]>) {
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

function namedOffsets(offsets: [number, number] | null): LegacyZone['offsets'] {
  if (!offsets) return null;
  const [a, b] = offsets;
  return { standard: formatOffset(Math.min(a, b)), summer: a === b ? null : formatOffset(Math.max(a, b)) };
}

/** City zones that keep one offset all year, the common ones first. */
function cityZonesAt(offsets: [number, number], at: Date, limit: number): string[] {
  const common = searchZones('');
  const names = [...common, ...zoneNames().filter((name) => !common.includes(name))].filter((name) =>
    CITY_ZONE.test(name),
  );
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
  const isLegacy =
    known !== undefined || etc !== null || /^systemv\//i.test(text) || (!text.includes('/') && icu !== null);
  if (!isLegacy) return null;

  const linksTo = icu === null ? null : (resolveZone(text) ?? icu);
  const offsets = icu === null ? null : yearOffsets(icu, at);
  let suggestions = known?.zones ?? [];
  if (suggestions.length === 0 && linksTo && CITY_ZONE.test(linksTo)) suggestions = [linksTo];
  if (suggestions.length === 0 && offsets)
    suggestions = offsets[0] === 0 && offsets[1] === 0 ? ['UTC', 'Europe/London'] : cityZonesAt(offsets, at, 3);
  suggestions = suggestions.filter((zone) => resolveZone(zone) === zone);
  const fixed = offsets !== null && offsets[0] === offsets[1];
  return {
    input: text,
    name: known?.name ?? null,
    linksTo,
    offsets: namedOffsets(offsets),
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
