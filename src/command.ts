import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { ContentPack } from './content.ts';
import type { ComponentAction } from './custom-ids.ts';
import type { Logger } from './logger.ts';
import type { Scheduler } from './scheduler.ts';
import type { Store } from './store.ts';

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
