import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { exportReply } from '../../src/replies/customize.ts';

/** /customize export: the server's content as a JSON file, privately. */
export const exportContent: SlashSubcommand<string> = {
  definition: ({ strings: { t } }) => subcommand('export', t('commands.customize.export.description')),
  async execute(interaction, ctx, guildId) {
    await interaction.reply(toReplyOptions(exportReply(ctx.content.strings, await ctx.customize.exportFile(guildId))));
  },
};
