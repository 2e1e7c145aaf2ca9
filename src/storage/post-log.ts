import type { Knex } from 'knex';
import type { Database } from './database.ts';
import { databaseNowMs } from './db-time.ts';

/**
 * The outcome of trying to claim a channel's post for a date: 'claimed' (first claim),
 * 'reclaimed' (taken over, or claimed again by its owner: the message may already exist),
 * 'posted' (recorded already), 'held' (another owner is on it now).
 */
export type ClaimResult = 'claimed' | 'reclaimed' | 'posted' | 'held';

/** One channel and local date in the post log. */
export interface PostRecord {
  state: 'claimed' | 'posted';
  owner: string;
  messageId: string | null;
  /** When the post was recorded, on the bot's clock (what /smallwins status shows). */
  postedAt: number | null;
}

/** Rows carry a version so a later release can tell them apart. */
const POST_LOG_VERSION = 1;

/**
 * The post log: one row per channel and local date, so each daily post goes out once even
 * with several processes on one database. Claims use the database's own atomicity (one
 * INSERT … ON CONFLICT … DO UPDATE … WHERE … RETURNING, the same on both engines, never a
 * read then a write) and their leases are measured by the database's clock.
 */
export class PostLog {
  private readonly knex: Knex;

  constructor(private readonly db: Pick<Database, 'knex' | 'dialect'>) {
    this.knex = db.knex;
  }

  /**
   * Claims the post of a channel for a local date: the first claimant wins. A claim whose
   * owner has not finished within `leaseMs` of database time (it crashed, or was killed
   * between sending and recording) may be taken over, and is then 'reclaimed'.
   */
  async claimPost(channelId: string, localDate: string, owner: string, leaseMs: number): Promise<ClaimResult> {
    const { knex } = this;
    const rows = (await knex('post_log')
      .insert({
        channel_id: channelId,
        local_date: localDate,
        v: POST_LOG_VERSION,
        state: 'claimed',
        owner,
        claimed_at: databaseNowMs(knex, this.db.dialect),
      })
      .onConflict(['channel_id', 'local_date'])
      .merge({
        owner: knex.ref('excluded.owner'),
        claimed_at: knex.ref('excluded.claimed_at'),
        attempts: knex.raw('?? + 1', ['post_log.attempts']),
      })
      // excluded.claimed_at is the database's now, read once for the whole statement.
      .where('post_log.state', 'claimed')
      .andWhere((q) =>
        q
          .where('post_log.owner', knex.ref('excluded.owner'))
          .orWhere('post_log.claimed_at', '<=', knex.raw('?? - ?', ['excluded.claimed_at', leaseMs])),
      )
      .returning(['owner', 'attempts'])) as Array<{ owner: string; attempts: number }>;
    const row = rows[0];
    if (row?.owner === owner) return row.attempts > 1 ? 'reclaimed' : 'claimed';
    const existing = await this.postRecord(channelId, localDate);
    return existing?.state === 'posted' ? 'posted' : 'held';
  }

  /** Records that the post went out (at `at`, on the bot's clock); the claim becomes permanent. */
  async recordPost(channelId: string, localDate: string, messageId: string, at: number): Promise<void> {
    await this.knex('post_log')
      .where({ channel_id: channelId, local_date: localDate })
      .update({ state: 'posted', message_id: messageId, posted_at: at });
  }

  /** Gives a claim up after a failure, so a retry (by anyone) can claim it at once. Another owner's claim stays. */
  async releaseClaim(channelId: string, localDate: string, owner: string): Promise<void> {
    await this.knex('post_log').where({ channel_id: channelId, local_date: localDate, state: 'claimed', owner }).delete();
  }

  /** The post log's row for a channel and date, if any. */
  async postRecord(channelId: string, localDate: string): Promise<PostRecord | undefined> {
    const row = (await this.knex('post_log')
      .select('state', 'owner', 'message_id', 'posted_at')
      .where({ channel_id: channelId, local_date: localDate })
      .first()) as { state: PostRecord['state']; owner: string; message_id: string | null; posted_at: number | null } | undefined;
    return row && { state: row.state, owner: row.owner, messageId: row.message_id, postedAt: row.posted_at };
  }
}
