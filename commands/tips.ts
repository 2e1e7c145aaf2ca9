import { ApplicationCommandOptionType } from 'discord.js';
import { serverCommand, shareOption, type SlashCommand } from '../src/command.ts';
import { tipReply, tipsOverviewReply } from '../src/replies/tips.ts';
import { toReplyOptions } from '../src/respond.ts';

/** /tips [tip] [share]: the five takeaways, or one in its longer form. */
export const tips: SlashCommand = {
  name: 'tips',
  definition: (content) =>
    serverCommand('tips', 'The takeaway tips for reconnecting', [
      {
        type: ApplicationCommandOptionType.String,
        name: 'tip',
        description: 'Read one tip in full (default: all of them, in brief)',
        choices: content.tips.map((t) => ({ name: t.title, value: t.id })),
      },
      shareOption(),
    ]),
  async execute(interaction, ctx) {
    const tip = interaction.options.getString('tip');
    const ephemeral = !interaction.options.getBoolean('share');
    const reply = tip === null ? tipsOverviewReply(ctx.content, { ephemeral }) : tipReply(ctx.content, tip, { ephemeral });
    await interaction.reply(toReplyOptions(reply));
  },
};
