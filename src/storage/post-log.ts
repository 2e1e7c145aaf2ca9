import type { Knex } from 'knex';
import type { Database } from './database.ts';
import { databaseNowMs } from './db-time.ts';

/**
 * The outcome of trying to claim a channel's post for a date: 'claimed' (nothing was
 * sent for it yet), 'reclaimed' (claimed, but a send may already have reached Discord:
 * look in the channel first), 'posted' (recorded already), 'held' (another owner is on it).
 */
export type ClaimResult = 'claimed' | 'reclaimed' | 'posted' | 'held';

/** One channel and local date in the post log. */
export interface PostRecord {
  state: 'claimed' | 'sending' | 'posted';
  owner: string;
  messageId: string | null;
  /** When the post was recorded, on the bot's clock (what /smallwins status shows). */
  postedAt: number | null;
  /** When the first send under a claim was attempted, on the bot's clock. */
  sendingAt: number | null;
}

/** A claim's owner no longer holds it (its lease ran out and another took over): it must not send. */
export class ClaimLostError extends Error {
  constructor(channelId: string, localDate: string) {
    super(`the claim on ${channelId} ${localDate} was taken over`);
    this.name = 'ClaimLostError';
  }
}

/** Rows carry their own version: 2 marks a send before making it ('sending'). */
const POST_LOG_VERSION = 2;

/** States in which a claim is still open, and its owner may still send. */
const OPEN = ['claimed', 'sending'];

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
   * owner has not finished within `leaseMs` of database time (it crashed, or was killed)
   * may be taken over; the result says whether a send may already have gone out for it.
   */
  async claimPost(channelId: string, localDate: string, owner: string, leaseMs: number): Promise<ClaimResult> {
    const { knex } = this;
    // knex types an upsert's returned rows loosely; the assertion names the row.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
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
      .whereIn('post_log.state', OPEN)
      // A knex builder is a thenable, not a promise the callback leaves floating.
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      .andWhere((q) =>
        q
          .where('post_log.owner', knex.ref('excluded.owner'))
          .orWhere('post_log.claimed_at', '<=', knex.raw('?? - ?', ['excluded.claimed_at', leaseMs])),
      )
      .returning(['owner', 'state', 'v', 'attempts'])) as Array<{
      owner: string;
      state: string;
      v: number;
      attempts: number;
    }>;
    const row = rows[0];
    if (row?.owner === owner) {
      // Rows from before sends were recorded say nothing: a taken-over one may have been sent.
      const maySent = row.state === 'sending' || (row.v < POST_LOG_VERSION && row.attempts > 1);
      return maySent ? 'reclaimed' : 'claimed';
    }
    const existing = await this.postRecord(channelId, localDate);
    return existing?.state === 'posted' ? 'posted' : 'held';
  }

  /**
   * Records, before sending, that a send is about to go out under this claim (at `at`, on
   * the bot's clock); the first such time is kept, so a later look at the channel knows
   * where to start. Throws ClaimLostError when the claim is no longer this owner's: then it
   * must not send.
   */
  async markSending(channelId: string, localDate: string, owner: string, at: number): Promise<void> {
    const updated = await this.knex('post_log')
      .where({ channel_id: channelId, local_date: localDate, owner })
      .whereIn('state', OPEN)
      .update({
        state: 'sending',
        v: POST_LOG_VERSION,
        sending_at: this.knex.raw('COALESCE(??, ?)', ['sending_at', at]),
      });
    if (updated === 0) throw new ClaimLostError(channelId, localDate);
  }

  /** Extends a claim's lease, in database time, while its owner is still working on it. */
  async renewClaim(channelId: string, localDate: string, owner: string): Promise<void> {
    await this.knex('post_log')
      .where({ channel_id: channelId, local_date: localDate, owner })
      .whereIn('state', OPEN)
      .update({ claimed_at: databaseNowMs(this.knex, this.db.dialect) });
  }

  /** Records that the post went out (at `at`, on the bot's clock); the claim becomes permanent. */
  async recordPost(channelId: string, localDate: string, messageId: string, at: number): Promise<void> {
    await this.knex('post_log')
      .where({ channel_id: channelId, local_date: localDate })
      .update({ state: 'posted', message_id: messageId, posted_at: at });
  }

  /**
   * Gives a claim up after a failure, so a retry (by anyone) can claim it at once. A claim
   * under which a send was attempted keeps that fact, so the retry looks first. Another
   * owner's claim stays.
   */
  async releaseClaim(channelId: string, localDate: string, owner: string): Promise<void> {
    const mine = { channel_id: channelId, local_date: localDate, owner };
    await this.knex('post_log')
      .where({ ...mine, state: 'claimed' })
      .delete();
    await this.knex('post_log')
      .where({ ...mine, state: 'sending' })
      .update({ claimed_at: 0 });
  }

  /** The post log's row for a channel and date, if any. */
  async postRecord(channelId: string, localDate: string): Promise<PostRecord | undefined> {
    const row = (await this.knex('post_log')
      .select('state', 'owner', 'message_id', 'posted_at', 'sending_at')
      .where({ channel_id: channelId, local_date: localDate })
      .first()) as
      | {
          state: PostRecord['state'];
          owner: string;
          message_id: string | null;
          posted_at: number | null;
          sending_at: number | null;
        }
      | undefined;
    return (
      row && {
        state: row.state,
        owner: row.owner,
        messageId: row.message_id,
        postedAt: row.posted_at,
        sendingAt: row.sending_at,
      }
    );
  }
}
