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
 * so what every server has is packed: the ids and permissions of its roles and the ids and
 * kinds of its channels are 64-bit numbers in one typed array per server ({@link Table}),
 * under a third of what the same in maps of strings costs (2.5 against 8.5 MB for those
 * 2,500 servers). Discord's permission bits all lie below the 64th (a bit past it, were
 * Discord to add one, would be dropped). Lookups scan it (a server has
 * at most 250 roles and 500 channels); a change rebuilds it (changes are rare). What few
 * servers or channels have is kept plainly beside it: roles that can be mentioned, and
 * permission overwrites. Every lookup names the server, so there is no index of all
 * channels.
 */

/**
 * A server's roles and channels: role ids, then their permissions, then channel ids, then
 * their kinds; `roles` says where the channels start. @everyone's role id is the server's.
 */
interface Table {
  readonly roles: number;
  readonly slots: BigUint64Array;
}

type Overwrites = ReadonlyArray<readonly [id: string, allow: bigint, deny: bigint]>;

interface ServerRecord {
  ownerId: string;
  /** False during a Discord outage: its channels and roles are as last seen. */
  available: boolean;
  table: Table;
  /** The roles that anyone may mention; null when none can (most servers). */
  mentionable: Set<string> | null;
  /** The permission overwrites of the channels that have any, by channel id; null when none has. */
  overwrites: Map<string, Overwrites> | null;
  /** The bot's own roles, or null until its member is seen. */
  myRoles: string[] | null;
}

/** A channel as the index has it: its kind. */
export interface IndexedChannel {
  type: ChannelType;
}

/** Every permission bit there is, as the owner and Administrator have them. */
const ALL = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

