import { ApplicationCommandOptionType } from 'discord.js';
import type { ContentPack } from '../src/content/content-pack.ts';
import { resolveTip, tipChoices } from '../src/content/tip-search.ts';
import { focusedOption, readOptions } from '../src/discord/command-options.ts';
import { toReplyOptions } from '../src/discord/respond.ts';
import { memberCommand, shareOption, type SlashCommand } from '../src/discord/slash-command.ts';
import { tipReply, tipsOverviewReply } from '../src/replies/tips.ts';

const definition = ({ strings }: Pick<ContentPack, 'strings'>) =>
  memberCommand('tips', strings.t('commands.tips.description'), [
    {
      // Autocomplete, not fixed choices: Discord refuses a typed value that is not a
      // choice, and members type the number /tips shows ("4") or a word of a title.
      type: ApplicationCommandOptionType.String,
      name: 'tip',
      description: strings.t('commands.tips.tip'),
      autocomplete: true,
      max_length: 100,
    },
    shareOption(strings.t('commands.share')),
  ]);

/** /tips [tip] [share]: the five takeaways, or one in its longer form. */
export const tips: SlashCommand = {
  name: 'tips',
  definition,
  async execute(interaction, ctx) {
    const { tip, share } = readOptions(interaction, definition(ctx.content));
    const ephemeral = !share;
    const reply = tip === undefined ? tipsOverviewReply(ctx.content, { ephemeral }) : tipReply(ctx.content, resolveTip(ctx.content, tip).id, { ephemeral });
    await interaction.reply(toReplyOptions(reply));
  },
  async autocomplete(interaction, ctx) {
    await interaction.respond(tipChoices(ctx.content, focusedOption(interaction, definition(ctx.content))?.value ?? ''));
  },
};
