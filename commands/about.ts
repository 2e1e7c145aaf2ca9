import { serverCommand, type SlashCommand } from '../src/discord/slash-command.ts';
import { toReplyOptions } from '../src/discord/respond.ts';
import { aboutReply } from '../src/replies/about.ts';

const definition = serverCommand('about', 'What Reconnect is for, its commands, and where to find support');

/** /about: what the bot is for, its commands and the support note. */
export const about: SlashCommand = {
  name: definition.name,
  definition: () => definition,
  async execute(interaction, ctx) {
    await interaction.reply(toReplyOptions(aboutReply(ctx.content)));
  },
};
