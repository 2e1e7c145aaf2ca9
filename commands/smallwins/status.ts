import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { statusReply } from '../../src/replies/smallwins.ts';

/** /smallwins status: every channel of the server with daily posts, and any problem. */
export const status: SlashSubcommand<string> = {
  definition: subcommand('status', 'Every channel with daily posts here, and any problem'),
  async execute(interaction, ctx, guildId) {
    await interaction.reply(toReplyOptions(statusReply(ctx.daily.status(guildId))));
  },
};
