/**
 * How a failed daily post is handled, as rules: which failures wait for the next day,
 * which end the subscription and which are retried; how long a retry waits; and how many
 * refused days in a row switch a channel off. Pure: post-outcomes.ts applies them.
 */

/** How a failed send is handled. */
export type FailureKind = 'forbidden' | 'gone' | 'transient';

/** Sorts a send failure: 403s wait for the next day, 404s end the subscription, the rest are retried. */
export function classifyFailure(error: unknown): FailureKind {
  const e = error as { status?: number; code?: number | string; name?: string };
  if (e.status === 403 || e.code === 50001 || e.code === 50013) return 'forbidden';
  if (e.status === 404 || e.code === 10003) return 'gone';
  return 'transient';
}

/** Consecutive days of refused posts after which a channel is opted out. */
export const MAX_FAILED_DAYS = 3;

const MINUTE_MS = 60_000;

/** The wait before retrying a transient failure, by attempt (1, 2, …): 1, 2, 4… minutes, at most 30. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30 * MINUTE_MS, MINUTE_MS * 2 ** (attempt - 1));
}

/** The refused dates once `localDate` is refused too, and whether that switches the channel off. */
export function afterRefusal(failedDates: readonly string[], localDate: string): { failedDates: string[]; switchOff: boolean } {
  const dates = [...new Set([...failedDates, localDate])];
  return { failedDates: dates, switchOff: dates.length >= MAX_FAILED_DAYS };
}
