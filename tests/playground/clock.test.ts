import { describe, expect, it } from 'vitest';
import { advanceClock, parseClockMove, type ClockProgress } from '../../playground/clock.ts';

const NOW = Date.parse('2026-03-28T10:30:00Z');
const target = (arg: string, timeZone = 'UTC') => {
  const move = parseClockMove(arg, NOW, timeZone);
  return move.ok ? new Date(move.target).toISOString() : move.error;
};

describe('parseClockMove: /clock arguments', () => {
  it('GIVEN +Nd, +Nh or +Nm THEN the clock moves forward by that much', () => {
    expect(target('+1d')).toBe('2026-03-29T10:30:00.000Z');
    expect(target('+3h')).toBe('2026-03-28T13:30:00.000Z');
    expect(target('+30m')).toBe('2026-03-28T11:00:00.000Z');
    expect(target('+400d')).toBe('2027-05-02T10:30:00.000Z');
  });

  it("GIVEN HH:MM THEN the clock moves to the next such time in the viewer's zone, tomorrow's once today's has passed", () => {
    expect(target('11:00')).toBe('2026-03-28T11:00:00.000Z');
    expect(target('09:00')).toBe('2026-03-29T09:00:00.000Z');
    // London springs forward on 29 March 2026: 09:00 that day is 08:00 UTC.
    expect(target('09:00', 'Europe/London')).toBe('2026-03-29T08:00:00.000Z');
    expect(target('23:59', 'Asia/Tokyo')).toBe('2026-03-28T14:59:00.000Z');
  });

  it('GIVEN a time that no clock shows, or a jump past ten years THEN it is refused with what would work', () => {
    expect(target('25:00')).toBe(
      '25:00 is not a time of day: hours go from 00 to 23 and minutes from 00 to 59. Use /clock +1d, /clock +3h, /clock +30m or /clock 09:00.',
    );
    expect(target('24:00')).toMatch(/^24:00 is not a time of day/);
    expect(target('09:60')).toMatch(/^09:60 is not a time of day/);
    expect(target('+3651d')).toBe('The clock moves at most 3650 days at a time (+3650d).');
    expect(target('-1d')).toBe('Use /clock +1d, /clock +3h, /clock +30m or /clock 09:00.');
    expect(target('tomorrow')).toBe('Use /clock +1d, /clock +3h, /clock +30m or /clock 09:00.');
  });
});

describe('advanceClock', () => {
  it('GIVEN a jump of days THEN it ticks at every minute on the way, ends at the target, and reports each day', async () => {
    let clock = NOW + 15_000;
    const ticks: number[] = [];
    const progress: ClockProgress[] = [];
    const to = clock + 3 * 86_400_000 + 5 * 60_000;
    await advanceClock({
      from: clock,
      to,
      set: (at) => (clock = at),
      tick: async () => void ticks.push(clock),
      progress: (p) => progress.push(p),
    });
    expect(clock).toBe(to);
    expect(ticks[0]).toBe(NOW + 60_000);
    expect(ticks).toHaveLength(3 * 1440 + 5);
    expect(ticks.every((t, i) => i === 0 || t - ticks[i - 1]! === 60_000)).toBe(true);
    expect(progress.map((p) => [p.day, p.days])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });
});
