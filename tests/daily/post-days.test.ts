import { describe, expect, it } from 'vitest';
import { EVERY_DAY, isPostDay, parsePostDays, presetOf, suggestPostDays } from '../../src/daily/post-days.ts';
import { dueSlot, nextSlot, type Slot } from '../../src/daily/time-rules.ts';

const HOUR_MS = 3_600_000;
const iso = (slot: Slot | null) => slot && { localDate: slot.localDate, at: slot.at.toISOString() };
const nine = { hour: 9, minute: 0 };

describe('parsePostDays', () => {
  it.each([
    ['every day', EVERY_DAY],
    ['Every Day', EVERY_DAY],
    ['everyday', EVERY_DAY],
    ['', EVERY_DAY],
    ['weekdays', [1, 2, 3, 4, 5]],
    ['  WEEKENDS ', [6, 7]],
    ['mon, wed, fri', [1, 3, 5]],
    ['Monday,Thursday', [1, 4]],
    ['fri,mon', [1, 5]],
    ['tues, thurs, weds', [2, 3, 4]],
    ['sun, SUN, sunday', [7]],
    ['mon,tue,wed,thu,fri,sat,sun', EVERY_DAY],
  ])('GIVEN %j THEN it reads as ISO weekdays %j', (input, days) => {
    expect(parsePostDays(input)).toEqual(days);
  });

  it.each([['mo'], ['mon,,fri'], ['mon;fri'], ['funday'], ['mon, weekends'], [','], ['m'.repeat(101)]])(
    'GIVEN %j THEN it is refused',
    (input) => {
      expect(parsePostDays(input)).toBeNull();
    },
  );
});

describe('isPostDay and presetOf', () => {
  it('GIVEN weekdays THEN Monday 2026-11-30 is a post day and Saturday 2026-12-05 is not', () => {
    expect(isPostDay('2026-11-30', [1, 2, 3, 4, 5])).toBe(true);
    expect(isPostDay('2026-12-05', [1, 2, 3, 4, 5])).toBe(false);
  });

  it('GIVEN no days (an older record) or an empty list THEN every date is a post day', () => {
    expect(isPostDay('2026-12-05', undefined)).toBe(true);
    expect(isPostDay('2026-12-05', [])).toBe(true);
  });

  it('GIVEN the presets THEN they are recognised, and a list of names is not a preset', () => {
    expect(presetOf(undefined)).toBe('every day');
    expect(presetOf([1, 2, 3, 4, 5])).toBe('weekdays');
    expect(presetOf([6, 7])).toBe('weekends');
    expect(presetOf([1, 3, 5])).toBeNull();
  });
});

describe('suggestPostDays', () => {
  it('GIVEN nothing typed THEN the presets come first, then each day', () => {
    const all = suggestPostDays('', 25);
    expect(all.slice(0, 3)).toEqual(['every day', 'weekdays', 'weekends']);
    expect(all).toContain('mon');
    expect(all).toContain('sun');
  });

  it('GIVEN "week" THEN weekdays and weekends are offered', () => {
    expect(suggestPostDays('week', 25)).toEqual(['weekdays', 'weekends']);
  });

  it('GIVEN a list being typed ("mon, w") THEN the list is completed with the day that fits', () => {
    expect(suggestPostDays('mon, w', 25)).toEqual(['mon, wed']);
  });

  it('GIVEN a complete list ("Mon, Wed") THEN it is offered as it is and with each later day not in it', () => {
    const list = suggestPostDays('Mon, Wed', 25);
    expect(list).toContain('mon, wed');
    expect(list).toContain('mon, wed, fri');
    expect(list).not.toContain('mon, wed, mon');
  });

  it('GIVEN a day already chosen THEN it is not offered again', () => {
    expect(suggestPostDays('tue, t', 25)).toEqual(['tue, thu']);
  });

  it('GIVEN anything THEN every suggestion is read by parsePostDays, and there are at most `limit`', () => {
    for (const typed of [
      '',
      's',
      'mon,',
      'mon, tue, wed, thu, fri, sat',
      'xyz, m',
      'Monday, Thursday',
      `${'monday, '.repeat(11)}t`,
    ]) {
      const list = suggestPostDays(typed, 5);
      expect(list.length).toBeLessThanOrEqual(5);
      for (const s of list) expect(parsePostDays(s)).not.toBeNull();
    }
  });
});

