import type { ContentPack } from '../../src/content/content-pack.ts';
import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { noticeReply } from '../../src/replies/reply-payload.ts';

const definition = ({ strings }: Pick<ContentPack, 'strings'>) =>
  subcommand('review-off', strings.t('contribute.commands.reviewOff.description'));

/** /customize review-off: no more suggestions or anonymous small wins (the default). */
export const reviewOff: SlashSubcommand<string> = {
  definition,
  async execute(interaction, ctx, guildId) {
    await interaction.reply(toReplyOptions(noticeReply(await ctx.contribute.turnOff(guildId))));
  },
};
