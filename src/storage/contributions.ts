import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from '../app/logger.ts';
import type { Database } from './database.ts';

/** An anonymous share's sender reference is deleted this long after the share. */
export const SENDER_LINK_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export type SubmissionKind = 'prompt' | 'question' | 'win';

/**
 * The reference that stands for an anonymous sender in one server: a hash of their id
 * with the server's own random salt. It lets the bot count a sender's shares and block
 * them without storing who they are, and it differs from server to server.
 */
export function senderRef(salt: string, userId: string): string {
  return createHash('sha256').update(`${salt}:${userId}`).digest('base64url').slice(0, 32);
}
export type SubmissionStatus = 'pending' | 'approved' | 'rejected';

/** One member's contribution as stored. */
export interface Submission {
  id: string;
  guildId: string;
  kind: SubmissionKind;
  theme: string | null;
  text: string;
  status: SubmissionStatus;
  /** A suggestion's author while it waits; null for anonymous shares and once decided. */
  authorId: string | null;
  /** An anonymous share's opaque sender reference, until purged. */
  senderRef: string | null;
  reviewChannelId: string | null;
  reviewMessageId: string | null;
  sourceChannelId: string | null;
  sourceMessageId: string | null;
  createdAt: number;
  decidedBy: string | null;
  decidedAt: number | null;
}

/** What a new submission carries; the rest is set by the store. */
export type NewSubmission = Pick<
  Submission,
  'guildId' | 'kind' | 'theme' | 'text' | 'authorId' | 'senderRef' | 'sourceChannelId' | 'sourceMessageId'
>;

/** A server's settings for contributions. */
export interface ContributionSettings {
  reviewChannelId: string | null;
  senderSalt: string;
}

interface SubmissionRow {
  id: string;
  guild_id: string;
  kind: SubmissionKind;
  theme: string | null;
  text: string;
  status: SubmissionStatus;
  author_id: string | null;
  sender_ref: string | null;
  review_channel_id: string | null;
  review_message_id: string | null;
  source_channel_id: string | null;
  source_message_id: string | null;
  created_at: number | string;
  decided_by: string | null;
  decided_at: number | string | null;
}

function fromRow(row: SubmissionRow): Submission {
  return {
    id: row.id,
    guildId: row.guild_id,
    kind: row.kind,
    theme: row.theme,
    text: row.text,
    status: row.status,
    authorId: row.author_id,
    senderRef: row.sender_ref,
    reviewChannelId: row.review_channel_id,
    reviewMessageId: row.review_message_id,
    sourceChannelId: row.source_channel_id,
    sourceMessageId: row.source_message_id,
    // PostgreSQL returns bigint as a string.
    createdAt: Number(row.created_at),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : Number(row.decided_at),
  };
}

/**
 * Members' contributions: each server's review channel, submissions and their review, and
 * blocked anonymous senders. Times are the bot's clock (`now`). An anonymous share's
 * sender reference is deleted 30 days after the share by the hourly purge.
 */
export class Contributions {
  private readonly knex: Knex;

  constructor(
    db: Pick<Database, 'knex'>,
    private readonly now: () => number,
    private readonly logger?: Pick<Logger, 'info'>,
  ) {
    this.knex = db.knex;
  }

  async settings(guildId: string): Promise<ContributionSettings | undefined> {
    const row = (await this.knex('contribution_settings').where('guild_id', guildId).first()) as
      { review_channel_id: string | null; sender_salt: string } | undefined;
    return row ? { reviewChannelId: row.review_channel_id, senderSalt: row.sender_salt } : undefined;
  }

  /** Sets (or with null, clears) the server's review channel; the salt, once made, never changes. */
  async setReviewChannel(guildId: string, channelId: string | null): Promise<ContributionSettings> {
    await this.knex('contribution_settings')
      .insert({
        guild_id: guildId,
        review_channel_id: channelId,
        sender_salt: randomBytes(16).toString('base64url'),
        updated_at: this.now(),
      })
      .onConflict('guild_id')
      .merge(['review_channel_id', 'updated_at']);
    return (await this.settings(guildId))!;
  }

