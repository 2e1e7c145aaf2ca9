import type { ContentPack } from '../../src/content/content-pack.ts';
import { readOptions } from '../../src/discord/command-options.ts';
import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { previewReply } from '../../src/replies/smallwins.ts';
import { channelOption, postableChannel } from './channel-option.ts';

const definition = ({ strings }: Pick<ContentPack, 'strings'>) =>
  subcommand('preview', strings.t('commands.smallwins.preview.description'), [
    channelOption(strings.t('commands.smallwins.preview.channel'), false),
  ]);

/** /smallwins preview [channel]: the next post as it will go out. */
export const preview: SlashSubcommand<string> = {
  definition,
  async execute(interaction, ctx, guildId) {
    const { strings } = ctx.content;
    const { channel } = readOptions(interaction, definition(ctx.content));
    const next = await ctx.daily.preview({
      guildId,
      channelId: channel ? postableChannel(interaction, channel, ctx) : undefined,
      hereId: interaction.channelId,
    });
    await interaction.reply(toReplyOptions(previewReply(strings, next.subscription, next.prompt, next.nextAt)));
  },
};
