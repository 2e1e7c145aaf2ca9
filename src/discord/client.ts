import { DefaultRestOptions } from '@discordjs/rest';
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { Client, Events, GatewayIntentBits, MessageFlags, type Interaction } from 'discord.js';
import { commands } from '../../commands/index.ts';
import type { BotContext, SlashCommand } from './slash-command.ts';
import type { Config } from '../app/config.ts';
import type { ContentPack } from '../content/content-pack.ts';
import { decodeCustomId } from './custom-ids.ts';
import { UserError, newReferenceId } from './errors.ts';
import type { Logger } from '../app/logger.ts';
import { NO_MENTIONS } from './respond.ts';
import { discordSender } from '../daily/discord-sender.ts';
import { RequestPacer } from './request-pacer.ts';
import { Scheduler } from '../daily/scheduler.ts';
import type { Store } from '../storage/store.ts';

export interface Bot {
  client: Client<true>;
  scheduler: Scheduler;
  /** Paces every request under Discord's global limit, at the wire. */
  pacer: RequestPacer;
  /** Closes the gateway connection and the store. Safe to call twice. */
  stop(): Promise<void>;
}

const byName = new Map(commands.map((c) => [c.name, c]));
const byComponent = new Map(commands.flatMap((c) => (c.components ?? []).map((kind) => [kind, c] as const)));

/**
 * Connects the real discord.js client (Guilds intent only) and routes interactions to
 * the commands. Resolves once the client is ready.
 */
export async function startBot(deps: {
  config: Pick<Config, 'token' | 'apiUrl' | 'catchUpMs'>;
  content: ContentPack;
  store: Store;
  logger: Logger;
  random?: () => number;
  /** The scheduler's clock; tests and the playground move it by hand. */
  now?: () => number;
  /** Tick every minute with node-cron (default); off when a test or the playground ticks by hand. */
  autoTick?: boolean;
  /** The pace of requests under the global limit; default DEFAULT_REQUESTS_PER_SECOND. */
  requestsPerSecond?: number;
}): Promise<Bot> {
  const { config, logger } = deps;
  // One budget for every process on this database, spent at the wire.
  const pacer = new RequestPacer({
    budget: deps.store.sendBudget,
    logger,
    ...(deps.requestsPerSecond ? { perSecond: deps.requestsPerSecond } : {}),
  });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: {
      api: config.apiUrl,
      makeRequest: pacer.wrap(DefaultRestOptions.makeRequest),
      // The pacer owns the global limit: @discordjs/rest's own count of it, taken before
      // requests reach the wire, would hold them and then release them at once.
      globalRequestsPerSecond: Number.POSITIVE_INFINITY,
    },
    allowedMentions: NO_MENTIONS,
  });
  const scheduler = new Scheduler({
    store: deps.store,
    content: deps.content,
    sender: discordSender(client, pacer),
    logger,
    catchUpMs: config.catchUpMs,
    ...(deps.now ? { now: deps.now } : {}),
  });
  await scheduler.load();
  const ctx: BotContext = { content: deps.content, store: deps.store, logger, scheduler, random: deps.random ?? Math.random };
  client.on(Events.InteractionCreate, (interaction) => void routeInteraction(interaction, ctx));
  // Subscriptions end with their channel, or when the bot leaves the server.
  client.on(Events.ChannelDelete, (channel) => {
    if (scheduler.subscription(channel.id)) void scheduler.disable(channel.id).catch((err: unknown) => logger.error({ err }, 'could not remove a deleted channel'));
  });
  // discord.js emits GuildDelete only when the bot left or was removed (an outage is GuildUnavailable).
  client.on(Events.GuildDelete, (guild) => {
    void scheduler.removeGuild(guild.id).catch((err: unknown) => logger.error({ err }, 'could not remove a server'));
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event) => logger.warn({ code: event.code }, 'gateway disconnected'));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(config.token);
  const readyClient = await ready;
  logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size }, 'ready');
  if (deps.autoTick !== false) {
    scheduler.start();
    void scheduler.tick(); // posts missed while the bot was down, without waiting a minute
  }

  let stopped = false;
  return {
    client: readyClient,
    scheduler,
    pacer,
    async stop() {
      if (stopped) return;
      stopped = true;
      await scheduler.stop();
      await client.destroy();
      await deps.store.close();
    },
  };
}

/** Runs one interaction's handler; every failure is answered, logged, and contained. */
async function routeInteraction(interaction: Interaction, ctx: BotContext): Promise<void> {
  let command: SlashCommand | undefined;
  try {
    if (interaction.isChatInputCommand()) {
      command = byName.get(interaction.commandName);
      if (!command) throw new UserError('This command is not available any more. Try /about for the current ones.', 'unknown-command');
      await command.execute(interaction, ctx);
    } else if (interaction.isAutocomplete()) {
      command = byName.get(interaction.commandName);
      await command?.autocomplete?.(interaction, ctx);
    } else if (interaction.isButton() || interaction.isStringSelectMenu()) {
      const action = decodeCustomId(interaction.customId);
      command = byComponent.get(action.kind);
      if (!command?.component) throw new UserError('That button or menu is no longer valid. Run the command again.', 'stale-component');
      await command.component(interaction, action, ctx);
    }
  } catch (error) {
    await answerFailure(interaction, error, command, ctx.logger);
  }
}

async function answerFailure(interaction: Interaction, error: unknown, command: SlashCommand | undefined, logger: Logger) {
  const where = {
    command: command?.name ?? (interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : undefined),
    customId: interaction.isMessageComponent() ? interaction.customId.slice(0, DISCORD_LIMITS.customId) : undefined,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    interactionId: interaction.id,
  };
  let text: string;
  if (error instanceof UserError) {
    text = error.message;
    // The kind, not the text: a refusal's text may quote what the member typed.
    logger.info({ ...where, kind: error.kind }, 'refused an interaction');
  } else {
    const ref = newReferenceId();
    text = `Something went wrong on my side (ref: ${ref}). Please try again; if it keeps happening, tell a moderator and quote the ref.`;
    logger.error({ ...where, ref, err: error }, 'interaction handler failed');
  }
  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
    } else if (interaction.isRepliable()) {
      const payload = { content: text.slice(0, DISCORD_LIMITS.content), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS } as const;
      if (interaction.replied || interaction.deferred) await interaction.followUp(payload);
      else await interaction.reply(payload);
    }
  } catch (sendError) {
    logger.warn({ ...where, err: sendError }, 'could not tell the member about a failure');
  }
}
