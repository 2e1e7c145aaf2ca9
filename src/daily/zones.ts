/**
 * IANA time zone names for the small-wins schedule: validating what a moderator types and
 * suggesting names while they type.
 *
 * Node 20's `Intl.supportedValuesOf('timeZone')` is CLDR's list, which names several zones by
 * an outdated alias (Asia/Calcutta, Europe/Kiev, ...) and leaves out the current IANA names,
 * and UTC. `Intl.DateTimeFormat` still accepts the current names, but its `resolvedOptions()`
 * turns them back into the old alias. So the list we search and the spelling we return are
 * built from ICU's list plus {@link CURRENT_ZONES_MISSING_FROM_ICU}.
 */

import { DISCORD_LIMITS } from '@reconnect/discord-limits';

/**
 * Current IANA names (from tzdata's zone.tab) that Node 20's ICU accepts but leaves out of
 * `Intl.supportedValuesOf('timeZone')`, listing an older alias instead, plus UTC, which it
 * leaves out altogether.
 *
 * Checked against Node 20.20 (ICU 78.2, tz 2025c) and tzdata 2025b's zone.tab. A later ICU
 * may list some of these itself; the catalogue copes with both.
 */
export const CURRENT_ZONES_MISSING_FROM_ICU: readonly string[] = [
  'UTC',
  'Africa/Asmara', // ICU: Africa/Asmera
  'America/Argentina/Buenos_Aires', // ICU: America/Buenos_Aires
  'America/Argentina/Catamarca', // ICU: America/Catamarca
  'America/Argentina/Cordoba', // ICU: America/Cordoba
  'America/Argentina/Jujuy', // ICU: America/Jujuy
  'America/Argentina/Mendoza', // ICU: America/Mendoza
  'America/Atikokan', // ICU: America/Coral_Harbour
  'America/Indiana/Indianapolis', // ICU: America/Indianapolis
  'America/Kentucky/Louisville', // ICU: America/Louisville
  'America/Nuuk', // ICU: America/Godthab
  'Asia/Ho_Chi_Minh', // ICU: Asia/Saigon
  'Asia/Kathmandu', // ICU: Asia/Katmandu
  'Asia/Kolkata', // ICU: Asia/Calcutta
  'Asia/Yangon', // ICU: Asia/Rangoon
  'Atlantic/Faroe', // ICU: Atlantic/Faeroe
  'Europe/Kyiv', // ICU: Europe/Kiev
  'Pacific/Chuuk', // ICU: Pacific/Truk
  'Pacific/Kanton', // ICU: Pacific/Enderbury
  'Pacific/Pohnpei', // ICU: Pacific/Ponape
];

/**
 * Shown before the moderator has typed anything, and preferred among equally good matches:
 * a handful of the zones most Discord communities live in, UTC first as the neutral choice.
 */
const COMMON_ZONES: readonly string[] = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Toronto',
  'America/Sao_Paulo',
  'America/Mexico_City',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Moscow',
  'Africa/Lagos',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

/** The longest IANA name is 32 characters; anything far longer is not worth asking ICU about. */
const MAX_ZONE_INPUT_LENGTH = 64;

/**
 * IANA names are ASCII letters, digits, `_`, `-` and `+` in `/`-separated parts starting with
 * a letter. Requiring this keeps numeric offsets ("+05:00"), which newer engines accept as
 * zones, out on every Node version.
 */
const ZONE_NAME_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/**
 * "UTC+5" or "GMT-3" read as offsets, and IANA's own Etc/GMT+5 means UTC-5: a moderator who
 * typed one would likely get the opposite of what they meant, so only IANA's GMT+0/GMT-0
 * links (both plain UTC) get through.
 */
const OFFSET_LIKE = /^(?:utc|gmt|ut)[+-]/i;
const ZERO_OFFSET_LINK = /^gmt[+-]0$/i;

interface ZoneEntry {
  /** The name offered to the moderator. */
  name: string;
  /** Folded spellings that find this entry: the name and any outdated alias ICU uses for it. */
  keys: string[];
}

interface Catalogue {
  entries: ZoneEntry[];
  /** Lower-cased name → properly cased name, for every name we know the spelling of. */
  byLowerName: Map<string, string>;
  /** ICU's outdated canonical name → the current IANA name for the same zone. */
  currentNameFor: Map<string, string>;
  common: string[];
}

let catalogue: Catalogue | undefined;

