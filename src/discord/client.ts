/**
 * src/discord/: everything that speaks Discord's interaction protocol. This file wires
 * the discord.js client (Guilds intent only) to the commands and the daily posts; beside
 * it: the interaction router, the command type and its typed options, responding, custom
 * ids, errors for members, the Manage Server precondition, command registration, what
 * the gateway cache keeps, and the request pacer that keeps every request under Discord's global limit.
 */
import { Client, DefaultRestOptions, Events, GatewayIntentBits } from 'discord.js';
import { commands } from '../../commands/index.ts';
import type { Config, ShardPlan } from '../app/config.ts';
import type { Logger } from '../app/logger.ts';
import type { ContentPack } from '../content/content-pack.ts';
import type { BotMetrics } from '../health/metrics.ts';
import { ContributeService } from '../contribute/index.ts';
import { ServerCustomization } from '../customize/server-customization.ts';
import { loadDaily, type Daily } from '../daily/index.ts';
import { discordSender } from '../daily/discord-sender.ts';
import type { SendBudget, Store } from '../storage/store.ts';
import { botCacheOptions, forgetServers } from './gateway-cache.ts';
import { interactionRouter } from './interaction-router.ts';
import { RequestPacer } from './request-pacer.ts';
import { ServerIndex } from './server-index.ts';
import { ownsGuild, resolveShardPlan } from './shards.ts';
import { NO_MENTIONS } from './respond.ts';
import type { BotContext } from './slash-command.ts';

export interface Bot {
  client: Client<true>;
  /** The daily posts: what /smallwins calls, and the runner that ticks. */
  daily: Daily;
  /** Paces every request under Discord's global limit, at the wire. */
  pacer: RequestPacer;
  /** The gateway shards this process runs, of how many in all. */
  shards: ShardPlan;
  /** What the gateway delivered of each server: channels, roles, the bot's permissions. */
  servers: ServerIndex;
  /** Closes the gateway connection and the store. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Connects the real discord.js client (Guilds intent only) and routes interactions to
 * the commands. Resolves once the client is ready.
 */
export async function startBot(deps: {
  config: Pick<Config, 'token' | 'apiUrl' | 'catchUpMs'> & { shards?: ShardPlan | undefined };
  content: ContentPack;
  store: Store;
  logger: Logger;
  random?: () => number;
  /** The daily posts' clock; tests and the playground move it by hand. */
  now?: () => number;
  /** Tick every minute with node-cron (default); off when a test or the playground ticks by hand. */
  autoTick?: boolean;
  /** The pace of requests under the global limit; default DEFAULT_REQUESTS_PER_SECOND. */
  requestsPerSecond?: number;
  /**
   * Where the pacer reserves its slots; default the store's, one budget for every process
   * on the database. The shards bench passes a budget of this process only, to measure
   * processes that share a REST proxy instead.
   */
  sendBudget?: SendBudget;
  /** Where the router, the daily posts and the pacer report; default nowhere. */
  metrics?: BotMetrics;
  /** Called with the client before it logs in (health watches its shards from the start). */
  onClient?: (client: Client) => void;
  /**
   * What discord.js caches: the bot's own choice (default; see gateway-cache.ts), or
   * discord.js's defaults, which the memory bench measures the bot's choice against.
   */
  caches?: 'bot' | 'discord.js defaults';
}): Promise<Bot> {
  const { config, logger } = deps;
  const routeInteraction = interactionRouter(commands, deps.metrics);
  // One budget for every process on this database, spent at the wire.
  const pacer = new RequestPacer({
    budget: deps.sendBudget ?? deps.store.sendBudget,
    logger,
    ...(deps.requestsPerSecond ? { perSecond: deps.requestsPerSecond } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
  const makeRequest = pacer.wrap(DefaultRestOptions.makeRequest);
  // Known before connecting, so the daily posts schedule only this process's servers.
  const shards = await resolveShardPlan(config.shards, { apiUrl: config.apiUrl, token: config.token, makeRequest });
  const ownCaches = deps.caches !== 'discord.js defaults';
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    shards: shards.ids,
    shardCount: shards.count,
    rest: {
      api: config.apiUrl,
      makeRequest,
      // The pacer owns the global limit: @discordjs/rest's own count of it, taken before
      // requests reach the wire, would hold them and then release them at once.
      globalRequestsPerSecond: Number.POSITIVE_INFINITY,
    },
    allowedMentions: NO_MENTIONS,
    ...(ownCaches ? botCacheOptions() : {}),
  });
  if (ownCaches) forgetServers(client);
  const servers = new ServerIndex();
  client.on(Events.Raw, (packet: { t?: string | null; d?: unknown }) => servers.handle(packet));
  const sender = discordSender(client, servers, pacer, deps.content.strings);
  const customize = new ServerCustomization(deps.content, deps.store);
  const daily = await loadDaily({
    store: deps.store,
    promptsFor: (guildId) => customize.promptsFor(guildId),
    content: deps.content,
    sender,
    logger,
    catchUpMs: config.catchUpMs,
    owns: ownsGuild(shards),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
  const { posts, runner } = daily;
  const contribute = new ContributeService({
    store: deps.store,
    pools: deps.store.serverContent,
    content: deps.content,
    logger,
    sender: {
      // A member or a moderator waits for each of these: ahead of the daily posts.
      send: (channelId, body) => sender.send(channelId, body, { forMember: true }),
      missingPermissions: (guildId, channelId) =>
        sender.missingPermissions({ guildId, channelId, roleId: null, thread: false }),
      threadsIn: (channelId) => posts.subscription(channelId)?.thread ?? false,
    },
  });
  const ctx: BotContext = {
    content: deps.content,
    store: deps.store,
    logger,
    daily: posts,
    customize,
    servers,
    random: deps.random ?? Math.random,
    contribute,
  };
  client.on(Events.InteractionCreate, (interaction) => void routeInteraction(interaction, ctx));
  // Subscriptions end with their channel, or when the bot leaves the server (not in an outage).
  servers.onChannelDelete = (channelId) => {
    if (posts.subscription(channelId))
      void posts
        .disable(channelId)
        .catch((err: unknown) => logger.error({ err }, 'could not remove a deleted channel'));
  };
  servers.onGuildLeave = (guildId) => {
    void posts.removeGuild(guildId).catch((err: unknown) => logger.error({ err }, 'could not remove a server'));
  };
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event) => logger.warn({ code: event.code }, 'gateway disconnected'));

  deps.onClient?.(client);
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(config.token);
  const readyClient = await ready;
  logger.info(
    { user: readyClient.user.tag, guilds: servers.size, shards: shards.ids, shardCount: shards.count },
    'ready',
  );
  if (deps.autoTick !== false) {
    runner.start();
    void runner.tick(); // posts missed while the bot was down, without waiting a minute
  }

  let stopped = false;
  return {
    client: readyClient,
    daily,
    pacer,
    shards,
    servers,
    async stop() {
      if (stopped) return;
      stopped = true;
      await runner.stop();
      await client.destroy();
      await deps.store.close();
    },
  };
}
