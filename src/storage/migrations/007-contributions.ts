import type { Knex } from 'knex';
import type { Migration } from './index.ts';

/**
 * Members' contributions (issue 11): where a server's submissions wait for review, the
 * submissions themselves (suggested prompts and questions, anonymous small wins), and the
 * anonymous senders a moderator blocked. Timestamps are the bot's clock, in epoch ms.
 */
const contributions: Migration = {
  name: '007-contributions',
  async up(knex: Knex) {
    // One row per server that turned submissions on. The salt makes a sender's reference
    // opaque and different in every server (see senderRef in src/storage/contributions.ts).
    await knex.schema.createTable('contribution_settings', (t) => {
      t.text('guild_id').primary();
      t.text('review_channel_id');
      t.text('sender_salt').notNullable();
      t.bigInteger('updated_at').notNullable();
    });
    await knex.schema.createTable('submissions', (t) => {
      t.text('id').primary();
      t.text('guild_id').notNullable();
      /** 'prompt' | 'question' | 'win' */
      t.text('kind').notNullable();
      t.text('theme');
      t.text('text').notNullable();
      /** 'pending' | 'approved' | 'rejected' */
      t.text('status').notNullable();
      /** A suggestion's author while it waits (moderators see who suggests); null once decided. */
      t.text('author_id');
      /** An anonymous share's sender reference, for limits and blocking only; purged 30 days after created_at. */
      t.text('sender_ref');
      t.text('review_channel_id');
      t.text('review_message_id');
      /** Where an anonymous share was made: the daily post it answers. */
      t.text('source_channel_id');
      t.text('source_message_id');
      t.bigInteger('created_at').notNullable();
      t.text('decided_by');
      t.bigInteger('decided_at');
      t.index(['guild_id', 'author_id', 'status'], 'submissions_author');
      t.index(['guild_id', 'sender_ref', 'created_at'], 'submissions_sender');
      t.index(['created_at'], 'submissions_created_at');
    });
    await knex.schema.createTable('blocked_senders', (t) => {
      t.text('guild_id').notNullable();
      t.text('sender_ref').notNullable();
      /** The moderator who blocked; null once they erased their data (/mydata). */
      t.text('blocked_by');
      t.bigInteger('blocked_at').notNullable();
      t.primary(['guild_id', 'sender_ref']);
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('blocked_senders');
    await knex.schema.dropTableIfExists('submissions');
    await knex.schema.dropTableIfExists('contribution_settings');
  },
};

export default contributions;
