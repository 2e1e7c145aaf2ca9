/**
 * Options read from an interaction, typed from the command's definition: a handler's
 * option names and value types come from the same literal data that is registered with
 * Discord, so a misspelled name or a wrong type fails the type check.
 */
import {
  ApplicationCommandOptionType,
  type APIApplicationCommandOption,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
} from 'discord.js';

/** What each kind of option reads as. A channel is any channel: a crafted interaction can name any kind. */
interface OptionValues {
  [ApplicationCommandOptionType.String]: string;
  [ApplicationCommandOptionType.Integer]: number;
  [ApplicationCommandOptionType.Number]: number;
  [ApplicationCommandOptionType.Boolean]: boolean;
  [ApplicationCommandOptionType.Channel]: NonNullable<CommandInteractionOption['channel']>;
  [ApplicationCommandOptionType.Role]: NonNullable<CommandInteractionOption['role']>;
  [ApplicationCommandOptionType.User]: NonNullable<CommandInteractionOption['user']>;
  [ApplicationCommandOptionType.Mentionable]: NonNullable<CommandInteractionOption['member' | 'role' | 'user']>;
  [ApplicationCommandOptionType.Attachment]: NonNullable<CommandInteractionOption['attachment']>;
}

type ValueOption = Extract<APIApplicationCommandOption, { type: keyof OptionValues }>;

/** An option's value: present when the definition makes it required, else possibly undefined. */
type ValueOf<O> = O extends { type: infer T extends keyof OptionValues }
  ? O extends { required: true }
    ? OptionValues[T]
    : OptionValues[T] | undefined
  : never;

/**
 * The options of a command or subcommand definition, by name: `{ section: string | undefined;
 * share: boolean | undefined }` for /article's.
 */
export type OptionsOf<Definition> = Definition extends {
  options?: infer Options extends readonly APIApplicationCommandOption[];
}
  ? { [O in Options[number] as O extends { name: infer N extends string } ? N : never]: ValueOf<O> }
  : Record<never, never>;

/** What {@link readOptions} reads: a command's or a subcommand's definition. */
interface Readable {
  name: string;
  options?: readonly APIApplicationCommandOption[];
}

/**
 * Reads every option of `definition` from the interaction. For a subcommand's definition,
 * the interaction must be that subcommand's. A required option that is missing (a crafted
 * interaction) throws, as discord.js's own getters do.
 */
export function readOptions<const Definition extends Readable>(
  interaction: ChatInputCommandInteraction,
  definition: Definition,
): OptionsOf<Definition> {
  const subcommand = interaction.options.getSubcommand(false);
  if (subcommand !== null && subcommand !== definition.name) {
    throw new Error(`/${interaction.commandName} ${subcommand} was read with the options of "${definition.name}"`);
  }
  const values: Record<string, unknown> = {};
  for (const option of definition.options ?? []) {
    if (!isValueOption(option))
      throw new Error(`option "${option.name}" is a subcommand; read it with its own definition`);
    values[option.name] = readOption(interaction.options, option) ?? undefined;
  }
  return values as OptionsOf<Definition>;
}

/** The names of a definition's options that autocomplete. */
export type AutocompleteName<Definition> = Definition extends {
  options?: infer Options extends readonly APIApplicationCommandOption[];
}
  ? Extract<Options[number], { autocomplete: true }>['name']
  : never;

/**
 * The option a member is typing in, when it is one of `definition`'s autocomplete options
 * (and, for a subcommand's definition, the interaction is that subcommand's).
 */
export function focusedOption<const Definition extends Readable>(
  interaction: AutocompleteInteraction,
  definition: Definition,
): { name: AutocompleteName<Definition>; value: string } | undefined {
  const subcommand = interaction.options.getSubcommand(false);
  if (subcommand !== null && subcommand !== definition.name) return undefined;
  const focused = interaction.options.getFocused(true);
  const option = definition.options?.find((o) => o.name === focused.name);
  if (!option || !('autocomplete' in option) || option.autocomplete !== true) return undefined;
  return { name: focused.name as AutocompleteName<Definition>, value: String(focused.value) };
}

function isValueOption(option: APIApplicationCommandOption): option is ValueOption {
  return (
    option.type !== ApplicationCommandOptionType.Subcommand &&
    option.type !== ApplicationCommandOptionType.SubcommandGroup
  );
}

function readOption(options: ChatInputCommandInteraction['options'], option: ValueOption): unknown {
  const required = option.required === true;
  switch (option.type) {
    case ApplicationCommandOptionType.String:
      return options.getString(option.name, required);
    case ApplicationCommandOptionType.Integer:
      return options.getInteger(option.name, required);
    case ApplicationCommandOptionType.Number:
      return options.getNumber(option.name, required);
    case ApplicationCommandOptionType.Boolean:
      return options.getBoolean(option.name, required);
    case ApplicationCommandOptionType.Channel:
      return options.getChannel(option.name, required);
    case ApplicationCommandOptionType.Role:
      return options.getRole(option.name, required);
    case ApplicationCommandOptionType.User:
      return options.getUser(option.name, required);
    case ApplicationCommandOptionType.Mentionable:
      return options.getMentionable(option.name, required);
    case ApplicationCommandOptionType.Attachment:
      return options.getAttachment(option.name, required);
  }
}
