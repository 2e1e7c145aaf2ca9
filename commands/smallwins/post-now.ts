import { MessageFlags } from 'discord.js';
import { readOptions } from '../../src/discord/command-options.ts';
import { toUpdateOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { postedNowReply } from '../../src/replies/smallwins.ts';
import { channelOption, postableChannel } from './channel-option.ts';

const definition = subcommand('post-now', 'A test post now; the daily schedule is unchanged', [channelOption('The channel to post in', true)]);

/** /smallwins post-now channel: a test post; the daily schedule and rotation are unchanged. */
export const postNow: SlashSubcommand<string> = {
  definition,
  async execute(interaction, ctx, guildId) {
    const { channel } = readOptions(interaction, definition);
    const channelId = postableChannel(interaction, channel);
    const send = ctx.daily.testPost(guildId, channelId, ctx.random);
    // The post can wait on the channel's rate limit for seconds: answer first.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await interaction.editReply(toUpdateOptions(postedNowReply(channelId, await send())));
  },
};
