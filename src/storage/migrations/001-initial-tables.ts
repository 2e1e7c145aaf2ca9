import type { Knex } from 'knex';
import type { Migration } from './index.ts';

/**
 * The tables the bot had before migrations existed, created with the same columns, so a
 * SQLite file made by an earlier release opens as it is (each table is created only where
 * it is missing). Millisecond timestamps are bigint, which PostgreSQL needs past 2038.
 */
const initialTables: Migration = {
  name: '001-initial-tables',
  async up(knex: Knex) {
    // Keyv's adapters create their table themselves too; created here first, it is part of
    // the versioned shape, and processes starting together never race to create it.
    if (!(await knex.schema.hasTable('keyv'))) {
      await knex.schema.createTable('keyv', (t) => {
        t.string('key', 255).primary();
        t.text('value');
      });
    }
    // One row per channel and local date: the atomic claim that makes a daily post go out once.
    if (!(await knex.schema.hasTable('post_log'))) {
      await knex.schema.createTable('post_log', (t) => {
        t.text('channel_id').notNullable();
        t.text('local_date').notNullable();
        t.integer('v').notNullable();
        t.text('state').notNullable();
        t.text('owner').notNullable();
        t.bigInteger('claimed_at').notNullable();
        t.text('message_id');
        t.bigInteger('posted_at');
        t.integer('attempts').notNullable().defaultTo(1);
        t.primary(['channel_id', 'local_date']);
      });
    }
    // A member's reflection history: the ids seen (JSON), until expires_at.
    if (!(await knex.schema.hasTable('reflect_history'))) {
      await knex.schema.createTable('reflect_history', (t) => {
        t.text('user_id').primary();
        t.integer('v').notNullable();
        t.text('seen').notNullable();
        t.bigInteger('expires_at').notNullable();
      });
    }
  },
  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('reflect_history');
    await knex.schema.dropTableIfExists('post_log');
    await knex.schema.dropTableIfExists('keyv');
  },
};

export default initialTables;
