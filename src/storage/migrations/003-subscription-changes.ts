import type { Knex } from 'knex';
import type { Migration } from './index.ts';

/**
 * A feed of changes to subscriptions' settings (enable, disable), so that the process that
 * schedules a server learns of a change another process made (a rolling deploy's overlap,
 * a reshard) at its next tick. One row per change, in database time; kept a day.
 */
const subscriptionChanges: Migration = {
  name: '003-subscription-changes',
  async up(knex: Knex) {
    await knex.schema.createTable('subscription_changes', (t) => {
      t.increments('id');
      t.text('guild_id').notNullable();
      t.text('channel_id').notNullable();
      t.bigInteger('changed_at').notNullable();
      t.index(['changed_at'], 'subscription_changes_changed_at');
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('subscription_changes');
  },
};

export default subscriptionChanges;
