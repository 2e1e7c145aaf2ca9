import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { describeMemberData } from '../../src/members/member-choices.ts';
import { myDataReply } from '../../src/replies/member-data.ts';

/** /mydata show: everything kept about the member, in plain words and without content. */
export const show: SlashSubcommand<undefined> = {
  definition: ({ strings }) => subcommand('show', strings.t('commands.mydata.show')),
  async execute(interaction, ctx) {
    await interaction.reply(
      toReplyOptions(myDataReply(ctx.content, await describeMemberData(ctx, interaction.user.id))),
    );
  },
};