/** ICU's canonical ID for a zone name it accepts, or null if it does not accept it. */
function icuCanonical(name: string): string | null {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Spaces, underscores and hyphens all separate words in a zone name as people type it. */
function fold(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
}

/** Built on first use so that importing the module asks ICU nothing. */
function getCatalogue(): Catalogue {
  if (catalogue) return catalogue;
  const listed = Intl.supportedValuesOf('timeZone');
  const currentNameFor = new Map<string, string>();
  const byLowerName = new Map<string, string>();
  for (const name of listed) byLowerName.set(name.toLowerCase(), name);

  // Only names this ICU really accepts: a stale entry must never be offered or stored.
  const missing = CURRENT_ZONES_MISSING_FROM_ICU.filter((name) => icuCanonical(name) !== null);
  for (const name of missing) {
    byLowerName.set(name.toLowerCase(), name);
    const icu = icuCanonical(name);
    if (icu !== null && icu !== name) currentNameFor.set(icu, name);
  }

  const entries: ZoneEntry[] = [];
  const offered = new Set<string>();
  for (const name of listed) {
    const current = currentNameFor.get(name);
    // Offer the current name, but let the old one (which people still type) find it.
    const entry = current ? { name: current, keys: [fold(current), fold(name)] } : { name, keys: [fold(name)] };
    if (offered.has(entry.name)) continue;
    offered.add(entry.name);
    entries.push(entry);
  }
  for (const name of missing) {
    if (offered.has(name)) continue;
    offered.add(name);
    entries.push({ name, keys: [fold(name)] });
  }

  const common = COMMON_ZONES.filter((name) => byLowerName.has(name.toLowerCase()));
  catalogue = { entries, byLowerName, currentNameFor, common };
  return catalogue;
}

/**
 * The properly spelled IANA zone name for what a moderator typed, or null if it is not one.
 *
 * - Any case and surrounding spaces are accepted: "europe/london" → "Europe/London",
 *   "utc" → "UTC".
 * - A name we know the spelling of is returned as typed, in its proper case, whether it is the
 *   current name ("Asia/Kolkata") or an alias ICU lists ("Asia/Calcutta"); ICU's habit of
 *   turning current names into old aliases is not passed on.
 * - Any other alias ICU accepts (US/Eastern, EST5EDT, Europe/Uzhgorod, Etc/UTC) is returned as
 *   the zone it stands for, named by its current IANA name ("America/New_York",
 *   "Europe/Kyiv", "UTC"): same rules, a name that will keep working.
 * - Numeric offsets ("+05:00", "UTC+5", "GMT-3") are rejected: they are not zones, and follow
 *   no daylight saving. IANA's fixed-offset names (Etc/GMT+5, EST) are accepted as IANA names
 *   here; /smallwins enable refuses them before this, with city zones to use (legacy-zones.ts).
 */
export function resolveZone(input: string): string | null {
  const text = input.trim();
  if (text === '' || text.length > MAX_ZONE_INPUT_LENGTH) return null;
  if (!ZONE_NAME_SHAPE.test(text)) return null;
  if (OFFSET_LIKE.test(text) && !ZERO_OFFSET_LINK.test(text)) return null;

  const { byLowerName, currentNameFor } = getCatalogue();
  const known = byLowerName.get(text.toLowerCase());
  if (known !== undefined) return known;

  const icu = icuCanonical(text);
  if (icu === null || !ZONE_NAME_SHAPE.test(icu)) return null;
  return currentNameFor.get(icu) ?? icu;
}

/** Every name {@link searchZones} can offer: current IANA city zones and UTC. */
export function zoneNames(): string[] {
  return getCatalogue().entries.map((entry) => entry.name);
}

const NO_MATCH = Number.POSITIVE_INFINITY;

/** Lower is better; see {@link searchZones} for the order. */
function matchRank(key: string, query: string): number {
  if (key === query) return 0;
  const segments = key.split('/');
  if ((segments.at(-1) ?? '').startsWith(query)) return 1;
  if (key.startsWith(query) || segments.some((segment) => segment.startsWith(query))) return 2;
  const at = key.indexOf(query);
  if (at < 0) return NO_MATCH;
  // "york" should find New_York before a name that merely contains the letters mid-word.
  return key[at - 1] === '_' ? 3 : 4;
}

/**
 * Zone names for autocomplete, best match first, at most `limit` of them (Discord's limit on
 * choices by default).
 *
 * Case-insensitive; spaces, underscores and hyphens are interchangeable ("new york" →
 * America/New_York). Order: the exact name, then names whose last part starts with the query
 * ("london" → Europe/London), then names with any part (or the whole name) starting with it,
 * then names containing it at a word start, then anywhere; ties go to common zones, then
 * alphabetical order. Current names are offered even where Node 20's ICU lists only an old
 * alias ("kyiv" and "kiev" both find Europe/Kyiv). An empty query gives a short list of common
 * zones, UTC first. Every name returned is accepted by {@link resolveZone} unchanged.
 */
export function searchZones(query: string, limit = DISCORD_LIMITS.choices): string[] {
  const max = Number.isNaN(limit) ? 0 : Math.max(0, Math.floor(limit));
  const { entries, common } = getCatalogue();
  const q = fold(query);
  if (q === '') return common.slice(0, max);
  if (q.length > MAX_ZONE_INPUT_LENGTH) return [];

  const commonRank = (name: string): number => {
    const at = common.indexOf(name);
    return at < 0 ? common.length : at;
  };
  return entries
    .map((entry) => ({ name: entry.name, rank: Math.min(...entry.keys.map((key) => matchRank(key, q))) }))
    .filter((match) => match.rank !== NO_MATCH)
    .sort(
      (a, b) =>
        a.rank - b.rank || commonRank(a.name) - commonRank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    )
    .slice(0, max)
    .map((match) => match.name);
}
