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
   * Default true. False: a server the app is not installed to, where members can still
   * use it if they installed it to their account (`installForUser`). The bot gets no
   * GUILD_CREATE or any other event for it and cannot reach it over REST.
   */
  withBot?: boolean;
  /**
   * Default true: @everyone holds Use External Apps. False: the server turned external
   * apps off, so the replies of an app a member installed (and the server did not) are
   * ephemeral whatever the app asks for.
   */
  externalApps?: boolean;
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
  /** The bot's managed role; undefined in a guild seeded `withBot: false`. */
  botRoleId: string | undefined;
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
  /** The bot's managed role, once it joined. */
  botRoleId: string | undefined;
  /** False once the bot was removed, or when seeded without it; the guild then answers as unknown to it. */
  botPresent: boolean;
}

/**
 * A channel outside any guild: a DM (type 1) or a group DM (type 3). The bot is in a DM
 * only when it is the bot's own DM with a user; group DMs and DMs between users reach it
 * only through interactions of an app a member installed.
 */
export interface PrivateChannelRecord {
  id: string;
  type: ChannelType.DM | ChannelType.GroupDM;
  /** The users in it, the bot not included. */
  recipientIds: string[];
  /** True for a DM between a user and the bot (interaction context BOT_DM). */
  botDm: boolean;
  /** Group DMs only. */
  name: string | null;
  ownerId: string | null;
  last_message_id: string | null;
  flags: number;
  message_count?: undefined;
  total_message_sent?: undefined;
}

/** Any channel messages can be in. */
export type AnyChannelRecord = ChannelRecord | PrivateChannelRecord;

/** Whether a channel is a DM or a group DM. */
export function isPrivateChannel(c: AnyChannelRecord): c is PrivateChannelRecord {
  return 'recipientIds' in c;
}

/** What the world tells the outside when it changes. */
export interface WorldHooks {
  /**
   * A gateway event for the sessions whose intents include `intent` (undefined: always
   * sent) and whose shard owns `guildId` (undefined: shard 0, as for DMs).
   */
  // eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- names the function form
  dispatch(event: string, data: unknown | ((intents: number) => unknown), intent?: number, guildId?: string): void;
  /** Anything changed: waiters re-check. */
  changed(): void;
}
