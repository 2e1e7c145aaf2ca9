import { ApplicationCommandOptionType } from 'discord.js';
import { serverCommand, shareOption, type SlashCommand } from '../src/discord/slash-command.ts';
import { articleContentsReply, articleSectionReply, resolveSection, sectionChoices } from '../src/replies/article.ts';
import { answerComponent, toReplyOptions } from '../src/discord/respond.ts';
import { UserError } from '../src/discord/errors.ts';

/** /article [section] [share]: the contents, or one section with paging buttons. */
export const article: SlashCommand = {
  name: 'article',
  definition: () =>
    serverCommand('article', 'Read the article on reconnecting after hardship, one section at a time', [
      {
        type: ApplicationCommandOptionType.String,
        name: 'section',
        description: 'The section to open (start typing a word of its title)',
        autocomplete: true,
        max_length: 100,
      },
      shareOption(),
    ]),
  async execute(interaction, ctx) {
    const section = interaction.options.getString('section');
    const ephemeral = !interaction.options.getBoolean('share');
    const reply =
      section === null
        ? articleContentsReply(ctx.content, { ephemeral })
        : articleSectionReply(ctx.content, resolveSection(ctx.content, section).id, { ephemeral });
    await interaction.reply(toReplyOptions(reply));
  },
  async autocomplete(interaction, ctx) {
    await interaction.respond(sectionChoices(ctx.content, interaction.options.getFocused()));
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
