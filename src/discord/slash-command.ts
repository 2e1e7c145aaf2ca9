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
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { ContentPack } from '../content/content-pack.ts';
import type { ComponentAction } from './custom-ids.ts';
import type { Logger } from '../app/logger.ts';
import type { Scheduler } from '../daily/scheduler.ts';
import type { Store } from '../storage/store.ts';

/** What a command handler may use besides its interaction. */
export interface BotContext {
  content: ContentPack;
  store: Store;
  logger: Logger;
  scheduler: Scheduler;
  /** Source of randomness for draws; tests pass a seeded one. */
  random: () => number;
}

export type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction;

/**
 * A slash command: its definition (built from the content pack, since choices such as
 * themes and tips come from it) beside thin handlers that read the interaction and
 * hand plain values to the pure reply builders in src/replies.
 */
export interface SlashCommand {
  name: string;
  definition(content: ContentPack): RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
  /** The component actions (see custom-ids.ts) this command answers. */
  components?: ReadonlyArray<ComponentAction['kind']>;
  component?(interaction: ComponentInteraction, action: ComponentAction, ctx: BotContext): Promise<void>;
}

/** A chat-input command installed in servers and usable only there, as every command of this bot is. */
export function serverCommand(
  name: string,
  description: string,
  options: APIApplicationCommandOption[] = [],
  extra: Partial<RESTPostAPIChatInputApplicationCommandsJSONBody> = {},
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    name,
    type: ApplicationCommandType.ChatInput,
    description,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    ...(options.length ? { options } : {}),
    ...extra,
  };
}

/** The `share` option of the member commands: replies are private unless it is true. */
export function shareOption(description = 'Show the reply to the channel (default: only you)'): APIApplicationCommandBasicOption {
  return { type: ApplicationCommandOptionType.Boolean, name: 'share', description };
}
