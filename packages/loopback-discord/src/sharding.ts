/** How the loopback's gateway shards, and what `/gateway/bot` tells a bot about it. */
export interface ShardingConfig {
  /** The `shards` `/gateway/bot` recommends. Default 1. */
  recommendedShards: number;
  /**
   * `session_start_limit.max_concurrency`: identify buckets, keyed `shard_id % max_concurrency`.
   * Default 1.
   */
  maxConcurrency: number;
  /**
   * How long a bucket waits between two IDENTIFYs; one sooner is answered with Invalid
   * Session (op 9), as Discord does. Discord's is 5000. Default 0, no limit, so that tests
   * restarting a bot in quick succession behave as they always have.
   */
  identifyIntervalMs: number;
  /**
   * The most guilds one session may hold; an IDENTIFY that would get more is closed with
   * 4011 Sharding required. Discord's (and the default) is 2500.
   */
  maxGuildsPerShard: number;
  /** `session_start_limit.total`; each IDENTIFY spends one of `remaining`. Default 1000. */
  sessionStartLimit: number;
}

export const DEFAULT_SHARDING: ShardingConfig = {
  recommendedShards: 1,
  maxConcurrency: 1,
  identifyIntervalMs: 0,
  maxGuildsPerShard: 2500,
  sessionStartLimit: 1000,
};

/** Discord's sharding formula: the shard that receives a guild's events. */
export function shardIdOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
