import { DateTime } from 'luxon';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** The longest single /clock jump: ten years is past anything the bot keeps or schedules. */
const MAX_JUMP_DAYS = 3650;
const UNIT_MS = { d: DAY_MS, h: 3_600_000, m: MINUTE_MS } as const;

const USAGE = 'Use /clock +1d, /clock +3h, /clock +30m or /clock 09:00.';

/** Where `/clock <argument>` moves the bot's clock, or why it cannot. */
export type ClockMove = { ok: true; target: number } | { ok: false; error: string };

/**
 * Reads `/clock`'s argument: `+Nd`, `+Nh` or `+Nm` moves forward by that much;
 * `HH:MM` moves to the next time the viewer's clock in `timeZone` shows it (tomorrow's
 * when today's has passed). The clock never moves backwards, as a real one would not.
 */
export function parseClockMove(argument: string, now: number, timeZone: string): ClockMove {
  const step = /^\+(\d{1,7})([dhm])$/i.exec(argument);
  if (step) {
    const ms = Number(step[1]) * UNIT_MS[step[2]!.toLowerCase() as keyof typeof UNIT_MS];
    if (ms > MAX_JUMP_DAYS * DAY_MS)
      return { ok: false, error: `The clock moves at most ${MAX_JUMP_DAYS} days at a time (+${MAX_JUMP_DAYS}d).` };
    return { ok: true, target: now + ms };
  }
  const at = /^(\d{1,2}):(\d{2})$/.exec(argument);
  if (at) {
    const hour = Number(at[1]);
    const minute = Number(at[2]);
    if (hour > 23 || minute > 59) {
      return {
        ok: false,
        error: `${argument} is not a time of day: hours go from 00 to 23 and minutes from 00 to 59. ${USAGE}`,
      };
    }
    const zoned = DateTime.fromMillis(now, { zone: timeZone });
    const today = (zoned.isValid ? zoned : DateTime.fromMillis(now, { zone: 'UTC' })).set({
      hour,
      minute,
      second: 0,
      millisecond: 0,
    });
    const next = today.toMillis() > now ? today : today.plus({ days: 1 }).set({ hour, minute });
    return { ok: true, target: next.toMillis() };
  }
  return { ok: false, error: USAGE };
}

/** How an {@link advanceClock} is going, reported once per simulated day. */
export interface ClockProgress {
  /** The clock now. */
  at: number;
  /** Whole days moved so far, and in all. */
  day: number;
  days: number;
}

/**
 * Moves a clock forward to `to`, running `tick` at every minute on the way as node-cron
 * does in the running bot, so whatever falls due on the way happens at its own minute.
 * Between simulated days it lets the event loop turn, so the loopback and the screen
 * keep up; `progress` hears of each day.
 */
export async function advanceClock(p: {
  from: number;
  to: number;
  set: (at: number) => void;
  tick: () => Promise<void>;
  progress?: (progress: ClockProgress) => void;
}): Promise<void> {
  const days = Math.floor((p.to - p.from) / DAY_MS);
  let day = 0;
  for (let t = Math.ceil(p.from / MINUTE_MS) * MINUTE_MS; t <= p.to; t += MINUTE_MS) {
    p.set(t);
    await p.tick();
    const done = Math.floor((t - p.from) / DAY_MS);
    if (done > day) {
      day = done;
      p.progress?.({ at: t, day, days });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  p.set(p.to);
}
