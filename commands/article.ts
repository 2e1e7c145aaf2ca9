import { resolveSection, sectionChoices } from '../src/content/section-search.ts';
import { browseCommand } from '../src/discord/browse-command.ts';
import { UserError } from '../src/discord/errors.ts';
import { answerComponent } from '../src/discord/respond.ts';
import type { BotContext, SlashCommand } from '../src/discord/slash-command.ts';
import { preferencesOf } from '../src/members/member-choices.ts';
import { articleContentsReply, articleSectionReply } from '../src/replies/article.ts';

/** Whether the member keeps content notes on, for a section that has one. */
async function notesOf(ctx: BotContext, userId: string): Promise<{ contentNotes: boolean }> {
  return { contentNotes: (await preferencesOf(ctx, userId)).contentNotes };
}

/** /article [section] [share]: the contents, or one section with paging buttons. */
export const article: SlashCommand = {
  ...browseCommand({
    name: 'article',
    option: 'section',
    describe: (strings) => ({
      command: strings.t('commands.article.description'),
      option: strings.t('commands.article.section'),
    }),
    list: articleContentsReply,
    item: (content, value, options) => articleSectionReply(content, resolveSection(content, value).id, options),
    itemOptions: (ctx, userId) => notesOf(ctx, userId),
    choices: sectionChoices,
  }),
  components: ['article-open', 'article-go', 'article-contents'],
  async component(interaction, action, ctx) {
    if (action.kind === 'article-contents') {
      await answerComponent(interaction, (ephemeral) => articleContentsReply(ctx.content, { ephemeral }));
      return;
    }
    let sectionId: string | undefined;
    if (action.kind === 'article-go') sectionId = action.sectionId;
    else if (interaction.isStringSelectMenu()) sectionId = interaction.values[0];
    if (!sectionId) throw new UserError(ctx.content.strings.t('article.errors.pickFromMenu'), 'stale-component');
    const id = sectionId;
    const notes = await notesOf(ctx, interaction.user.id);
    await answerComponent(interaction, (ephemeral) => articleSectionReply(ctx.content, id, { ephemeral, ...notes }));
  },
};
