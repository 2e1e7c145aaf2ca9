/**
 * Which gateway shards this process runs, and so which servers are its own: Discord sends
 * a server's events (its interactions among them) to the shard (guild_id >> 22) % count.
 * A process schedules the daily posts of its own servers only; that is locality, not
 * correctness (the post log's claim makes each post go out once whoever schedules it).
 */
import { REST, type RESTOptions } from 'discord.js';
import { Routes, type RESTGetAPIGatewayBotResult } from 'discord-api-types/v10';
import type { ShardPlan } from '../app/config.ts';

/** Discord's sharding formula: the shard that receives a server's events. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Whether a server's events come to one of the plan's shards. */
export function ownsGuild(plan: ShardPlan): (guildId: string) => boolean {
  if (plan.ids.length === plan.count) return () => true;
  const ids = new Set(plan.ids);
  return (guildId) => ids.has(shardOf(guildId, plan.count));
}

/**
 * The configured shards, or (none configured) every shard of the count Discord recommends
 * in /gateway/bot, asked through the same API URL and request function as the client.
 */
export async function resolveShardPlan(
  configured: ShardPlan | undefined,
  api: { apiUrl: string; token: string; makeRequest: RESTOptions['makeRequest'] },
): Promise<ShardPlan> {
  if (configured) return configured;
  const rest = new REST({
    api: api.apiUrl,
    makeRequest: api.makeRequest,
    globalRequestsPerSecond: Number.POSITIVE_INFINITY,
  }).setToken(api.token);
  const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  const count = Math.max(1, gateway.shards);
  return { count, ids: Array.from({ length: count }, (_, i) => i) };
}
