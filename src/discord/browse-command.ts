/**
 * Member commands that browse one list of the content pack (/article's sections, /tips'
 * tips): with no value, the whole list; with a value, the one item it names. Both share
 * their definition, their reading of it and their autocomplete; this file is that part.
 */
import { ApplicationCommandOptionType } from 'discord.js';
import type { ContentPack } from '../content/content-pack.ts';
import type { Strings } from '../content/strings.ts';
import type { Reply } from '../replies/reply-payload.ts';
import { focusedOption, readOptions } from './command-options.ts';
import { toReplyOptions } from './respond.ts';
import { memberCommand, shareOption, type BotContext, type SlashCommand } from './slash-command.ts';

/** What makes one browsing command: its names, wording and the replies it builds. */
export interface BrowseSpec<Name extends string, Option extends string> {
  name: Name;
  /** The option where a member names an item. */
  option: Option;
  /** The command's and the option's descriptions. */
  describe(strings: Strings): { command: string; option: string };
  /** The whole list. */
  list(content: ContentPack, options: { ephemeral: boolean }): Reply;
  /** The item a submitted value names (a UserError when it names none, or several). */
  item(content: ContentPack, value: string, options: { ephemeral: boolean; contentNotes?: boolean }): Reply;
  /** Autocomplete choices for what a member has typed so far. */
  choices(content: ContentPack, query: string): Array<{ name: string; value: string }>;
  /** The content an item is built from where a server may change it (default: the pack as loaded). */
  itemContent?(ctx: BotContext, guildId: string | null): Promise<ContentPack>;
  /** The member's own choices an item is shown with (content notes). */
  itemOptions?(ctx: BotContext, userId: string): Promise<{ contentNotes: boolean }>;
}

/**
 * `/name [option] [share]`, private unless shared. The option autocompletes rather than
 * offering fixed choices: Discord refuses a typed value that is not a choice, and members
 * type the number a list shows ("4") or a word of a title.
 */
export function browseCommand<const Name extends string, const Option extends string>(
  spec: BrowseSpec<Name, Option>,
): Required<Pick<SlashCommand, 'name' | 'definition' | 'execute' | 'autocomplete'>> {
  const definition = ({ strings }: Pick<ContentPack, 'strings'>) => {
    const described = spec.describe(strings);
    return memberCommand(spec.name, described.command, [
      {
        type: ApplicationCommandOptionType.String,
        name: spec.option,
        description: described.option,
        autocomplete: true,
        max_length: 100,
      },
      shareOption(strings.t('commands.share')),
    ]);
  };
  return {
    name: spec.name,
    definition,
    async execute(interaction, ctx) {
      // The option's name is a type parameter here, which the typed read cannot resolve.
      const options = readOptions(interaction, definition(ctx.content)) as { share?: boolean } & Partial<
        Record<Option, string>
      >;
      const value = options[spec.option];
      const ephemeral = !options.share;
      const reply =
        value === undefined
          ? spec.list(ctx.content, { ephemeral })
          : spec.item((await spec.itemContent?.(ctx, interaction.guildId)) ?? ctx.content, value, {
              ephemeral,
              ...(await spec.itemOptions?.(ctx, interaction.user.id)),
            });
      await interaction.reply(toReplyOptions(reply));
    },
    async autocomplete(interaction, ctx) {
      await interaction.respond(
        spec.choices(ctx.content, focusedOption(interaction, definition(ctx.content))?.value ?? ''),
      );
    },
  };
}
