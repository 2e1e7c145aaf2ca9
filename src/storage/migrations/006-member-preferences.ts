import type { Knex } from 'knex';
import type { Migration } from './index.ts';

/**
 * Each member's own choices (/preferences), one row per member for every server and DM:
 * the themes left out of /reflect draws (JSON ids) and whether heavier content shows a
 * content note first.
 */
const memberPreferences: Migration = {
  name: '006-member-preferences',
  async up(knex: Knex) {
    if (!(await knex.schema.hasTable('member_preferences'))) {
      await knex.schema.createTable('member_preferences', (t) => {
        t.text('user_id').primary();
        t.integer('v').notNullable();
        t.text('excluded_themes').notNullable();
        t.integer('content_notes').notNullable();
        t.bigInteger('updated_at').notNullable();
      });
    }
  },
  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('member_preferences');
  },
};

export default memberPreferences;
