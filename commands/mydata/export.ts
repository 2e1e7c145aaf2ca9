import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { exportMemberData } from '../../src/members/member-choices.ts';
import { myDataExportReply } from '../../src/replies/member-data.ts';

/** /mydata export: everything kept about the member, as a JSON file only they see. */
export const exportData: SlashSubcommand<undefined> = {
  definition: ({ strings }) => subcommand('export', strings.t('commands.mydata.export')),
  async execute(interaction, ctx) {
    const data = await exportMemberData(ctx, interaction.user.id, new Date());
    await interaction.reply(toReplyOptions(myDataExportReply(ctx.content, data)));
  },
};