describe('time rules with chosen days', () => {
  const monWedFri = [1, 3, 5];

  it('GIVEN mon, wed, fri and Monday after its time THEN the next slot is Wednesday, skipping Tuesday', () => {
    expect(iso(nextSlot(nine, 'Europe/London', new Date('2026-11-30T10:00Z'), monWedFri))).toEqual({
      localDate: '2026-12-02',
      at: '2026-12-02T09:00:00.000Z',
    });
  });

  it('GIVEN weekdays and Friday after its time THEN the next slot is Monday', () => {
    expect(iso(nextSlot(nine, 'America/New_York', new Date('2026-12-04T15:00Z'), [1, 2, 3, 4, 5]))).toEqual({
      localDate: '2026-12-07',
      at: '2026-12-07T14:00:00.000Z',
    });
  });

  it('GIVEN the local date decides THEN a zone ahead of UTC uses its own weekday (Sunday 23:00Z is Monday in Auckland)', () => {
    // 2026-11-29T23:00Z is Monday 12:00 NZDT: the next Monday 09:00 there is a week later.
    expect(iso(nextSlot(nine, 'Pacific/Auckland', new Date('2026-11-29T23:00Z'), [1]))).toEqual({
      localDate: '2026-12-07',
      at: '2026-12-06T20:00:00.000Z',
    });
  });

  it('GIVEN Sundays at 01:30 in London THEN the spring-forward Sunday (2026-03-29, 01:00→02:00) posts at 02:00 BST', () => {
    const slot = nextSlot({ hour: 1, minute: 30 }, 'Europe/London', new Date('2026-03-23T12:00Z'), [7]);
    expect(iso(slot)).toEqual({ localDate: '2026-03-29', at: '2026-03-29T01:00:00.000Z' });
    expect(
      iso(
        dueSlot(
          { hour: 1, minute: 30 },
          'Europe/London',
          new Date('2026-03-29T01:30Z'),
          6 * HOUR_MS,
          '2026-03-22',
          [7],
        ),
      ),
    ).toEqual({
      localDate: '2026-03-29',
      at: '2026-03-29T01:00:00.000Z',
    });
    // The Saturday before has no slot, and the following Sunday is back on 01:30 BST (00:30Z).
    expect(
      dueSlot({ hour: 1, minute: 30 }, 'Europe/London', new Date('2026-03-28T02:00Z'), 6 * HOUR_MS, '2026-03-22', [7]),
    ).toBeNull();
    expect(iso(nextSlot({ hour: 1, minute: 30 }, 'Europe/London', slot.at, [7]))).toEqual({
      localDate: '2026-04-05',
      at: '2026-04-05T00:30:00.000Z',
    });
  });

  it('GIVEN Fridays in Pacific/Apia THEN the skipped Friday 2011-12-30 has no slot and the next is 2012-01-06', () => {
    // 2011-12-24T00:00Z is Friday 12-23 14:00 in Apia (-10), after its 09:00.
    expect(iso(nextSlot(nine, 'Pacific/Apia', new Date('2011-12-24T00:00Z'), [5]))).toEqual({
      localDate: '2012-01-06',
      at: '2012-01-05T19:00:00.000Z',
    });
  });

  it('GIVEN Thursdays and Fridays in Pacific/Apia THEN Thursday 2011-12-29 (-10) posts and the next is Thursday 2012-01-05 (+14)', () => {
    const thursday = nextSlot(nine, 'Pacific/Apia', new Date('2011-12-24T00:00Z'), [4, 5]);
    expect(iso(thursday)).toEqual({ localDate: '2011-12-29', at: '2011-12-29T19:00:00.000Z' });
    expect(iso(nextSlot(nine, 'Pacific/Apia', thursday.at, [4, 5]))).toEqual({
      localDate: '2012-01-05',
      at: '2012-01-04T19:00:00.000Z',
    });
  });

  it('GIVEN a day that is not chosen THEN catch-up never posts on it, only the latest chosen day within the window', () => {
    const utc = 'UTC';
    // Tuesday 2026-12-01 10:00: Tuesday is not chosen, and Monday's 09:00 is past a 6-hour window.
    expect(dueSlot(nine, utc, new Date('2026-12-01T10:00Z'), 6 * HOUR_MS, '2026-11-27', monWedFri)).toBeNull();
    // With a 23-hour window, Tuesday 07:00 still catches up Monday's post, never a Tuesday one.
    expect(iso(dueSlot(nine, utc, new Date('2026-12-01T07:00Z'), 23 * HOUR_MS, '2026-11-27', monWedFri))).toEqual({
      localDate: '2026-11-30',
      at: '2026-11-30T09:00:00.000Z',
    });
    expect(dueSlot(nine, utc, new Date('2026-12-01T09:30Z'), 23 * HOUR_MS, '2026-11-30', monWedFri)).toBeNull();
  });
});
