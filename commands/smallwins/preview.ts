import { readOptions } from '../../src/discord/command-options.ts';
import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { previewReply } from '../../src/replies/smallwins.ts';
import { channelOption, postableChannel } from './channel-option.ts';

const definition = subcommand('preview', "The prompt a channel's next post will carry", [channelOption('The channel (default: this one)', false)]);

/** /smallwins preview [channel]: the next post as it will go out. */
export const preview: SlashSubcommand<string> = {
  definition,
  async execute(interaction, ctx, guildId) {
    const { channel } = readOptions(interaction, definition);
    const next = await ctx.daily.preview({
      guildId,
      channelId: channel ? postableChannel(interaction, channel) : undefined,
      hereId: interaction.channelId,
    });
    await interaction.reply(toReplyOptions(previewReply(next.subscription, next.prompt, next.nextAt)));
  },
};
