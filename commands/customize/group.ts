import {
  ApplicationCommandOptionType,
  type APIApplicationCommandSubcommandGroupOption,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { ContentPack } from '../../src/content/content-pack.ts';
import { UserError } from '../../src/discord/errors.ts';
import type { BotContext, SlashSubcommand } from '../../src/discord/slash-command.ts';

/** A part of /customize: a subcommand, or a group of them. It gets the server's id once the command's checks passed. */
export interface CustomizePart {
  definition(content: ContentPack): APIApplicationCommandSubcommandGroupOption;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext, guildId: string): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext, guildId: string): Promise<void>;
}

/** A group of subcommands (`/customize prompts add`), each in its own file's style: definition beside handlers. */
export function subcommandGroup(
  name: string,
  description: (content: ContentPack) => string,
  subcommands: ReadonlyArray<SlashSubcommand<string>>,
): CustomizePart & { name: string } {
  const find = (content: ContentPack, sub: string | null) =>
    subcommands.find((s) => s.definition(content).name === sub);
  return {
    name,
    definition: (content) => ({
      type: ApplicationCommandOptionType.SubcommandGroup,
      name,
      description: description(content),
      options: subcommands.map((s) => s.definition(content)),
    }),
    async execute(interaction, ctx, guildId) {
      const sub = find(ctx.content, interaction.options.getSubcommand());
      if (!sub) throw new UserError(ctx.content.strings.t('errors.unknownSubcommand'), 'unknown-command');
      await sub.execute(interaction, ctx, guildId);
    },
    async autocomplete(interaction, ctx) {
      const sub = find(ctx.content, interaction.options.getSubcommand(false));
      if (sub?.autocomplete) await sub.autocomplete(interaction, ctx);
      else await interaction.respond([]);
    },
  };
}
