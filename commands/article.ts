import { ApplicationCommandOptionType } from 'discord.js';
import { resolveSection, sectionChoices } from '../src/content/section-search.ts';
import { focusedOption, readOptions } from '../src/discord/command-options.ts';
import { UserError } from '../src/discord/errors.ts';
import { answerComponent, toReplyOptions } from '../src/discord/respond.ts';
import { serverCommand, shareOption, type SlashCommand } from '../src/discord/slash-command.ts';
import { articleContentsReply, articleSectionReply } from '../src/replies/article.ts';

const definition = serverCommand('article', 'Read the article on reconnecting after hardship, one section at a time', [
  {
    type: ApplicationCommandOptionType.String,
    name: 'section',
    description: 'The section to open (start typing a word of its title)',
    autocomplete: true,
    max_length: 100,
  },
  shareOption(),
]);

/** /article [section] [share]: the contents, or one section with paging buttons. */
export const article: SlashCommand = {
  name: definition.name,
  definition: () => definition,
  async execute(interaction, ctx) {
    const { section, share } = readOptions(interaction, definition);
    const ephemeral = !share;
    const reply =
      section === undefined
        ? articleContentsReply(ctx.content, { ephemeral })
        : articleSectionReply(ctx.content, resolveSection(ctx.content, section).id, { ephemeral });
    await interaction.reply(toReplyOptions(reply));
  },
  async autocomplete(interaction, ctx) {
    await interaction.respond(sectionChoices(ctx.content, focusedOption(interaction, definition)?.value ?? ''));
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
    if (!sectionId) throw new UserError('Pick a section from the menu.', 'stale-component');
    const id = sectionId;
    await answerComponent(interaction, (ephemeral) => articleSectionReply(ctx.content, id, { ephemeral }));
  },
};
