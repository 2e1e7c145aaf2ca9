import type { Knex } from 'knex';
import type { Migration } from './index.ts';

/**
 * The change feed of 003 carries more than subscriptions: a server's own content
 * (/customize) and members' preferences, which every process caches. `kind` says which
 * (null: a subscription, as the previous release writes them); `subject` is what changed
 * when it is neither a server nor a channel (a bucket of members, never a member's id).
 * A process of the previous release reads the new rows as changes of no subscription and
 * passes over them.
 */
const changeKinds: Migration = {
  name: '008-change-kinds',
  async up(knex: Knex) {
    await knex.schema.alterTable('subscription_changes', (t) => {
      t.text('kind').nullable();
      t.text('subject').nullable();
    });
  },
  async down(knex: Knex) {
    await knex.schema.alterTable('subscription_changes', (t) => {
      t.dropColumn('subject');
      t.dropColumn('kind');
    });
  },
};

export default changeKinds;
