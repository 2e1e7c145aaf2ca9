/**
 * @reconnect/loopback-discord: a Discord for tests, benchmarks and the playground. See
 * the package README for what it models and how a test drives it.
 */
export { LoopbackDiscord, type GuildSnapshot, type LoopbackEvent, type LoopbackOptions } from './loopback-discord.ts';
export type { OptionValues } from './interactions/command-options.ts';
export type { AutocompleteParams, InvokeParams } from './interactions/driver.ts';
export type { InteractionOutcome } from './interactions/lifecycle.ts';
export type { SessionInfo } from './gateway.ts';
export type { RateLimitConfig } from './rate-limits.ts';
export { shardIdOf, type ShardingConfig } from './sharding.ts';
export type { ChannelFault, NetworkConditions } from './rest/network.ts';
export type { RequestLogEntry, Stats, Violation } from './rest/request-log.ts';
export type { ChannelSpec, GuildSpec, RoleSpec, SeededGuild, StoredMessage } from './world/records.ts';
