/**
 * What the bot knows of each server from the gateway, kept compact: the owner, the roles'
 * permissions and whether they can be mentioned, each channel's kind and permission
 * overwrites, and the bot's own roles. discord.js's own caches hold a full Guild, channel,
 * role and overwrite object for each, several times this; the bot keeps none of them
 * (gateway-cache.ts) and reads this instead. Fed by the gateway's raw events, so it sees
 * every change as discord.js would; it imports nothing but types, so the memory bench can
 * give a bare client the same.
 *
 * The bot's permissions in a channel follow Discord's documented computation: the owner
 * and Administrator have everything; otherwise @everyone's and the bot's roles'
 * permissions, then the channel's overwrites for @everyone, for the bot's roles together,
 * then for the bot itself. Threads are not kept: the bot checks and posts in text and
 * announcement channels only.
 */
import {
  ChannelType,
  GatewayDispatchEvents,
  PermissionFlagsBits,
  type APIChannel,
  type APIGuild,
  type APIGuildMember,
  type APIOverwrite,
  type APIRole,
  type GatewayDispatchPayload,
} from 'discord-api-types/v10';

/*
 * Sizes: a process may hold 2,500 servers of 20 channels and 10 roles each (one shard),
 * so each record is as small as it can be while staying plain. A role is its permissions
 * alone (the few that can be mentioned are also in a set of the server's); a channel
 * without overwrites (most of them) shares one record with every other channel of its
 * server and kind, so all it costs is its id and its entry in the channel map.
 */
interface ServerRecord {
  ownerId: string;
  /** False during a Discord outage: its channels and roles are as last seen. */
  available: boolean;
  /** Role id → permissions; @everyone's id is the server's. */
  roles: Map<string, bigint>;
  /** The roles that anyone may mention; null when none can (most servers). */
  mentionable: Set<string> | null;
  /** The ids of its channels in {@link ServerIndex}'s channel map, to drop them with it. */
  channelIds: string[];
  /** The record its channels of each kind share when they have no overwrites. */
  plainChannels: ChannelRecord[];
  /** The bot's own roles, or null until its member is seen. */
  myRoles: string[] | null;
}

interface ChannelRecord {
  readonly guildId: string;
  readonly type: ChannelType;
  /** Overwrites as id, allow, deny; null when there are none (most channels). */
  readonly overwrites: ReadonlyArray<readonly [id: string, allow: bigint, deny: bigint]> | null;
}

/** A channel as the index has it: its server and kind. */
export interface IndexedChannel {
  guildId: string;
  type: ChannelType;
}

/** Every permission bit there is, as the owner and Administrator have them. */
const ALL = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

