import type { ContentPack } from '../../src/content/content-pack.ts';
import { UserError } from '../../src/discord/errors.ts';
import { answerComponent } from '../../src/discord/respond.ts';
import { memberCommand, type SlashCommand } from '../../src/discord/slash-command.ts';
import { eraseMemberData } from '../../src/members/member-choices.ts';
import { myDataErasedReply, myDataKeptReply } from '../../src/replies/member-data.ts';
import { deleteData } from './delete.ts';
import { exportData } from './export.ts';
import { show } from './show.ts';

/** One file per subcommand; the command's definition is built from theirs. */
const subcommands = [show, exportData, deleteData];

const definition = (content: ContentPack) =>
  memberCommand(
    'mydata',
    content.strings.t('commands.mydata.description'),
    subcommands.map((s) => s.definition(content)),
  );

const bySubcommand = (content: ContentPack, name: string | null) =>
  subcommands.find((s) => s.definition(content).name === name);

/** /mydata: what Reconnect keeps about the member, in their own hands: see it, download it, erase it. */
export const mydata: SlashCommand = {
  name: 'mydata',
  definition,
  async execute(interaction, ctx) {
    const sub = bySubcommand(ctx.content, interaction.options.getSubcommand());
    if (!sub) throw new UserError(ctx.content.strings.t('errors.unknownSubcommand'), 'unknown-command');
    await sub.execute(interaction, ctx, undefined);
  },
  components: ['mydata-erase', 'mydata-keep'],
  async component(interaction, action, ctx) {
    if (action.kind === 'mydata-keep') {
      await answerComponent(interaction, () => myDataKeptReply(ctx.content));
    } else if (action.kind === 'mydata-erase') {
      // The confirmation is the clicker's own private message: what goes is theirs.
      const erased = await eraseMemberData(ctx, interaction.user.id);
      await answerComponent(interaction, () => myDataErasedReply(ctx.content, erased));
    }
  },
};
