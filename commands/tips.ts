import { ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from 'discord.js';
import type { SlashCommand } from '../src/command.ts';
import { tipReply, tipsOverviewReply } from '../src/replies/tips.ts';
import { toReplyOptions } from '../src/respond.ts';

/** /tips [tip] [share]: the five takeaways, or one in its longer form. */
export const tips: SlashCommand = {
  name: 'tips',
  definition: (content) => ({
    name: 'tips',
    type: ApplicationCommandType.ChatInput,
    description: 'The takeaway tips for reconnecting',
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'tip',
        description: 'Read one tip in full (default: all of them, in brief)',
        choices: content.tips.map((t) => ({ name: t.title, value: t.id })),
      },
      { type: ApplicationCommandOptionType.Boolean, name: 'share', description: 'Show the reply to the channel (default: only you)' },
    ],
  }),
  async execute(interaction, ctx) {
    const tip = interaction.options.getString('tip');
    const ephemeral = !interaction.options.getBoolean('share');
    const reply = tip === null ? tipsOverviewReply(ctx.content, { ephemeral }) : tipReply(ctx.content, tip, { ephemeral });
    await interaction.reply(toReplyOptions(reply));
  },
};
