import { ApplicationCommandOptionType } from 'discord.js';
import { resolveTip, tipChoices } from '../src/content/tip-search.ts';
import { focusedOption, readOptions } from '../src/discord/command-options.ts';
import { toReplyOptions } from '../src/discord/respond.ts';
import { serverCommand, shareOption, type SlashCommand } from '../src/discord/slash-command.ts';
import { tipReply, tipsOverviewReply } from '../src/replies/tips.ts';

const definition = serverCommand('tips', 'The takeaway tips for reconnecting', [
  {
    // Autocomplete, not fixed choices: Discord refuses a typed value that is not a
    // choice, and members type the number /tips shows ("4") or a word of a title.
    type: ApplicationCommandOptionType.String,
    name: 'tip',
    description: 'Read one tip in full: its number or a word of its title (default: all, in brief)',
    autocomplete: true,
    max_length: 100,
  },
  shareOption(),
]);

/** /tips [tip] [share]: the five takeaways, or one in its longer form. */
export const tips: SlashCommand = {
  name: definition.name,
  definition: () => definition,
  async execute(interaction, ctx) {
    const { tip, share } = readOptions(interaction, definition);
    const ephemeral = !share;
    const reply = tip === undefined ? tipsOverviewReply(ctx.content, { ephemeral }) : tipReply(ctx.content, resolveTip(ctx.content, tip).id, { ephemeral });
    await interaction.reply(toReplyOptions(reply));
  },
  async autocomplete(interaction, ctx) {
    await interaction.respond(tipChoices(ctx.content, focusedOption(interaction, definition)?.value ?? ''));
  },
};
