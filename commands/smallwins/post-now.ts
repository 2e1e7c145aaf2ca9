import { MessageFlags } from 'discord.js';
import type { ContentPack } from '../../src/content/content-pack.ts';
import { readOptions } from '../../src/discord/command-options.ts';
import { toUpdateOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { postedNowReply } from '../../src/replies/smallwins.ts';
import { channelOption, postableChannel } from './channel-option.ts';

const definition = ({ strings }: Pick<ContentPack, 'strings'>) =>
  subcommand('post-now', strings.t('commands.smallwins.postNow.description'), [
    channelOption(strings.t('commands.smallwins.postNow.channel'), true),
  ]);

/** /smallwins post-now channel: a test post; the daily schedule and rotation are unchanged. */
export const postNow: SlashSubcommand<string> = {
  definition,
  async execute(interaction, ctx, guildId) {
    const { strings } = ctx.content;
    const { channel } = readOptions(interaction, definition(ctx.content));
    const channelId = postableChannel(interaction, channel, ctx);
    const send = ctx.daily.testPost(guildId, channelId, ctx.random);
    // The post can wait on the channel's rate limit for seconds: answer first.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await interaction.editReply(toUpdateOptions(postedNowReply(strings, channelId, await send())));
  },
};
