import type { ContentPack } from '../src/content/content-pack.ts';
import { memberCommand, type SlashCommand } from '../src/discord/slash-command.ts';
import { toReplyOptions } from '../src/discord/respond.ts';
import { aboutReply } from '../src/replies/about.ts';

const definition = ({ strings }: Pick<ContentPack, 'strings'>) =>
  memberCommand('about', strings.t('commands.about.description'));

/** /about: what the bot is for, its commands and the support note (this server's own, if it has one). */
export const about: SlashCommand = {
  name: 'about',
  definition,
  async execute(interaction, ctx) {
    await interaction.reply(toReplyOptions(aboutReply(await ctx.customize.contentWithSupport(interaction.guildId))));
  },
};
