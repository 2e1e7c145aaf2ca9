import type { ContentPack } from '../../src/content/content-pack.ts';
import { readOptions } from '../../src/discord/command-options.ts';
import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { disabledReply } from '../../src/replies/smallwins.ts';
import { channelOption, postableChannel } from './channel-option.ts';

const definition = ({ strings }: Pick<ContentPack, 'strings'>) =>
  subcommand('disable', strings.t('commands.smallwins.disable.description'), [
    channelOption(strings.t('commands.smallwins.disable.channel'), true),
  ]);

/** /smallwins disable channel: opts a channel out, or dismisses a switched-off channel's notice. */
export const disable: SlashSubcommand<string> = {
  definition,
  async execute(interaction, ctx, guildId) {
    const { strings } = ctx.content;
    const { channel } = readOptions(interaction, definition(ctx.content));
    const channelId = postableChannel(interaction, channel, ctx);
    await interaction.reply(
      toReplyOptions(disabledReply(strings, channelId, await ctx.daily.disable(channelId, guildId))),
    );
  },
};
