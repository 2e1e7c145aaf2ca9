import { ApplicationCommandOptionType } from 'discord.js';
import type { ContentPack } from '../src/content/content-pack.ts';
import { resolveSection, sectionChoices } from '../src/content/section-search.ts';
import { focusedOption, readOptions } from '../src/discord/command-options.ts';
import { UserError } from '../src/discord/errors.ts';
import { answerComponent, toReplyOptions } from '../src/discord/respond.ts';
import { memberCommand, shareOption, type BotContext, type SlashCommand } from '../src/discord/slash-command.ts';
import { preferencesOf } from '../src/members/member-choices.ts';
import { articleContentsReply, articleSectionReply } from '../src/replies/article.ts';

const definition = ({ strings }: Pick<ContentPack, 'strings'>) =>
  memberCommand('article', strings.t('commands.article.description'), [
    {
      type: ApplicationCommandOptionType.String,
      name: 'section',
      description: strings.t('commands.article.section'),
      autocomplete: true,
      max_length: 100,
    },
    shareOption(strings.t('commands.share')),
  ]);

/** Whether the member keeps content notes on, for a section that has one. */
async function notesOf(ctx: BotContext, userId: string): Promise<{ contentNotes: boolean }> {
  return { contentNotes: (await preferencesOf(ctx, userId)).contentNotes };
}

/** /article [section] [share]: the contents, or one section with paging buttons. */
export const article: SlashCommand = {
  name: 'article',
  definition,
  async execute(interaction, ctx) {
    const { section, share } = readOptions(interaction, definition(ctx.content));
    const ephemeral = !share;
    const reply =
      section === undefined
        ? articleContentsReply(ctx.content, { ephemeral })
        : articleSectionReply(ctx.content, resolveSection(ctx.content, section).id, { ephemeral, ...(await notesOf(ctx, interaction.user.id)) });
    await interaction.reply(toReplyOptions(reply));
  },
  async autocomplete(interaction, ctx) {
    await interaction.respond(sectionChoices(ctx.content, focusedOption(interaction, definition(ctx.content))?.value ?? ''));
  },
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