  /** Stores a new pending submission and returns it with its id. */
  async add(submission: NewSubmission): Promise<Submission> {
    const id = randomBytes(8).toString('hex');
    const row = {
      id,
      guild_id: submission.guildId,
      kind: submission.kind,
      theme: submission.theme,
      text: submission.text,
      status: 'pending',
      author_id: submission.authorId,
      sender_ref: submission.senderRef,
      review_channel_id: null,
      review_message_id: null,
      source_channel_id: submission.sourceChannelId,
      source_message_id: submission.sourceMessageId,
      created_at: this.now(),
      decided_by: null,
      decided_at: null,
    };
    await this.knex('submissions').insert(row);
    return fromRow(row as SubmissionRow);
  }

  async get(id: string): Promise<Submission | undefined> {
    const row = (await this.knex('submissions').where('id', id).first()) as SubmissionRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Removes a submission that never reached its review channel. */
  async remove(id: string): Promise<void> {
    await this.knex('submissions').where('id', id).delete();
  }

  async setReviewMessage(id: string, channelId: string, messageId: string): Promise<void> {
    await this.knex('submissions')
      .where('id', id)
      .update({ review_channel_id: channelId, review_message_id: messageId });
  }

  /** The texts of a server's pending submissions of a kind (for refusing duplicates). */
  async pendingTexts(guildId: string, kind: SubmissionKind): Promise<string[]> {
    return (await this.knex('submissions')
      .where({ guild_id: guildId, kind, status: 'pending' })
      .pluck('text')) as string[];
  }

  /** How many suggestions of this member wait for review in the server. */
  async pendingCountBy(guildId: string, authorId: string): Promise<number> {
    const row = (await this.knex('submissions')
      .where({ guild_id: guildId, author_id: authorId, status: 'pending' })
      .count({ n: '*' })
      .first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  }

  /** How many anonymous shares this sender made in the server in the last `windowMs` of the bot's clock. */
  async sharesWithin(guildId: string, ref: string, windowMs: number): Promise<number> {
    const since = this.now() - windowMs;
    const row = (await this.knex('submissions')
      .where({ guild_id: guildId, sender_ref: ref, kind: 'win' })
      .andWhere('created_at', '>', since)
      .count({ n: '*' })
      .first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  }

  /**
   * Decides a pending submission, atomically: the first decision wins. Returns the
   * submission as it now is, and whether this call decided it. A decided suggestion no
   * longer keeps its author.
   */
  async decide(
    id: string,
    status: 'approved' | 'rejected',
    moderatorId: string,
  ): Promise<{ submission: Submission; decided: boolean; authorId: string | null } | undefined> {
    const before = await this.get(id);
    if (!before) return undefined;
    const changed = await this.knex('submissions')
      .where({ id, status: 'pending' })
      .update({ status, decided_by: moderatorId, decided_at: this.now(), author_id: null });
    const submission = await this.get(id);
    return submission ? { submission, decided: changed > 0, authorId: before.authorId } : undefined;
  }

  /** Puts an approval back to pending when what it leads to could not be done (the bot could not post). */
  async undoDecision(id: string, authorId: string | null): Promise<void> {
    await this.knex('submissions')
      .where({ id })
      .update({ status: 'pending', decided_by: null, decided_at: null, author_id: authorId });
  }

  async isBlocked(guildId: string, ref: string): Promise<boolean> {
    return (await this.knex('blocked_senders').where({ guild_id: guildId, sender_ref: ref }).first()) !== undefined;
  }

  /** Blocks an anonymous sender in a server; true when they were not blocked yet. */
  async block(guildId: string, ref: string, moderatorId: string): Promise<boolean> {
    const rows = await this.knex('blocked_senders')
      .insert({ guild_id: guildId, sender_ref: ref, blocked_by: moderatorId, blocked_at: this.now() })
      .onConflict(['guild_id', 'sender_ref'])
      .ignore()
      .returning('sender_ref');
    return rows.length > 0;
  }

  // ---- what is kept about one member (/mydata) ---------------------------

  /** The member's suggestions still waiting for review, in every server. */
  async waitingBy(userId: string): Promise<Submission[]> {
    const rows = (await this.knex('submissions')
      .where({ author_id: userId, status: 'pending' })
      .orderBy('created_at')) as SubmissionRow[];
    return rows.map(fromRow);
  }

  /** Withdraws the member's waiting suggestions (their review buttons then say it is gone); returns how many. */
  eraseWaitingBy(userId: string): Promise<number> {
    return this.knex('submissions').where({ author_id: userId, status: 'pending' }).delete();
  }

  /** The member's reference in each server that has contributions on, by server. */
  private async refsOf(userId: string): Promise<Array<{ guildId: string; ref: string }>> {
    const rows: Array<{ guild_id: string; sender_salt: string }> = await this.knex('contribution_settings').select(
      'guild_id',
      'sender_salt',
    );
    return rows.map((r) => ({ guildId: r.guild_id, ref: senderRef(r.sender_salt, userId) }));
  }

  /** The anonymous shares still linked to the member (within their 30 days), and the servers that blocked them. */
  async sharesOf(userId: string): Promise<{ shares: Submission[]; blockedIn: string[] }> {
    const shares: Submission[] = [];
    const blockedIn: string[] = [];
    for (const { guildId, ref } of await this.refsOf(userId)) {
      const rows = (await this.knex('submissions')
        .where({ guild_id: guildId, sender_ref: ref })
        .orderBy('created_at')) as SubmissionRow[];
      shares.push(...rows.map(fromRow));
      if (await this.isBlocked(guildId, ref)) blockedIn.push(guildId);
    }
    return { shares, blockedIn };
  }

  /**
   * Unlinks the member from their anonymous shares (the shares stay, anonymous as they
   * were); returns how many. A block stays: it is a moderator's decision about an unknown sender.
   */
  async unlinkSharesOf(userId: string): Promise<number> {
    let unlinked = 0;
    for (const { guildId, ref } of await this.refsOf(userId)) {
      unlinked += await this.knex('submissions')
        .where({ guild_id: guildId, sender_ref: ref })
        .update({ sender_ref: null });
    }
    return unlinked;
  }

  /** How many reviews and blocks this member made as a moderator. */
  async decisionsBy(userId: string): Promise<{ decided: number; blocked: number }> {
    const count = async (table: string, column: string) =>
      Number(
        ((await this.knex(table).where(column, userId).count({ n: '*' }).first()) as { n: number | string } | undefined)
          ?.n ?? 0,
      );
    return { decided: await count('submissions', 'decided_by'), blocked: await count('blocked_senders', 'blocked_by') };
  }

  /** Forgets which reviews and blocks this member made (the decisions themselves stand); returns how many. */
  async forgetDecisionsBy(userId: string): Promise<number> {
    const decided = await this.knex('submissions').where('decided_by', userId).update({ decided_by: null });
    const blocked = await this.knex('blocked_senders').where('blocked_by', userId).update({ blocked_by: null });
    return decided + blocked;
  }

  /** Deletes the sender references of anonymous shares older than 30 days; returns how many. */
  async purgeExpired(): Promise<number> {
    const purged = await this.knex('submissions')
      .whereNotNull('sender_ref')
      .andWhere('created_at', '<=', this.now() - SENDER_LINK_TTL_MS)
      .update({ sender_ref: null });
    if (purged > 0) this.logger?.info({ purged }, 'anonymous senders forgotten after 30 days');
    return purged;
  }
}
