import type { Knex } from 'knex';
import type { Database } from './database.ts';
import { databaseNowMs, readDatabaseNow } from './db-time.ts';

/** How long a change stays in the feed: far longer than any process goes between two reads. */
export const SUBSCRIPTION_CHANGE_TTL_MS = 24 * 60 * 60 * 1000;

/** A server's channel whose subscription changed. */
export interface SubscriptionChange {
  guildId: string;
  channelId: string;
}

/**
 * The feed of subscription changes (table subscription_changes), in database time. A reader
 * keeps the database time of its last read and asks again from a little before it, so a
 * change committed late (PostgreSQL assigns the time before the commit) is still seen;
 * reading a change twice is harmless, since the reader compares with what it holds.
 */
export class SubscriptionChanges {
  private readonly knex: Knex;

  constructor(private readonly db: Pick<Database, 'knex' | 'dialect'>) {
    this.knex = db.knex;
  }

  /** Notes that a server's subscription of a channel changed (settings, or removed). */
  async note(guildId: string, channelId: string): Promise<void> {
    await this.knex('subscription_changes').insert({
      guild_id: guildId,
      channel_id: channelId,
      changed_at: databaseNowMs(this.knex, this.db.dialect),
    });
  }

  /** The database's clock now (epoch ms): where a reader's first read starts. */
  now(): Promise<number> {
    return readDatabaseNow(this.knex, this.db.dialect);
  }

  /** Channels changed at or after `since` (database time), each once, and the database's time of this read. */
  async since(since: number): Promise<{ changes: SubscriptionChange[]; readAt: number }> {
    const readAt = await this.now();
    const rows = (await this.knex('subscription_changes')
      .distinct('guild_id', 'channel_id')
      .where('changed_at', '>=', since)) as Array<{ guild_id: string; channel_id: string }>;
    return { changes: rows.map((r) => ({ guildId: r.guild_id, channelId: r.channel_id })), readAt };
  }

  /** Deletes changes older than a day; resolves with how many. */
  async purge(): Promise<number> {
    const { knex } = this;
    return knex('subscription_changes')
      .where('changed_at', '<', knex.raw('? - ?', [databaseNowMs(knex, this.db.dialect), SUBSCRIPTION_CHANGE_TTL_MS]))
      .delete();
  }
}
