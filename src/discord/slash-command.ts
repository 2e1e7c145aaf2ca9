import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { Logger } from '../app/logger.ts';
import type { ContentPack } from '../content/content-pack.ts';
import type { ContributeService } from '../contribute/contribute-service.ts';
import type { ServerCustomization } from '../customize/server-customization.ts';
import type { DailyPosts } from '../daily/daily-posts.ts';
import type { Store } from '../storage/store.ts';
import type { ComponentAction } from './custom-ids.ts';
import type { ServerIndex } from './server-index.ts';

/** What a command handler may use besides its interaction. */
export interface BotContext {
  content: ContentPack;
  store: Store;
  logger: Logger;
  /** The daily posts, for /smallwins. */
  daily: DailyPosts;
  /** Each server's own content (/customize), and the content a server shows. */
  customize: ServerCustomization;
  /** Source of randomness for draws; tests pass a seeded one. */
  random: () => number;
  /** Members' suggestions and anonymous small wins, with their review. */
  contribute: ContributeService;
  /** What the gateway delivered of each server: whether a channel is the server's. */
  servers: Pick<ServerIndex, 'channel' | 'isAvailable'>;
}

export type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction;

/**
 * A slash command: its definition (built from the content pack, since its descriptions
 * and choices such as themes come from it) beside thin handlers that read the interaction's options
 * (typed from the definition: see command-options.ts), make one call and send its answer.
 */
export interface SlashCommand {
  name: string;
  definition(content: ContentPack): RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
  /** The component actions (see custom-ids.ts) this command answers. */
  components?: ReadonlyArray<ComponentAction['kind']>;
  component?(interaction: ComponentInteraction, action: ComponentAction, ctx: BotContext): Promise<void>;
  /** Answers the submission of a modal this command showed (its custom id is one of `components`). */
  modal?(interaction: ModalSubmitInteraction, action: ComponentAction, ctx: BotContext): Promise<void>;
}

/**
 * One subcommand of a command with subcommands: its definition (see {@link subcommand})
 * beside its handlers. The command runs its own checks first and passes what they give.
 */
export interface SlashSubcommand<Checked> {
  /** Its wording comes from the content pack's strings. */
  definition(content: ContentPack): ReturnType<typeof subcommand>;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext, checked: Checked): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

/** A command's JSON with its name and options as literal types, so handlers read options typed from it. */
export type ServerCommand<Name extends string, Options extends APIApplicationCommandOption[]> = Omit<
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  'name' | 'options'
> & { name: Name; options?: Options };

/**
 * A chat-input command installed in servers and usable only there: the moderators'
 * (members' commands use {@link memberCommand}). The name and options keep their literal
 * types (a `const` type parameter), checked against Discord's option types.
 */
export function serverCommand<const Name extends string, const Options extends APIApplicationCommandOption[] = []>(
  name: Name,
  description: string,
  options?: Options,
  extra: Partial<Omit<RESTPostAPIChatInputApplicationCommandsJSONBody, 'name' | 'description' | 'options'>> = {},
): ServerCommand<Name, Options> {
  return {
    name,
    type: ApplicationCommandType.ChatInput,
    description,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    ...(options?.length ? { options } : {}),
    ...extra,
  };
}

/** Where a member command is offered: installed to a server or to a member's own account. */
export const MEMBER_COMMAND_INSTALLS = [
  ApplicationIntegrationType.GuildInstall,
  ApplicationIntegrationType.UserInstall,
] as const;

/** Where a member command can be used: a server, a DM with the bot, a group DM or a DM between members. */
export const MEMBER_COMMAND_CONTEXTS = [
  InteractionContextType.Guild,
  InteractionContextType.BotDM,
  InteractionContextType.PrivateChannel,
] as const;

/**
 * A chat-input command for members, usable everywhere: installed to a server or to a
 * member's own account (user install), in a server, a DM with the bot and a group DM.
 * Its handler must not rely on a server: `interaction.guild` is null in a DM, and in a
 * server where only the member installed the app the bot has no guild cache there.
 * Typed like {@link serverCommand}; it must be registered globally (user install
 * commands only exist globally).
 */
export function memberCommand<const Name extends string, const Options extends APIApplicationCommandOption[] = []>(
  name: Name,
  description: string,
  options?: Options,
  extra: Partial<Omit<RESTPostAPIChatInputApplicationCommandsJSONBody, 'name' | 'description' | 'options'>> = {},
): ServerCommand<Name, Options> {
  return serverCommand(name, description, options, {
    contexts: [...MEMBER_COMMAND_CONTEXTS],
    integration_types: [...MEMBER_COMMAND_INSTALLS],
    ...extra,
  });
}

/** A subcommand's JSON, its name and options kept as literal types like {@link serverCommand}'s. */
export function subcommand<const Name extends string, const Options extends APIApplicationCommandBasicOption[] = []>(
  name: Name,
  description: string,
  options?: Options,
): { type: ApplicationCommandOptionType.Subcommand; name: Name; description: string; options?: Options } {
  return { type: ApplicationCommandOptionType.Subcommand, name, description, ...(options?.length ? { options } : {}) };
}

/** The `share` option of the member commands: replies are private unless it is true. */
export function shareOption(description: string) {
  return {
    type: ApplicationCommandOptionType.Boolean,
    name: 'share',
    description,
  } as const satisfies APIApplicationCommandBasicOption;
}
