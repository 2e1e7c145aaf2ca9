import type { Knex } from 'knex';
import type { Logger } from '../app/logger.ts';
import type { Database } from './database.ts';

/** A member's reflection history expires after this long without a draw. */
export const REFLECT_HISTORY_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Rows carry a version so a later release can tell them apart. */
const HISTORY_VERSION = 1;
/** Recently active members' histories kept in memory. */
const RECENT_HISTORIES = 10_000;
/** How long a history write may wait to share a statement with others. */
const BATCH_MS = 100;
/** Rows per statement of a batched write. */
const ROWS_PER_STATEMENT = 100;

/**
 * Members' reflection histories: the ids of the questions each has seen, kept 30 days
 * after their last draw, measured by the bot's clock (`now`, which tests and the playground
 * move). Written in batches, since under load many members draw at once.
 */
export class ReflectHistories {
  private readonly knex: Knex;
  /**
   * Recently active members' histories, written through: a draw then costs no database
   * read. Bounded, oldest first out; an entry older than the expiry is not trusted.
   * (Another process's writes may be missed, which can only repeat a question during a
   * redeploy overlap.)
   */
  private readonly recent = new Map<string, { seen: string[]; at: number }>();
  /** Histories waiting for the next batched write, and the promise of that write. */
  private pending = new Map<string, string[]>();
  private pendingWrite: Promise<void> | undefined;
  /** Every batched write not yet stored, including one whose statements are running. */
  private readonly writes = new Set<Promise<void>>();

  constructor(
    db: Pick<Database, 'knex'>,
    private readonly now: () => number,
    private readonly logger?: Pick<Logger, 'info'>,
  ) {
    this.knex = db.knex;
  }

  /** A cached history is served only while its 30 days since the last draw are not over. */
  private fresh(recent: { at: number }, now: number): boolean {
    return now - recent.at < REFLECT_HISTORY_TTL_MS;
  }

  /** Ids of the reflection questions this member has seen since their history last reset. */
  async get(userId: string): Promise<string[]> {
    const now = this.now();
    const recent = this.recent.get(userId);
    if (recent && this.fresh(recent, now)) return recent.seen;
    if (recent) this.recent.delete(userId);
    const row = (await this.knex('reflect_history')
      .select('v', 'seen')
      .where('user_id', userId)
      .andWhere('expires_at', '>', now)
      .first()) as { v: number; seen: string } | undefined;
    return row?.v === HISTORY_VERSION ? (JSON.parse(row.seen) as string[]) : [];
  }

  /**
   * Replaces the member's history: at once in memory (so the next draw already sees it),
   * then in the database, where each write restarts the 30-day expiry. Writes made within
   * BATCH_MS share one statement: under load, one database call for many members instead
   * of one each. The promise settles when this history is stored.
   */
  save(userId: string, seen: string[]): Promise<void> {
    this.recent.delete(userId);
    this.recent.set(userId, { seen, at: this.now() });
    if (this.recent.size > RECENT_HISTORIES) this.recent.delete(this.recent.keys().next().value!);
    this.pending.set(userId, seen);
    if (!this.pendingWrite) {
      const write = new Promise<void>((resolve) => setTimeout(resolve, BATCH_MS)).then(() => this.flush());
      // Tracked until it lands, not only until it starts: an erase must wait for it.
      this.writes.add(write);
      void write.catch(() => undefined).finally(() => this.writes.delete(write));
      this.pendingWrite = write;
    }
    return this.pendingWrite;
  }

  private async flush(): Promise<void> {
    const batch = [...this.pending];
    this.pending = new Map();
    this.pendingWrite = undefined;
    const expiresAt = this.now() + REFLECT_HISTORY_TTL_MS;
    // Small statements, with a turn of the event loop between them, so a large batch
    // never holds up the members waiting for an answer.
    for (let i = 0; i < batch.length; i += ROWS_PER_STATEMENT) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      const rows = batch.slice(i, i + ROWS_PER_STATEMENT).map(([userId, seen]) => ({
        user_id: userId,
        v: HISTORY_VERSION,
        seen: JSON.stringify(seen),
        expires_at: expiresAt,
      }));
      await this.knex('reflect_history').insert(rows).onConflict('user_id').merge(['v', 'seen', 'expires_at']);
    }
  }

  /**
   * Deletes every history past its expiry, in the database and in memory; returns how many
   * rows were deleted.
   */
  async purgeExpired(): Promise<number> {
    const now = this.now();
    for (const [userId, recent] of this.recent) {
      if (!this.fresh(recent, now)) this.recent.delete(userId);
    }
    const purged = await this.knex('reflect_history').where('expires_at', '<=', now).delete();
    if (purged > 0) this.logger?.info({ purged }, 'expired reflection histories purged');
    return purged;
  }

  /** The member's stored history and when it expires, or undefined when none is kept (written first, so it is current). */
  async record(userId: string): Promise<{ seen: string[]; expiresAt: number } | undefined> {
    await this.settle();
    const row = (await this.knex('reflect_history')
      .select('v', 'seen', 'expires_at')
      .where('user_id', userId)
      .andWhere('expires_at', '>', this.now())
      .first()) as { v: number; seen: string; expires_at: number | string } | undefined;
    if (!row || row.v !== HISTORY_VERSION) return undefined;
    return { seen: JSON.parse(row.seen) as string[], expiresAt: Number(row.expires_at) };
  }

  /**
   * Deletes the member's history, in memory, from a write still waiting, and in the
   * database; resolves with how many question ids it held.
   */
  async erase(userId: string): Promise<number> {
    const cached = this.recent.get(userId)?.seen.length ?? 0;
    this.recent.delete(userId);
    this.pending.delete(userId);
    // A batch already being written may still hold it: let it land, then delete.
    await this.settle();
    const stored = await this.record(userId);
    await this.knex('reflect_history').where('user_id', userId).delete();
    return stored?.seen.length ?? cached;
  }

  /** Waits for the writes under way, if any (their failures were reported to their callers). */
  async settle(): Promise<void> {
    await Promise.all([...this.writes].map((w) => w.catch(() => undefined)));
  }
}
