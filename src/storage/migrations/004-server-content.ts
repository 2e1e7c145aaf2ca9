import type { Knex } from 'knex';
import type { Migration } from './index.ts';

/**
 * A server's own content (/customize): its prompts and reflection questions, and its
 * settings (which pools it draws from, its support note). `text_key` is the text folded
 * for comparison, so the same prompt typed twice in another case or spacing is one.
 */
const serverContent: Migration = {
  name: '004-server-content',
  async up(knex: Knex) {
    await knex.schema.createTable('server_prompts', (t) => {
      t.text('guild_id').notNullable();
      t.text('id').notNullable();
      t.text('text').notNullable();
      t.text('text_key').notNullable();
      t.bigInteger('created_at').notNullable();
      t.primary(['guild_id', 'id']);
      t.unique(['guild_id', 'text_key']);
    });
    await knex.schema.createTable('server_questions', (t) => {
      t.text('guild_id').notNullable();
      t.text('id').notNullable();
      t.text('theme').notNullable();
      t.text('text').notNullable();
      t.text('text_key').notNullable();
      t.bigInteger('created_at').notNullable();
      t.primary(['guild_id', 'id']);
      t.unique(['guild_id', 'text_key']);
    });
    await knex.schema.createTable('server_settings', (t) => {
      t.text('guild_id').primary();
      t.text('prompt_pool').notNullable();
      t.text('question_pool').notNullable();
      t.text('support_note');
      t.bigInteger('updated_at').notNullable();
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('server_settings');
    await knex.schema.dropTableIfExists('server_questions');
    await knex.schema.dropTableIfExists('server_prompts');
  },
};

export default serverContent;
