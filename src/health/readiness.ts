/**
 * Whether the process is ready for traffic, as a rule: every gateway shard it owns is
 * ready and the database answers. Pure: the health server gathers the facts.
 */

/** A gateway shard's state, as discord.js names it (lower-case, kebab-case). */
export type ShardStatus =
  | 'ready'
  | 'connecting'
  | 'reconnecting'
  | 'idle'
  | 'nearly'
  | 'disconnected'
  | 'waiting-for-guilds'
  | 'identifying'
  | 'resuming';

/** Every shard status, in the order discord.js numbers them (its `Status` enum). */
export const SHARD_STATUSES: readonly ShardStatus[] = [
  'ready',
  'connecting',
  'reconnecting',
  'idle',
  'nearly',
  'disconnected',
  'waiting-for-guilds',
  'identifying',
  'resuming',
];

/** One shard this process owns. */
export interface ShardState {
  id: number;
  status: ShardStatus;
  /** The last heartbeat's round trip in ms; negative before the first one. */
  pingMs: number;
}

/** The facts readiness is decided on. */
export interface ReadinessFacts {
  /** The shards this process owns; null before the Discord client exists. */
  shards: readonly ShardState[] | null;
  /** How many shards this process is to run, when known (a shard not yet created counts as not ready). */
  expectedShards?: number;
  /** Null when the database answered; otherwise why not. */
  databaseProblem: string | null;
}

/** Ready, or the short reasons why not. */
export interface Readiness {
  ready: boolean;
  reasons: string[];
}

/** Ready only when every owned shard is ready and the database answered. */
export function readiness(facts: ReadinessFacts): Readiness {
  const reasons: string[] = [];
  if (facts.shards === null || facts.shards.length === 0) reasons.push('gateway: not connected yet');
  else {
    for (const shard of facts.shards) if (shard.status !== 'ready') reasons.push(`shard ${shard.id}: ${shard.status}`);
    const missing = (facts.expectedShards ?? 0) - facts.shards.length;
    if (missing > 0) reasons.push(`gateway: ${missing} shard(s) not started`);
  }
  if (facts.databaseProblem !== null) reasons.push(`database: ${facts.databaseProblem}`);
  return { ready: reasons.length === 0, reasons };
}
