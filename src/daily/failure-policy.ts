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
export function afterRefusal(
  failedDates: readonly string[],
  localDate: string,
): { failedDates: string[]; switchOff: boolean } {
  const dates = [...new Set([...failedDates, localDate])];
  return { failedDates: dates, switchOff: dates.length >= MAX_FAILED_DAYS };
}

/**
 * Why a daily post attempt failed, for the metrics (a fixed set of labels):
 * 'missing-permissions' is decided before sending; the rest sort a thrown error.
 */
export type DailyFailureReason = 'missing-permissions' | FailureKind | 'store' | 'other';

/** Errors of Node's network stack, whoever's connection they broke. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/**
 * Sorts a failed send by where it failed, for an operator: Discord's refusals and
 * disappearances as {@link classifyFailure} does; then Discord's other answers and the
 * way to it ('transient': an HTTP status, a time-out, undici's errors); then the
 * database ('store': SQLite's codes, PostgreSQL's server errors, Knex's pool); a bare
 * network error (either side's) is 'transient'; anything else is 'other'.
 */
export function failureReason(error: unknown): Exclude<DailyFailureReason, 'missing-permissions'> {
  if (error === null || error === undefined) return 'other';
  const kind = classifyFailure(error);
  if (kind !== 'transient') return kind;
  const e = error as { status?: unknown; code?: unknown; name?: unknown; message?: unknown; severity?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (
    typeof e.status === 'number' ||
    e.name === 'AbortError' ||
    e.name === 'TimeoutError' ||
    code.startsWith('UND_ERR')
  )
    return 'transient';
  if (
    /^SQLITE_[A-Z]+/.test(code) ||
    /^SQLITE_[A-Z]+/.test(message) ||
    typeof e.severity === 'string' ||
    e.name === 'KnexTimeoutError'
  )
    return 'store';
  if (/Unable to acquire a connection|Connection terminated|the store is closed/i.test(message)) return 'store';
  if (NETWORK_CODES.has(code)) return 'transient';
  return 'other';
}
