import { ApplicationCommandOptionType, ChannelType } from 'discord.js';
import type { ContentPack } from '../../src/content/content-pack.ts';
import { readOptions } from '../../src/discord/command-options.ts';
import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { noticeReply } from '../../src/replies/reply-payload.ts';

const definition = ({ strings }: Pick<ContentPack, 'strings'>) =>
  subcommand('review', strings.t('contribute.commands.review.description'), [
    {
      type: ApplicationCommandOptionType.Channel,
      name: 'channel',
      description: strings.t('contribute.commands.review.channel'),
      required: true,
      channel_types: [ChannelType.GuildText],
    },
  ]);

/** /customize review channel: where members' submissions wait for review (the bot must be able to post there). */
export const review: SlashSubcommand<string> = {
  definition,
  async execute(interaction, ctx, guildId) {
    const { channel } = readOptions(interaction, definition(ctx.content));
    const answer = await ctx.contribute.setReviewChannel(guildId, channel.id, channel.type);
    await interaction.reply(toReplyOptions(noticeReply(answer)));
  },
};
