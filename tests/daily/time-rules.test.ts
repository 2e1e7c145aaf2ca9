import { describe, expect, it } from 'vitest';
import {
  dueSlot,
  formatTimeOfDay,
  localDateOf,
  nextSlot,
  parseTimeOfDay,
  slotForDate,
  type Slot,
  type TimeOfDay,
} from '../../src/daily/time-rules.ts';
import { CURRENT_ZONES_MISSING_FROM_ICU, resolveZone, searchZones } from '../../src/daily/zones.ts';

const HOUR_MS = 3_600_000;
const SIX_HOURS_MS = 6 * HOUR_MS;

const t = (hour: number, minute = 0): TimeOfDay => ({ hour, minute });
const utc = (iso: string): Date => new Date(iso);
const iso = (slot: Slot | null): { localDate: string; at: string } | null =>
  slot && { localDate: slot.localDate, at: slot.at.toISOString() };

describe('parseTimeOfDay', () => {
  it.each([
    ['09:00', 9, 0],
    ['9:00', 9, 0],
    ['9am', 9, 0],
    ['9 am', 9, 0],
    ['9AM', 9, 0],
    ['9:30pm', 21, 30],
    ['9.30pm', 21, 30],
    ['9:30 PM', 21, 30],
    ['9:30 p.m.', 21, 30],
    ['21:30', 21, 30],
    ['21.30', 21, 30],
    ['12am', 0, 0],
    ['12:15am', 0, 15],
    ['12pm', 12, 0],
    ['12:45pm', 12, 45],
    ['0:00', 0, 0],
    ['00:00', 0, 0],
    ['23:59', 23, 59],
    ['noon', 12, 0],
    ['NOON', 12, 0],
    ['midnight', 0, 0],
    ['Midnight', 0, 0],
    ['  7:05  ', 7, 5],
    ['\t9am\n', 9, 0],
  ])('GIVEN %j THEN it reads as %i:%i', (input, hour, minute) => {
    expect(parseTimeOfDay(input)).toEqual({ hour, minute });
  });

  it.each([
    ['24:00'],
    ['25:00'],
    ['9:60'],
    ['13pm'],
    ['0am'],
    ['00pm'],
    [''],
    ['   '],
    ['abc'],
    ['9:5'],
    ['9'],
    ['21'],
    ['9:00:00'],
    ['9 : 00'],
    ['-9:00'],
    ['9:00 xm'],
    ['123:00'],
    ['noonish'],
    ['٩:٠٠'],
    ['          9:00          '],
    ['9'.repeat(1000)],
  ])('GIVEN %j THEN it is refused', (input) => {
    expect(parseTimeOfDay(input)).toBeNull();
  });
});

describe('formatTimeOfDay', () => {
  it('GIVEN hours and minutes under ten THEN both are zero-padded in 24-hour form', () => {
    expect(formatTimeOfDay(t(9, 5))).toBe('09:05');
    expect(formatTimeOfDay(t(0, 0))).toBe('00:00');
    expect(formatTimeOfDay(t(21, 30))).toBe('21:30');
  });

  it('GIVEN what parseTimeOfDay read THEN formatting gives the 24-hour spelling', () => {
    expect(formatTimeOfDay(parseTimeOfDay('9:30pm')!)).toBe('21:30');
    expect(formatTimeOfDay(parseTimeOfDay('12am')!)).toBe('00:00');
  });

  it('GIVEN an impossible time THEN it throws rather than print nonsense', () => {
    expect(() => formatTimeOfDay(t(24, 0))).toThrow(RangeError);
    expect(() => formatTimeOfDay(t(9, 60))).toThrow(RangeError);
    expect(() => formatTimeOfDay(t(9.5, 0))).toThrow(RangeError);
  });
});