const THREAD_TYPES = new Set<ChannelType>([
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

/** Records the role's permissions and whether it can be mentioned. */
function putRole(server: ServerRecord, role: Pick<APIRole, 'id' | 'permissions' | 'mentionable'>): void {
  server.roles.set(role.id, BigInt(role.permissions));
  if (role.mentionable) (server.mentionable ??= new Set()).add(role.id);
  else server.mentionable?.delete(role.id);
}

/** Replaces every role of the server with these. */
function setRoles(server: ServerRecord, roles: readonly APIRole[]): void {
  server.roles = new Map();
  server.mentionable = null;
  for (const role of roles) putRole(server, role);
}

function overwritesOf(list: readonly APIOverwrite[] | undefined): ChannelRecord['overwrites'] {
  if (!list?.length) return null;
  return list.map((o) => [o.id, BigInt(o.allow), BigInt(o.deny)] as const);
}

/** The record for a channel of this server and kind: shared by all of them when it has no overwrites. */
function channelRecord(
  server: ServerRecord,
  guildId: string,
  type: ChannelType,
  overwrites: ChannelRecord['overwrites'],
): ChannelRecord {
  if (overwrites) return { guildId, type, overwrites };
  let shared = server.plainChannels.find((record) => record.type === type);
  if (!shared) server.plainChannels.push((shared = { guildId, type, overwrites: null }));
  return shared;
}

/**
 * The servers, channels and roles of this process's shards, from the gateway's dispatches
 * ({@link ServerIndex.handle}, on discord.js's `raw` event).
 */
export class ServerIndex {
  private readonly servers = new Map<string, ServerRecord>();
  private readonly channels = new Map<string, ChannelRecord>();
  private botId: string | null = null;
  /** Called once a known channel is deleted. */
  onChannelDelete?: (channelId: string) => void;
  /** Called when the bot leaves or is removed from a known server (not in an outage). */
  onGuildLeave?: (guildId: string) => void;

  /** How many servers are known, available or not. */
  get size(): number {
    return this.servers.size;
  }

  /** Takes in one gateway dispatch; those it has no use for are ignored. */
  handle(packet: { t?: string | null; d?: unknown }): void {
    const { t, d } = packet as GatewayDispatchPayload;
    switch (t) {
      case GatewayDispatchEvents.Ready:
        this.botId = d.user.id;
        return;
      case GatewayDispatchEvents.GuildCreate:
        if ('unavailable' in d && d.unavailable) this.markUnavailable(d.id);
        else this.addServer(d);
        return;
      case GatewayDispatchEvents.GuildUpdate:
        this.updateServer(d);
        return;
      case GatewayDispatchEvents.GuildDelete:
        if (d.unavailable) this.markUnavailable(d.id);
        else if (this.removeServer(d.id)) this.onGuildLeave?.(d.id);
        return;
      case GatewayDispatchEvents.GuildRoleCreate:
      case GatewayDispatchEvents.GuildRoleUpdate: {
        const server = this.servers.get(d.guild_id);
        if (server) putRole(server, d.role);
        return;
      }
      case GatewayDispatchEvents.GuildRoleDelete: {
        const server = this.servers.get(d.guild_id);
        server?.roles.delete(d.role_id);
        server?.mentionable?.delete(d.role_id);
        return;
      }
      case GatewayDispatchEvents.GuildMemberUpdate: {
        const server = this.servers.get(d.guild_id);
        if (server && d.user.id === this.botId) server.myRoles = [...d.roles];
        return;
      }
      case GatewayDispatchEvents.ChannelCreate:
      case GatewayDispatchEvents.ChannelUpdate:
        this.putChannel(d);
        return;
      case GatewayDispatchEvents.ChannelDelete:
        if (this.removeChannel(d.id)) this.onChannelDelete?.(d.id);
        return;
      default:
        return;
    }
  }

  /** Whether the server is known and not in an outage. */
  isAvailable(guildId: string): boolean {
    return this.servers.get(guildId)?.available ?? false;
  }

  /** The channel's server and kind, if the gateway delivered it (threads are never kept). */
  channel(channelId: string): IndexedChannel | undefined {
    const channel = this.channels.get(channelId);
    return channel && { guildId: channel.guildId, type: channel.type };
  }

  /** The role, if its server is known and has it. */
  role(guildId: string, roleId: string): { mentionable: boolean } | undefined {
    const server = this.servers.get(guildId);
    if (!server?.roles.has(roleId)) return undefined;
    return { mentionable: server.mentionable?.has(roleId) ?? false };
  }

  /**
   * The bot's permissions in the channel, with every bit when it owns the server or has
   * Administrator; null when the channel, its server or the bot's member there is unknown.
   */
  botPermissions(channelId: string): bigint | null {
    const channel = this.channels.get(channelId);
    const server = channel && this.servers.get(channel.guildId);
    if (!channel || !server || !server.myRoles || this.botId === null) return null;
    if (server.ownerId === this.botId) return ALL;
    let permissions = server.roles.get(channel.guildId) ?? 0n;
    // A role the member still lists but the server deleted counts for nothing.
    const myRoles = server.myRoles.filter((id) => server.roles.has(id));
    for (const id of myRoles) permissions |= server.roles.get(id)!;
    if (permissions & PermissionFlagsBits.Administrator) return ALL;
    if (!channel.overwrites) return permissions;
    const find = (id: string) => channel.overwrites!.find(([of]) => of === id);
    const everyone = find(channel.guildId);
    if (everyone) permissions = (permissions & ~everyone[2]) | everyone[1];
    let allow = 0n;
    let deny = 0n;
    for (const id of myRoles) {
      const overwrite = find(id);
      if (overwrite) {
        allow |= overwrite[1];
        deny |= overwrite[2];
      }
    }
    permissions = (permissions & ~deny) | allow;
    const mine = find(this.botId);
    if (mine) permissions = (permissions & ~mine[2]) | mine[1];
    return permissions;
  }

  private addServer(guild: APIGuild & { channels?: APIChannel[]; members?: APIGuildMember[] }): void {
    this.removeServer(guild.id);
    const me = this.botId === null ? undefined : guild.members?.find((m) => m.user?.id === this.botId);
    const server: ServerRecord = {
      ownerId: guild.owner_id,
      available: true,
      roles: new Map(),
      mentionable: null,
      channelIds: [],
      plainChannels: [],
      myRoles: me ? [...me.roles] : null,
    };
    for (const role of guild.roles) putRole(server, role);
    this.servers.set(guild.id, server);
    // A GUILD_CREATE's channels carry no guild_id: theirs is the server's.
    for (const channel of guild.channels ?? []) this.putChannel(channel, guild.id);
  }

  private updateServer(guild: Partial<APIGuild> & { id: string }): void {
    const server = this.servers.get(guild.id);
    if (!server) return;
    if (guild.owner_id) server.ownerId = guild.owner_id;
    if (guild.roles) setRoles(server, guild.roles);
  }

  private markUnavailable(guildId: string): void {
    const server = this.servers.get(guildId);
    if (server) server.available = false;
  }

  /** Forgets the server and its channels; false when it was not known. */
  private removeServer(guildId: string): boolean {
    const server = this.servers.get(guildId);
    if (!server) return false;
    for (const id of server.channelIds) this.channels.delete(id);
    this.servers.delete(guildId);
    return true;
  }

  private putChannel(channel: APIChannel & { guild_id?: string }, guildId = channel.guild_id): void {
    if (!guildId || THREAD_TYPES.has(channel.type)) return;
    const server = this.servers.get(guildId);
    if (!server) return;
    if (!this.channels.has(channel.id)) server.channelIds.push(channel.id);
    const overwrites = overwritesOf('permission_overwrites' in channel ? channel.permission_overwrites : undefined);
    this.channels.set(channel.id, channelRecord(server, guildId, channel.type, overwrites));
  }

  /** Forgets the channel; false when it was not known. */
  private removeChannel(channelId: string): boolean {
    const channel = this.channels.get(channelId);
    if (!channel) return false;
    this.channels.delete(channelId);
    const server = this.servers.get(channel.guildId);
    if (server) server.channelIds = server.channelIds.filter((id) => id !== channelId);
    return true;
  }
}
