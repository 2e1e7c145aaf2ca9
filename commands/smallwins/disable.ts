import { readOptions } from '../../src/discord/command-options.ts';
import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { disabledReply } from '../../src/replies/smallwins.ts';
import { channelOption, postableChannel } from './channel-option.ts';

const definition = subcommand('disable', 'Stop the daily posts in a channel', [channelOption('The channel to stop posting in', true)]);

/** /smallwins disable channel: opts a channel out, or dismisses a switched-off channel's notice. */
export const disable: SlashSubcommand<string> = {
  definition,
  async execute(interaction, ctx, guildId) {
    const { channel } = readOptions(interaction, definition);
    const channelId = postableChannel(interaction, channel);
    await interaction.reply(toReplyOptions(disabledReply(channelId, await ctx.daily.disable(channelId, guildId))));
  },
};
