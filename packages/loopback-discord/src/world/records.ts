import type { APIChannel, APIMessage, APIOverwrite, APIRole, ChannelType } from 'discord-api-types/v10';

/** A channel to create in a guild. */
export interface ChannelSpec {
  name: string;
  /** Default GuildText. */
  type?: ChannelType;
  parentId?: string;
  permission_overwrites?: APIOverwrite[];
  topic?: string;
}

/** A role to create in a guild. */
export interface RoleSpec {
  name: string;
  permissions: bigint | string;
  mentionable?: boolean;
}

/** A guild to seed. */
export interface GuildSpec {
  name: string;
  /** Created as a new user when not given. */
  ownerId?: string;
  channels?: ChannelSpec[];
  members?: Array<{ userId: string; roleIds?: string[] }>;
  roles?: RoleSpec[];
  /** Held by the bot's managed role; default View Channel, Send Messages, Embed Links,
   * Read Message History, Create Public Threads, Send Messages in Threads, Mention Everyone. */
  botPermissions?: bigint;
  /**
   * `[shardId, shardCount]`: gives the guild an id that `(id >> 22) % shardCount` routes to
   * `shardId`. By default each guild gets an id in a millisecond of its own, so guilds
   * seeded together spread over the shards.
   */
  onShard?: [number, number];
}

/** A seeded guild with the ids Discord gave everything. */
export interface SeededGuild {
  id: string;
  name: string;
  ownerId: string;
  /** The @everyone role's id, which is the guild's id. */
  everyoneRoleId: string;
  /** The bot's managed role. */
  botRoleId: string;
  channels: APIChannel[];
  /** Every role, @everyone and the bot's role included. */
  roles: APIRole[];
}

/**
 * A message as Discord would return it, plus what the loopback records about it:
 * whether only one member sees it, the allowed_mentions the bot sent, and every
 * payload that created or edited it.
 */
export type StoredMessage = APIMessage & {
  ephemeral: boolean;
  allowedMentions: unknown;
  history: unknown[];
};

/** A guild channel or thread as the loopback keeps it: the API object, mutable. */
export interface ChannelRecord {
  id: string;
  type: ChannelType;
  guild_id: string;
  name: string;
  position: number;
  permission_overwrites: APIOverwrite[];
  topic: string | null;
  nsfw: boolean;
  parent_id: string | null;
  last_message_id: string | null;
  rate_limit_per_user: number;
  flags: number;
  // Threads only.
  owner_id?: string;
  message_count?: number;
  member_count?: number;
  total_message_sent?: number;
  thread_metadata?: {
    archived: boolean;
    auto_archive_duration: number;
    archive_timestamp: string;
    locked: boolean;
    create_timestamp: string;
  };
}

/** A member of a guild. */
export interface MemberRecord {
  userId: string;
  roleIds: string[];
  joinedAt: string;
}

/** A guild as the loopback keeps it. */
export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  roles: Map<string, APIRole>;
  /** Channel and thread ids in creation order. */
  channelIds: string[];
  members: Map<string, MemberRecord>;
  botRoleId: string;
  /** False once the bot was removed; the guild then answers as unknown to it. */
  botPresent: boolean;
}

/** What the world tells the outside when it changes. */
export interface WorldHooks {
  /**
   * A gateway event for the sessions whose intents include `intent` (undefined: always
   * sent) and whose shard owns `guildId` (undefined: shard 0, as for DMs).
   */
  dispatch(event: string, data: unknown | ((intents: number) => unknown), intent?: number, guildId?: string): void;
  /** Anything changed: waiters re-check. */
  changed(): void;
}
