import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { statusReply } from '../../src/replies/smallwins.ts';

/** /smallwins status: every channel of the server with daily posts, and any problem. */
export const status: SlashSubcommand<string> = {
  definition: ({ strings }) => subcommand('status', strings.t('commands.smallwins.status.description')),
  async execute(interaction, ctx, guildId) {
    await interaction.reply(toReplyOptions(statusReply(ctx.content.strings, ctx.daily.status(guildId))));
  },
};
