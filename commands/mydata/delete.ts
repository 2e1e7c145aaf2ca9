import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { myDataDeleteConfirmReply } from '../../src/replies/member-data.ts';

/** /mydata delete: asks first; the confirmation's button erases (see the command's component handler). */
export const deleteData: SlashSubcommand<undefined> = {
  definition: ({ strings }) => subcommand('delete', strings.t('commands.mydata.delete')),
  async execute(interaction, ctx) {
    await interaction.reply(toReplyOptions(myDataDeleteConfirmReply(ctx.content)));
  },
};