const THREAD_TYPES = new Set<ChannelType>([
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

const MAX_SNOWFLAKE = 2n ** 64n - 1n;

/** A table's entries as [id, value] pairs: roles with their permissions, channels with their kinds. */
type Entries = Array<[id: bigint, value: bigint]>;

function pack(roles: Entries, channels: Entries): Table {
  const slots = new BigUint64Array(2 * (roles.length + channels.length));
  const c = 2 * roles.length;
  roles.forEach(([id, value], i) => {
    slots[i] = id;
    slots[roles.length + i] = value;
  });
  channels.forEach(([id, value], i) => {
    slots[c + i] = id;
    slots[c + channels.length + i] = value;
  });
  return { roles: roles.length, slots };
}

function channelCount(table: Table): number {
  return table.slots.length / 2 - table.roles;
}

function unpack(table: Table): { roles: Entries; channels: Entries } {
  const { roles: r, slots } = table;
  const c = channelCount(table);
  const entries = (from: number, count: number): Entries =>
    Array.from({ length: count }, (_, i) => [slots[from + i]!, slots[from + count + i]!]);
  return { roles: entries(0, r), channels: entries(2 * r, c) };
}

/** The position of the role among the table's roles, or -1. */
function roleAt(table: Table, id: bigint): number {
  for (let i = 0; i < table.roles; i++) if (table.slots[i] === id) return i;
  return -1;
}

/** The position of the channel among the table's channels, or -1. */
function channelAt(table: Table, id: bigint): number {
  const from = 2 * table.roles;
  const count = channelCount(table);
  for (let i = 0; i < count; i++) if (table.slots[from + i] === id) return i;
  return -1;
}

/** A snowflake as a number of the table, or null when the text is not one. */
function snowflake(id: string): bigint | null {
  if (!/^\d{1,20}$/.test(id)) return null;
  const n = BigInt(id);
  return n <= MAX_SNOWFLAKE ? n : null;
}

function rolePermissions(table: Table, id: string): bigint | undefined {
  const key = snowflake(id);
  const at = key === null ? -1 : roleAt(table, key);
  return at < 0 ? undefined : table.slots[table.roles + at];
}

/** Records whether the role can be mentioned. */
function noteMentionable(server: ServerRecord, role: Pick<APIRole, 'id' | 'mentionable'>): void {
  if (role.mentionable) (server.mentionable ??= new Set()).add(role.id);
  else server.mentionable?.delete(role.id);
}

/** Adds or changes roles, keeping the server's others. */
function putRoles(
  server: ServerRecord,
  changed: ReadonlyArray<Pick<APIRole, 'id' | 'permissions' | 'mentionable'>>,
): void {
  const { roles, channels } = unpack(server.table);
  for (const role of changed) {
    const id = snowflake(role.id);
    if (id === null) continue;
    const entry = roles.find(([of]) => of === id);
    if (entry) entry[1] = BigInt(role.permissions);
    else roles.push([id, BigInt(role.permissions)]);
    noteMentionable(server, role);
  }
  server.table = pack(roles, channels);
}

function overwritesOf(list: readonly APIOverwrite[] | undefined): Overwrites | null {
  if (!list?.length) return null;
  return list.map((o) => [o.id, BigInt(o.allow), BigInt(o.deny)] as const);
}

/**
 * The servers, channels and roles of this process's shards, from the gateway's dispatches
 * ({@link ServerIndex.handle}, on discord.js's `raw` event).
 */
export class ServerIndex {
  private readonly servers = new Map<string, ServerRecord>();
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
        else if (this.servers.delete(d.id)) this.onGuildLeave?.(d.id);
        return;
      case GatewayDispatchEvents.GuildRoleCreate:
      case GatewayDispatchEvents.GuildRoleUpdate: {
        const server = this.servers.get(d.guild_id);
        if (server) putRoles(server, [d.role]);
        return;
      }
      case GatewayDispatchEvents.GuildRoleDelete: {
        const server = this.servers.get(d.guild_id);
        if (!server) return;
        const id = snowflake(d.role_id);
        const { roles, channels } = unpack(server.table);
        server.table = pack(
          roles.filter(([of]) => of !== id),
          channels,
        );
        server.mentionable?.delete(d.role_id);
        return;
      }
      case GatewayDispatchEvents.GuildMemberUpdate: {
        const server = this.servers.get(d.guild_id);
        if (server && d.user.id === this.botId) server.myRoles = [...d.roles];
        return;
      }
      case GatewayDispatchEvents.ChannelCreate:
      case GatewayDispatchEvents.ChannelUpdate:
        if ('guild_id' in d && d.guild_id) this.putChannels(d.guild_id, [d]);
        return;
      case GatewayDispatchEvents.ChannelDelete:
        if ('guild_id' in d && d.guild_id && this.removeChannel(d.guild_id, d.id)) this.onChannelDelete?.(d.id);
        return;
      default:
        return;
    }
  }

  /** Whether the server is known and not in an outage. */
  isAvailable(guildId: string): boolean {
    return this.servers.get(guildId)?.available ?? false;
  }

  /** The channel's kind, if the gateway delivered it as one of this server's (threads are never kept). */
  channel(guildId: string, channelId: string): IndexedChannel | undefined {
    const server = this.servers.get(guildId);
    const id = snowflake(channelId);
    if (!server || id === null) return undefined;
    const at = channelAt(server.table, id);
    if (at < 0) return undefined;
    const { roles, slots } = server.table;
    return { type: Number(slots[2 * roles + channelCount(server.table) + at]) as ChannelType };
  }

  /** The role, if its server is known and has it. */
  role(guildId: string, roleId: string): { mentionable: boolean } | undefined {
    const server = this.servers.get(guildId);
    if (!server || rolePermissions(server.table, roleId) === undefined) return undefined;
    return { mentionable: server.mentionable?.has(roleId) ?? false };
  }

  /**
   * The bot's permissions in the server's channel, with every bit when it owns the server
   * or has Administrator; null when the channel, its server or the bot's member there is
   * unknown.
   */
  botPermissions(guildId: string, channelId: string): bigint | null {
    const server = this.servers.get(guildId);
    if (!server?.myRoles || this.botId === null || !this.channel(guildId, channelId)) return null;
    if (server.ownerId === this.botId) return ALL;
    const { table } = server;
    let permissions = rolePermissions(table, guildId) ?? 0n;
    // A role the member still lists but the server deleted counts for nothing.
    const myRoles = server.myRoles.filter((id) => rolePermissions(table, id) !== undefined);
    for (const id of myRoles) permissions |= rolePermissions(table, id)!;
    if (permissions & PermissionFlagsBits.Administrator) return ALL;
    const overwrites = server.overwrites?.get(channelId);
    if (!overwrites) return permissions;
    const find = (id: string) => overwrites.find(([of]) => of === id);
    const everyone = find(guildId);
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
    const me = this.botId === null ? undefined : guild.members?.find((m) => m.user?.id === this.botId);
    const server: ServerRecord = {
      ownerId: guild.owner_id,
      available: true,
      table: pack([], []),
      mentionable: null,
      overwrites: null,
      myRoles: me ? [...me.roles] : null,
    };
    putRoles(server, guild.roles);
    this.servers.set(guild.id, server);
    // A GUILD_CREATE's channels carry no guild_id: theirs is the server's.
    this.putChannels(guild.id, guild.channels ?? []);
  }

  private updateServer(guild: Partial<APIGuild> & { id: string }): void {
    const server = this.servers.get(guild.id);
    if (!server) return;
    if (guild.owner_id) server.ownerId = guild.owner_id;
    if (guild.roles) {
      server.table = pack([], unpack(server.table).channels);
      server.mentionable = null;
      putRoles(server, guild.roles);
    }
  }

  private markUnavailable(guildId: string): void {
    const server = this.servers.get(guildId);
    if (server) server.available = false;
  }

  /** Adds or changes the server's channels (threads are not kept). */
  private putChannels(guildId: string, changed: readonly APIChannel[]): void {
    const server = this.servers.get(guildId);
    if (!server) return;
    const { roles, channels } = unpack(server.table);
    for (const channel of changed) {
      const id = snowflake(channel.id);
      if (id === null || THREAD_TYPES.has(channel.type)) continue;
      const entry = channels.find(([of]) => of === id);
      if (entry) entry[1] = BigInt(channel.type);
      else channels.push([id, BigInt(channel.type)]);
      const overwrites = overwritesOf('permission_overwrites' in channel ? channel.permission_overwrites : undefined);
      if (overwrites) (server.overwrites ??= new Map()).set(channel.id, overwrites);
      else server.overwrites?.delete(channel.id);
    }
    server.table = pack(roles, channels);
  }

  /** Forgets the server's channel; false when it was not known. */
  private removeChannel(guildId: string, channelId: string): boolean {
    const server = this.servers.get(guildId);
    const id = snowflake(channelId);
    if (!server || id === null || channelAt(server.table, id) < 0) return false;
    const { roles, channels } = unpack(server.table);
    server.table = pack(
      roles,
      channels.filter(([of]) => of !== id),
    );
    server.overwrites?.delete(channelId);
    return true;
  }
}