describe('resolveZone', () => {
  it.each([
    ['europe/london', 'Europe/London'],
    ['EUROPE/LONDON', 'Europe/London'],
    ['  Europe/London  ', 'Europe/London'],
    ['utc', 'UTC'],
    ['UTC', 'UTC'],
    ['america/new_york', 'America/New_York'],
    ['asia/kolkata', 'Asia/Kolkata'],
    ['Asia/Kathmandu', 'Asia/Kathmandu'],
    ['europe/kyiv', 'Europe/Kyiv'],
    ['America/Nuuk', 'America/Nuuk'],
    ['pacific/kanton', 'Pacific/Kanton'],
    ['Pacific/Apia', 'Pacific/Apia'],
    ['australia/lord_howe', 'Australia/Lord_Howe'],
    ['america/argentina/buenos_aires', 'America/Argentina/Buenos_Aires'],
  ])('GIVEN the current name %j THEN it is kept, properly cased, as %j', (input, expected) => {
    expect(resolveZone(input)).toBe(expected);
  });

  it.each([
    ['Asia/Calcutta', 'Asia/Calcutta'],
    ['asia/calcutta', 'Asia/Calcutta'],
    ['Europe/Kiev', 'Europe/Kiev'],
    ['asia/katmandu', 'Asia/Katmandu'],
  ])('GIVEN the alias %j that ICU lists THEN it is accepted as typed, properly cased', (input, expected) => {
    expect(resolveZone(input)).toBe(expected);
  });

  it.each([
    ['US/Eastern', 'America/New_York'],
    ['us/pacific', 'America/Los_Angeles'],
    ['Europe/Uzhgorod', 'Europe/Kyiv'],
    ['Etc/UTC', 'UTC'],
    ['Zulu', 'UTC'],
    ['GMT', 'UTC'],
  ])('GIVEN the legacy alias %j THEN it resolves to the current name of its zone, %j', (input, expected) => {
    expect(resolveZone(input)).toBe(expected);
  });

  it('GIVEN a legacy rule name like EST5EDT THEN it is accepted as the zone IANA links it to', () => {
    // Before tzdata 2024b EST5EDT was a zone of its own; since then a link to New York.
    expect(['America/New_York', 'EST5EDT']).toContain(resolveZone('EST5EDT'));
  });

  it("GIVEN IANA's fixed-offset Etc name THEN it is accepted in its own spelling", () => {
    expect(resolveZone('etc/gmt+5')).toBe('Etc/GMT+5');
  });

  it.each([['+05:00'], ['-03:00'], ['+0530'], ['UTC+5'], ['GMT-3'], ['utc+05:30'], ['5']])(
    'GIVEN the numeric offset %j THEN it is refused',
    (input) => {
      expect(resolveZone(input)).toBeNull();
    },
  );

  it.each([
    [''],
    ['   '],
    ['London'],
    ['Mars/Olympus_Mons'],
    ['Europe/London/'],
    ['Europe//London'],
    ['Factory'],
    ['x'.repeat(200)],
    ['Europe/Lon don'],
  ])('GIVEN %j, which is no zone THEN it is refused', (input) => {
    expect(resolveZone(input)).toBeNull();
  });

  it('GIVEN each current name Node 20 leaves out of its zone list THEN it resolves to itself', () => {
    for (const name of CURRENT_ZONES_MISSING_FROM_ICU) {
      expect(resolveZone(name)).toBe(name);
      expect(resolveZone(name.toLowerCase())).toBe(name);
    }
  });
});

