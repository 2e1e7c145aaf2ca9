import type { Knex } from 'knex';
import type { Migration } from './index.ts';

/**
 * What the store gained before it moved onto migrations: the time a send under a claim was
 * first attempted, the shared request budget, and an index for the hourly purge of expired
 * reflection histories. A SQLite file made by that release already has the first two
 * (created where missing, as that release did), so each step runs only where it is needed.
 */
const sendsAndBudget: Migration = {
  name: '002-sends-and-budget',
  async up(knex: Knex) {
    // Set before a send goes out: a later owner of the claim then looks in the channel first.
    if (!(await knex.schema.hasColumn('post_log', 'sending_at'))) {
      await knex.schema.alterTable('post_log', (t) => {
        t.bigInteger('sending_at');
      });
    }
    // One row per budget ('global'): the next free slot for a request, in database time.
    if (!(await knex.schema.hasTable('send_budget'))) {
      await knex.schema.createTable('send_budget', (t) => {
        t.text('name').primary();
        t.bigInteger('next_at').notNullable();
      });
    }
    // The same statement on both engines; Knex has no "if not exists" for an index.
    await knex.raw('CREATE INDEX IF NOT EXISTS reflect_history_expires_at ON reflect_history (expires_at)');
  },
  async down(knex: Knex) {
    await knex.raw('DROP INDEX IF EXISTS reflect_history_expires_at');
    await knex.schema.dropTableIfExists('send_budget');
    await knex.schema.alterTable('post_log', (t) => {
      t.dropColumn('sending_at');
    });
  },
};

export default sendsAndBudget;
