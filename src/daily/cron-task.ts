import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../app/logger.ts';

/**
 * A node-cron task that runs `run` at second 0 of every minute, and writes nothing of
 * its own outside our JSON log. Left to itself node-cron prints coloured text to the
 * console, and after a clock jump one warning per skipped minute (1,439 for a day); here
 * its messages go to our logger, and a run of skipped minutes is one line.
 */
export function everyMinute(run: () => void, logger: Logger): ScheduledTask {
  const log = logger.child({ source: 'node-cron' });
  const task = cron.schedule('0 * * * * *', run, {
    logger: {
      info: (message) => log.info(message),
      warn: (message) => log.warn(message),
      error: (message, err) =>
        message instanceof Error ? log.error({ err: message }, message.message) : log.error({ err }, message),
      debug: (message, err) =>
        message instanceof Error ? log.debug({ err: message }, message.message) : log.debug({ err }, message),
    },
  });
  // node-cron reports each skipped minute at once, one after another, when it wakes; a
  // listener replaces its warning, and the minutes of one wake-up are summed up.
  let skipped: { count: number; first: Date; last: Date } | undefined;
  task.on('execution:missed', ({ date }) => {
    if (skipped) {
      skipped.count++;
      skipped.last = date;
      return;
    }
    skipped = { count: 1, first: date, last: date };
    setImmediate(() => {
      const { count, first, last } = skipped!;
      skipped = undefined;
      log.warn(
        { skippedMinutes: count, from: first.toISOString(), to: last.toISOString() },
        'the clock jumped forward (or the process was stalled): minutes were skipped; posts due in them go out at the next tick',
      );
    });
  });
  return task;
}