describe('searchZones', () => {
  it('GIVEN "london" THEN Europe/London comes first', () => {
    expect(searchZones('london')[0]).toBe('Europe/London');
    expect(searchZones('LONDON')[0]).toBe('Europe/London');
  });

  it('GIVEN the exact full name THEN it comes first', () => {
    expect(searchZones('europe/london')[0]).toBe('Europe/London');
    expect(searchZones('America/Indiana/Indianapolis')[0]).toBe('America/Indiana/Indianapolis');
  });

  it('GIVEN spaces for underscores THEN the zone is found ("new york")', () => {
    expect(searchZones('new york')[0]).toBe('America/New_York');
    expect(searchZones('port au prince')).toContain('America/Port-au-Prince');
  });

  it.each([
    ['kathmandu', 'Asia/Kathmandu'],
    ['kolkata', 'Asia/Kolkata'],
    ['kyiv', 'Europe/Kyiv'],
    ['nuuk', 'America/Nuuk'],
    ['kanton', 'Pacific/Kanton'],
    ['ho chi', 'Asia/Ho_Chi_Minh'],
  ])('GIVEN %j, a current name Node 20 does not list THEN %s comes first', (query, expected) => {
    expect(searchZones(query)[0]).toBe(expected);
  });

  it('GIVEN the outdated spelling ICU lists ("kiev", "calcutta") THEN the current name is offered', () => {
    expect(searchZones('kiev')).toEqual(['Europe/Kyiv']);
    expect(searchZones('calcutta')).toEqual(['Asia/Kolkata']);
  });

  it('GIVEN "utc" THEN UTC comes first', () => {
    expect(searchZones('utc')[0]).toBe('UTC');
  });

  it('GIVEN a query matching inside a word only THEN whole-segment matches rank above it', () => {
    // "york" starts the word York in New_York, which beats names merely containing the letters.
    expect(searchZones('york')[0]).toBe('America/New_York');
    // Part-start ("america/…") before substring: every America/ zone matches "america".
    expect(searchZones('america').every((name) => name.startsWith('America/'))).toBe(true);
  });

  it('GIVEN a broad query THEN no more than 25 names, or the limit asked for, come back', () => {
    expect(searchZones('a')).toHaveLength(25);
    expect(searchZones('a', 5)).toHaveLength(5);
    expect(searchZones('a', 0)).toEqual([]);
  });

  it('GIVEN an empty query THEN a short list of common zones comes back, UTC first', () => {
    const common = searchZones('');
    expect(common[0]).toBe('UTC');
    expect(common).toContain('Europe/London');
    expect(common).toContain('America/New_York');
    expect(common.length).toBeGreaterThan(5);
    expect(common.length).toBeLessThanOrEqual(25);
    expect(searchZones('   ', 3)).toEqual(common.slice(0, 3));
  });

  it('GIVEN a query that matches nothing THEN the list is empty', () => {
    expect(searchZones('zzzz')).toEqual([]);
    expect(searchZones('x'.repeat(200))).toEqual([]);
  });

  it('GIVEN any suggestion THEN resolveZone accepts it unchanged', () => {
    const suggestions = new Set(searchZones(''));
    for (const letter of 'abcdefghijklmnopqrstuvwxyz') for (const name of searchZones(letter)) suggestions.add(name);
    for (const name of suggestions) expect(resolveZone(name)).toBe(name);
  });

  it('GIVEN UTC offsets in the Etc area THEN they are not suggested, as their signs read backwards', () => {
    expect(searchZones('gmt+5')).toEqual([]);
  });
});

