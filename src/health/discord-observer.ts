/**
 * What health and metrics read from the discord.js client: its gateway shards (status and
 * heartbeat ping), when an interaction's first answer came back, and @discordjs/rest's
 * rate-limit events. Only ids of interactions are read from request paths, never tokens.
 */
import { RESTEvents, type Client, type RateLimitData, type REST } from 'discord.js';
import type { BotMetrics, RateLimitScope } from './metrics.ts';
import { SHARD_STATUSES, type ShardState } from './readiness.ts';

/** The shards the client runs, with discord.js's status and ping for each. */
export function shardStates(client: Client): ShardState[] {
  return [...client.ws.shards.values()].map((shard) => ({
    id: shard.id,
    status: SHARD_STATUSES[shard.status] ?? 'idle',
    pingMs: shard.ping,
  }));
}

/** How many shards this client is to run, once discord.js has resolved its shard list. */
export function expectedShardCount(client: Client): number | undefined {
  const shards = client.options.shards;
  return Array.isArray(shards) ? shards.length : undefined;
}

/** An interaction callback's path: /interactions/{id}/{token}/callback. */
const CALLBACK_PATH = /^\/interactions\/(\d+)\/[^/]+\/callback$/;

/** The scope of a limit @discordjs/rest met: Discord calls a route's own bucket 'user'. */
export function rateLimitScope(data: Pick<RateLimitData, 'global' | 'scope'>): RateLimitScope {
  if (data.global || data.scope === 'global') return 'global';
  return data.scope === 'shared' ? 'shared' : 'route';
}

/**
 * Reports each interaction's first answer (its callback's response) and every rate limit
 * @discordjs/rest holds a request for. The response event fires before the caller's
 * request resolves, so an answer is seen before the router finishes the interaction.
 */
export function observeRest(
  rest: Pick<REST, 'on'>,
  metrics: Pick<BotMetrics, 'interactionAnswered' | 'rateLimited'>,
): void {
  rest.on(RESTEvents.Response, (request) => {
    const match = CALLBACK_PATH.exec(request.path);
    if (match) metrics.interactionAnswered(match[1]!);
  });
  rest.on(RESTEvents.RateLimited, (data) => metrics.rateLimited(rateLimitScope(data), 'rest'));
}