describe('slotForDate: Europe/London', () => {
  const zone = 'Europe/London';

  it('GIVEN a normal winter day THEN local time equals UTC', () => {
    expect(iso(slotForDate('2026-03-28', t(9), zone))).toEqual({
      localDate: '2026-03-28',
      at: '2026-03-28T09:00:00.000Z',
    });
  });

  it('GIVEN a normal summer day THEN local time is UTC+1', () => {
    expect(iso(slotForDate('2026-03-30', t(9), zone))).toEqual({
      localDate: '2026-03-30',
      at: '2026-03-30T08:00:00.000Z',
    });
  });

  it('GIVEN spring forward (01:00→02:00 on 2026-03-29) and 01:30 THEN the slot is 02:00 BST = 01:00Z', () => {
    expect(iso(slotForDate('2026-03-29', t(1, 30), zone))).toEqual({
      localDate: '2026-03-29',
      at: '2026-03-29T01:00:00.000Z',
    });
  });

  it('GIVEN spring forward and 01:00 exactly THEN that time is skipped too and the slot is 02:00 BST', () => {
    expect(slotForDate('2026-03-29', t(1, 0), zone).at.toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('GIVEN spring forward and a time either side of the gap THEN it is unaffected', () => {
    expect(slotForDate('2026-03-29', t(0, 59), zone).at.toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(slotForDate('2026-03-29', t(2, 0), zone).at.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(slotForDate('2026-03-29', t(9), zone).at.toISOString()).toBe('2026-03-29T08:00:00.000Z');
  });

  it('GIVEN fall back (02:00→01:00 on 2026-10-25) and 01:30 THEN the slot is the first 01:30 (BST, 00:30Z)', () => {
    expect(iso(slotForDate('2026-10-25', t(1, 30), zone))).toEqual({
      localDate: '2026-10-25',
      at: '2026-10-25T00:30:00.000Z',
    });
  });

  it('GIVEN fall back and 01:30 THEN the second 01:30 is not another slot: the next is on 2026-10-26', () => {
    const first = slotForDate('2026-10-25', t(1, 30), zone);
    expect(iso(nextSlot(t(1, 30), zone, first.at))).toEqual({
      localDate: '2026-10-26',
      at: '2026-10-26T01:30:00.000Z',
    });
    expect(iso(nextSlot(t(1, 30), zone, utc('2026-10-25T01:30:00Z')))).toEqual({
      localDate: '2026-10-26',
      at: '2026-10-26T01:30:00.000Z',
    });
  });

  it('GIVEN the fall-back day and a time after the repeated hour THEN it is in GMT', () => {
    expect(slotForDate('2026-10-25', t(9), zone).at.toISOString()).toBe('2026-10-25T09:00:00.000Z');
    expect(slotForDate('2026-10-24', t(9), zone).at.toISOString()).toBe('2026-10-24T08:00:00.000Z');
  });
});

describe('slotForDate: America/New_York', () => {
  const zone = 'America/New_York';

  it('GIVEN spring forward (02:00→03:00 on 2026-03-08) and 02:30 THEN the slot is 03:00 EDT = 07:00Z', () => {
    expect(iso(slotForDate('2026-03-08', t(2, 30), zone))).toEqual({
      localDate: '2026-03-08',
      at: '2026-03-08T07:00:00.000Z',
    });
  });

  it('GIVEN the days either side of spring forward THEN 09:00 is 14:00Z (EST) and 13:00Z (EDT)', () => {
    expect(slotForDate('2026-03-07', t(9), zone).at.toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(slotForDate('2026-03-08', t(9), zone).at.toISOString()).toBe('2026-03-08T13:00:00.000Z');
    expect(slotForDate('2026-03-09', t(9), zone).at.toISOString()).toBe('2026-03-09T13:00:00.000Z');
  });

  it('GIVEN fall back (02:00→01:00 on 2026-11-01) and 01:30 THEN the slot is the first 01:30 (EDT, 05:30Z)', () => {
    expect(iso(slotForDate('2026-11-01', t(1, 30), zone))).toEqual({
      localDate: '2026-11-01',
      at: '2026-11-01T05:30:00.000Z',
    });
    expect(iso(nextSlot(t(1, 30), zone, utc('2026-11-01T05:30:00Z')))).toEqual({
      localDate: '2026-11-02',
      at: '2026-11-02T06:30:00.000Z',
    });
  });

  it('GIVEN the days either side of fall back THEN 09:00 is 13:00Z (EDT) and 14:00Z (EST)', () => {
    expect(slotForDate('2026-10-31', t(9), zone).at.toISOString()).toBe('2026-10-31T13:00:00.000Z');
    expect(slotForDate('2026-11-01', t(9), zone).at.toISOString()).toBe('2026-11-01T14:00:00.000Z');
  });

  it('GIVEN midnight on a normal day THEN the slot is the start of that date', () => {
    expect(iso(slotForDate('2026-06-01', t(0), zone))).toEqual({
      localDate: '2026-06-01',
      at: '2026-06-01T04:00:00.000Z',
    });
  });
});

describe('slotForDate: Australia/Lord_Howe (half-hour daylight saving)', () => {
  const zone = 'Australia/Lord_Howe';

  it('GIVEN summer (+11) and winter (+10:30) days THEN 09:00 is 22:00Z and 22:30Z the day before', () => {
    expect(iso(slotForDate('2026-01-15', t(9), zone))).toEqual({
      localDate: '2026-01-15',
      at: '2026-01-14T22:00:00.000Z',
    });
    expect(iso(slotForDate('2026-07-01', t(9), zone))).toEqual({
      localDate: '2026-07-01',
      at: '2026-06-30T22:30:00.000Z',
    });
  });

  it('GIVEN the end of summer time (02:00→01:30 on 2026-04-05) and 01:45 THEN the slot is the first 01:45 (+11)', () => {
    expect(iso(slotForDate('2026-04-05', t(1, 45), zone))).toEqual({
      localDate: '2026-04-05',
      at: '2026-04-04T14:45:00.000Z',
    });
    expect(nextSlot(t(1, 45), zone, utc('2026-04-04T14:45:00Z')).localDate).toBe('2026-04-06');
  });

  it('GIVEN the start of summer time (02:00→02:30 on 2026-10-04) and 02:15 THEN the slot is 02:30 (+11)', () => {
    expect(iso(slotForDate('2026-10-04', t(2, 15), zone))).toEqual({
      localDate: '2026-10-04',
      at: '2026-10-03T15:30:00.000Z',
    });
    expect(slotForDate('2026-10-04', t(2, 30), zone).at.toISOString()).toBe('2026-10-03T15:30:00.000Z');
    expect(slotForDate('2026-10-04', t(1, 59), zone).at.toISOString()).toBe('2026-10-03T15:29:00.000Z');
  });
});

describe('slotForDate: other zones', () => {
  it('GIVEN Asia/Kathmandu (+05:45) THEN 09:00 local is 03:15Z', () => {
    expect(iso(slotForDate('2026-03-29', t(9), 'Asia/Kathmandu'))).toEqual({
      localDate: '2026-03-29',
      at: '2026-03-29T03:15:00.000Z',
    });
  });

  it('GIVEN Pacific/Apia (+13, no daylight saving now) THEN 09:00 local is 20:00Z the day before, all year', () => {
    expect(slotForDate('2026-01-15', t(9), 'Pacific/Apia').at.toISOString()).toBe('2026-01-14T20:00:00.000Z');
    expect(slotForDate('2026-07-15', t(9), 'Pacific/Apia').at.toISOString()).toBe('2026-07-14T20:00:00.000Z');
  });

  it('GIVEN UTC THEN the slot is the time itself', () => {
    expect(iso(slotForDate('2026-03-29', t(9, 30), 'UTC'))).toEqual({
      localDate: '2026-03-29',
      at: '2026-03-29T09:30:00.000Z',
    });
  });

  it('GIVEN Pacific/Apia skipped 2011-12-30 (Dec 29 -10 → Dec 31 +14) THEN that date has no slot', () => {
    expect(() => slotForDate('2011-12-30', t(9), 'Pacific/Apia')).toThrow(RangeError);
    expect(slotForDate('2011-12-29', t(9), 'Pacific/Apia').at.toISOString()).toBe('2011-12-29T19:00:00.000Z');
    expect(slotForDate('2011-12-31', t(9), 'Pacific/Apia').at.toISOString()).toBe('2011-12-30T19:00:00.000Z');
    // Midnight of Dec 31 is the instant the clock landed on.
    expect(slotForDate('2011-12-31', t(0), 'Pacific/Apia').at.toISOString()).toBe('2011-12-30T10:00:00.000Z');
  });

  it('GIVEN the day before Apia skipped a date THEN the next slot is on Dec 31, 24 hours later', () => {
    const dec29 = slotForDate('2011-12-29', t(9), 'Pacific/Apia');
    expect(iso(nextSlot(t(9), 'Pacific/Apia', dec29.at))).toEqual({
      localDate: '2011-12-31',
      at: '2011-12-30T19:00:00.000Z',
    });
  });

  it('GIVEN a malformed date, time or zone THEN it throws a RangeError', () => {
    expect(() => slotForDate('2026-02-30', t(9), 'UTC')).toThrow(RangeError);
    expect(() => slotForDate('2026-3-29', t(9), 'UTC')).toThrow(RangeError);
    expect(() => slotForDate('2026-03-29', t(24), 'UTC')).toThrow(RangeError);
    expect(() => slotForDate('2026-03-29', t(9), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('nextSlot', () => {
  const zone = 'Europe/London';

  it('GIVEN a channel enabled before today’s time THEN the next slot is today', () => {
    expect(iso(nextSlot(t(9), zone, utc('2026-06-10T07:59:00Z')))).toEqual({
      localDate: '2026-06-10',
      at: '2026-06-10T08:00:00.000Z',
    });
  });

  it('GIVEN a channel enabled after today’s time THEN the next slot is tomorrow', () => {
    expect(iso(nextSlot(t(9), zone, utc('2026-06-10T08:00:01Z')))).toEqual({
      localDate: '2026-06-11',
      at: '2026-06-11T08:00:00.000Z',
    });
  });

  it('GIVEN a channel enabled at exactly its time THEN that counts as passed and the next slot is tomorrow', () => {
    expect(iso(nextSlot(t(9), zone, utc('2026-06-10T08:00:00.000Z')))).toEqual({
      localDate: '2026-06-11',
      at: '2026-06-11T08:00:00.000Z',
    });
  });

  it('GIVEN one millisecond before the time THEN the slot is still today', () => {
    expect(nextSlot(t(9), zone, utc('2026-06-10T07:59:59.999Z')).localDate).toBe('2026-06-10');
  });

  it('GIVEN a zone ahead of UTC where the local date is already tomorrow THEN the slot is on the local date', () => {
    // 20:00Z on June 10 is 09:00 on June 11 in Apia (+13).
    expect(iso(nextSlot(t(9), 'Pacific/Apia', utc('2026-06-10T19:30:00Z')))).toEqual({
      localDate: '2026-06-11',
      at: '2026-06-10T20:00:00.000Z',
    });
  });

  it('GIVEN spring forward in between THEN the next slot is 23 hours later in UTC at the same local time', () => {
    const before = slotForDate('2026-03-07', t(9), 'America/New_York');
    const next = nextSlot(t(9), 'America/New_York', before.at);
    expect(next.localDate).toBe('2026-03-08');
    expect(next.at.getTime() - before.at.getTime()).toBe(23 * HOUR_MS);
    expect(localDateOf(next.at, 'America/New_York')).toBe('2026-03-08');

    const london = slotForDate('2026-03-28', t(9), zone);
    expect(nextSlot(t(9), zone, london.at).at.getTime() - london.at.getTime()).toBe(23 * HOUR_MS);
  });

  it('GIVEN fall back in between THEN the next slot is 25 hours later in UTC at the same local time', () => {
    const before = slotForDate('2026-10-31', t(9), 'America/New_York');
    const next = nextSlot(t(9), 'America/New_York', before.at);
    expect(iso(next)).toEqual({ localDate: '2026-11-01', at: '2026-11-01T14:00:00.000Z' });
    expect(next.at.getTime() - before.at.getTime()).toBe(25 * HOUR_MS);

    const london = slotForDate('2026-10-24', t(9), zone);
    expect(nextSlot(t(9), zone, london.at).at.getTime() - london.at.getTime()).toBe(25 * HOUR_MS);
  });

  it('GIVEN an invalid Date THEN it throws a RangeError', () => {
    expect(() => nextSlot(t(9), zone, new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('dueSlot', () => {
  const zone = 'America/New_York';
  const today = { localDate: '2026-06-10', at: '2026-06-10T13:00:00.000Z' }; // 09:00 EDT

  it('GIVEN now within the catch-up window after today’s time THEN today’s slot is due', () => {
    expect(iso(dueSlot(t(9), zone, utc('2026-06-10T13:00:00Z'), SIX_HOURS_MS, null))).toEqual(today);
    expect(iso(dueSlot(t(9), zone, utc('2026-06-10T18:59:59.999Z'), SIX_HOURS_MS, '2026-06-09'))).toEqual(today);
  });

  it('GIVEN now at or past the end of the window THEN nothing is due (the missed post is dropped)', () => {
    expect(dueSlot(t(9), zone, utc('2026-06-10T19:00:00Z'), SIX_HOURS_MS, '2026-06-09')).toBeNull();
    expect(dueSlot(t(9), zone, utc('2026-06-10T23:00:00Z'), SIX_HOURS_MS, null)).toBeNull();
  });

  it('GIVEN today’s date already posted THEN nothing is due', () => {
    expect(dueSlot(t(9), zone, utc('2026-06-10T13:05:00Z'), SIX_HOURS_MS, '2026-06-10')).toBeNull();
  });

  it('GIVEN a last posted date later than the due slot THEN nothing is due', () => {
    expect(dueSlot(t(9), zone, utc('2026-06-10T13:05:00Z'), SIX_HOURS_MS, '2026-06-11')).toBeNull();
  });

  it('GIVEN yesterday posted and today’s slot due THEN today’s slot is returned', () => {
    expect(iso(dueSlot(t(9), zone, utc('2026-06-10T14:00:00Z'), SIX_HOURS_MS, '2026-06-09'))).toEqual(today);
  });

  it('GIVEN now before today’s time and a 6 h window THEN nothing is due: yesterday’s slot is past its window', () => {
    expect(dueSlot(t(9), zone, utc('2026-06-10T12:59:00Z'), SIX_HOURS_MS, '2026-06-08')).toBeNull();
  });

  it('GIVEN now before today’s time but inside a window longer than a day THEN yesterday’s slot is due', () => {
    expect(iso(dueSlot(t(9), zone, utc('2026-06-10T12:59:00Z'), 30 * HOUR_MS, '2026-06-08'))).toEqual({
      localDate: '2026-06-09',
      at: '2026-06-09T13:00:00.000Z',
    });
  });

  it('GIVEN a window of 0 THEN nothing is ever due', () => {
    expect(dueSlot(t(9), zone, utc('2026-06-10T13:00:00Z'), 0, null)).toBeNull();
  });

  it('GIVEN the fall-back repeat of a London 01:30 slot already posted THEN no second post is due that date', () => {
    const london = 'Europe/London';
    const first = { localDate: '2026-10-25', at: '2026-10-25T00:30:00.000Z' };
    expect(iso(dueSlot(t(1, 30), london, utc('2026-10-25T00:30:00Z'), SIX_HOURS_MS, '2026-10-24'))).toEqual(first);
    // The second 01:30 (GMT): the latest slot is still the first one, which is posted.
    expect(dueSlot(t(1, 30), london, utc('2026-10-25T01:30:00Z'), SIX_HOURS_MS, '2026-10-25')).toBeNull();
    expect(iso(dueSlot(t(1, 30), london, utc('2026-10-25T01:30:00Z'), SIX_HOURS_MS, '2026-10-24'))).toEqual(first);
  });

  it('GIVEN spring forward pushed a New York 02:30 slot to 03:00 THEN it is due from 03:00 EDT', () => {
    expect(dueSlot(t(2, 30), zone, utc('2026-03-08T06:59:59Z'), SIX_HOURS_MS, '2026-03-07')).toBeNull();
    expect(iso(dueSlot(t(2, 30), zone, utc('2026-03-08T07:00:00Z'), SIX_HOURS_MS, '2026-03-07'))).toEqual({
      localDate: '2026-03-08',
      at: '2026-03-08T07:00:00.000Z',
    });
  });

  it('GIVEN Apia on the day after its skipped date THEN the Dec 31 slot is due after Dec 29’s', () => {
    expect(iso(dueSlot(t(9), 'Pacific/Apia', utc('2011-12-30T20:00:00Z'), SIX_HOURS_MS, '2011-12-29'))).toEqual({
      localDate: '2011-12-31',
      at: '2011-12-30T19:00:00.000Z',
    });
  });

  it('GIVEN a negative or NaN window or a malformed last date THEN it throws a RangeError', () => {
    expect(() => dueSlot(t(9), zone, utc('2026-06-10T13:00:00Z'), -1, null)).toThrow(RangeError);
    expect(() => dueSlot(t(9), zone, utc('2026-06-10T13:00:00Z'), Number.NaN, null)).toThrow(RangeError);
    expect(() => dueSlot(t(9), zone, utc('2026-06-10T13:00:00Z'), SIX_HOURS_MS, 'yesterday')).toThrow(RangeError);
  });
});

describe('localDateOf', () => {
  it('GIVEN one instant THEN each zone gives its own calendar date', () => {
    const at = utc('2026-03-28T23:30:00Z');
    expect(localDateOf(at, 'UTC')).toBe('2026-03-28');
    expect(localDateOf(at, 'America/New_York')).toBe('2026-03-28');
    expect(localDateOf(at, 'Asia/Kathmandu')).toBe('2026-03-29');
    expect(localDateOf(at, 'Pacific/Apia')).toBe('2026-03-29');
  });

  it('GIVEN the instant of a slot THEN its local date is the slot’s date', () => {
    const slot = slotForDate('2026-10-04', t(2, 15), 'Australia/Lord_Howe');
    expect(localDateOf(slot.at, 'Australia/Lord_Howe')).toBe(slot.localDate);
  });

  it('GIVEN an unknown zone THEN it throws a RangeError', () => {
    expect(() => localDateOf(utc('2026-03-28T23:30:00Z'), 'Nowhere/Special')).toThrow(RangeError);
  });
});
