import {
  ApplicationIntegrationType,
  ChannelType,
  GatewayIntentBits,
  PermissionFlagsBits,
  type APIChannel,
  type APIRole,
  type APIUser,
  type RoleFlags,
} from 'discord-api-types/v10';
import {
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  channelPermissions,
  isThread,
  toBits,
} from '../permissions.ts';
import { SnowflakeGenerator } from '../snowflake.ts';
import { CommandRegistry } from './commands.ts';
import { channelPayload, guildCreatePayload, memberPayload } from './payloads.ts';
import type {
  AnyChannelRecord,
  ChannelRecord,
  ChannelSpec,
  GuildRecord,
  GuildSpec,
  MemberRecord,
  PrivateChannelRecord,
  RoleSpec,
  SeededGuild,
  StoredMessage,
  WorldHooks,
} from './records.ts';

/** The most users a group DM holds, as on Discord. */
const GROUP_DM_MAX = 10;

/**
 * The world the loopback serves: users, guilds with roles, channels and members, the
 * bot's commands (commands.ts) and every message (kept here, changed through
 * messages.ts). REST handlers and the seeding API both change it through these
 * methods, which dispatch the matching gateway events.
 */
export class World {
  readonly ids = new SnowflakeGenerator();
  readonly users = new Map<string, APIUser>();
  readonly guilds = new Map<string, GuildRecord>();
  /** Guild channels and threads, also of guilds the bot is not in. */
  readonly channels = new Map<string, ChannelRecord>();
  /** DMs and group DMs. */
  readonly privateChannels = new Map<string, PrivateChannelRecord>();
  /** Users who installed the app to their account. */
  readonly userInstalls = new Set<string>();
  readonly messages = new Map<string, StoredMessage>();
  /** Visible message ids per channel, oldest first; ephemeral ones are not listed. */
  readonly channelMessages = new Map<string, string[]>();
  /** Pinned message ids per channel, with when each was pinned, newest first. */
  readonly channelPins = new Map<string, Array<{ messageId: string; pinnedAt: string }>>();
  /** Who may see an ephemeral message. */
  readonly ephemeralViewer = new Map<string, string>();
  /** Files on the CDN (attachments uploaded by the bot or by a test), by attachment id. */
  readonly files = new Map<string, { filename: string; contentType: string; data: Buffer }>();
  /** Where the CDN serves files: the loopback's own address, set once it listens. */
  cdnBaseUrl = '';
  /** The bot's application commands. */
  readonly commands: CommandRegistry;
  readonly botUser: APIUser;
  /** The application's id, which is also the bot user's. */
  readonly applicationId: string;

  /** Puts a file on the CDN and returns it as Discord describes an attachment. */
  addFile(filename: string, data: Buffer, contentType = 'application/octet-stream') {
    const id = this.ids.next();
    this.files.set(id, { filename, contentType, data });
    const url = `${this.cdnBaseUrl}/attachments/${id}/${encodeURIComponent(filename)}`;
    return { id, filename, size: data.length, url, proxy_url: url, content_type: contentType };
  }

  constructor(
    readonly applicationName: string,
    private readonly hooks: WorldHooks,
    /** The installation contexts the app supports (Developer Portal, Installation). */
    readonly installationContexts: readonly ApplicationIntegrationType[] = [
      ApplicationIntegrationType.GuildInstall,
      ApplicationIntegrationType.UserInstall,
    ],
  ) {
    const applicationId = (this.applicationId = this.ids.next());
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- needed: it types the literal's flags: 0
    this.botUser = {
      id: applicationId,
      username: applicationName,
      discriminator: String(Number(BigInt(applicationId) % 9000n) + 1000),
      global_name: null,
      avatar: null,
      bot: true,
      system: false,
      mfa_enabled: false,
      banner: null,
      accent_color: null,
      locale: 'en-US',
      verified: true,
      flags: 0,
      public_flags: 0,
      premium_type: 0,
      avatar_decoration_data: null,
      primary_guild: null,
    } as unknown as APIUser;
    this.users.set(applicationId, this.botUser);
    this.commands = new CommandRegistry(this.ids, applicationId, () => hooks.changed());
  }

  // ---- users -------------------------------------------------------------

  addUser(spec: { username: string; globalName?: string }): APIUser {
    const user = {
      id: this.ids.next(),
      username: spec.username,
      discriminator: '0',
      global_name: spec.globalName ?? null,
      avatar: null,
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
      collectibles: null,
      primary_guild: null,
    } as unknown as APIUser;
    this.users.set(user.id, user);
    this.hooks.changed();
    return user;
  }

  user(id: string): APIUser | undefined {
    return this.users.get(id);
  }

  /** The user adds the app to their account (Discord's "Add to My Apps"). */
  installForUser(userId: string): void {
    if (!this.users.has(userId)) throw new Error(`installForUser: no user ${userId}; create it with addUser first`);
    if (!this.installationContexts.includes(ApplicationIntegrationType.UserInstall)) {
      throw new Error('installForUser: the app does not support user installs (installationContexts has no 1)');
    }
    this.userInstalls.add(userId);
    this.hooks.changed();
  }

  /** The user removes the app from their account. */
  uninstallForUser(userId: string): void {
    this.userInstalls.delete(userId);
    this.hooks.changed();
  }

  /** Whether the user shares a server with the bot, which lets them open a DM with it. */
  sharesGuildWithBot(userId: string): boolean {
    for (const g of this.guilds.values()) if (g.botPresent && g.members.has(userId)) return true;
    return false;
  }

  // ---- private channels --------------------------------------------------

  /**
   * The DM between a user and the bot, or between two users when `otherUserId` is given;
   * made on first use, as Discord does. A DM with the bot needs a server in common or
   * the app installed to the user, as on Discord.
   */
  openDm(userId: string, otherUserId?: string): PrivateChannelRecord {
    for (const id of [userId, otherUserId]) {
      if (id !== undefined && (!this.users.has(id) || id === this.applicationId))
        throw new Error(`openDm: no user ${id}; create it with addUser first`);
    }
    if (otherUserId === userId) throw new Error('openDm: a DM needs two different users');
    if (otherUserId === undefined && !this.sharesGuildWithBot(userId) && !this.userInstalls.has(userId)) {
      throw new Error(
        `openDm: user ${userId} shares no server with the bot and has not installed the app (installForUser), so Discord offers no DM with it`,
      );
    }
    return this.dm(otherUserId === undefined ? [userId] : [userId, otherUserId]);
  }

  /**
   * The bot's DM with a user, as POST /users/@me/channels opens it: for anyone, though
   * messages reach only users who share a server with the bot or installed it.
   */
  botDm(userId: string): PrivateChannelRecord {
    return this.dm([userId]);
  }

  private dm(userIds: string[]): PrivateChannelRecord {
    const wanted = [...userIds].sort().join();
    const botDm = userIds.length === 1;
    for (const c of this.privateChannels.values()) {
      if (c.type === ChannelType.DM && c.botDm === botDm && [...c.recipientIds].sort().join() === wanted) return c;
    }
    return this.addPrivateChannel({
      type: ChannelType.DM,
      recipientIds: [...userIds],
      botDm,
      name: null,
      ownerId: null,
    });
  }

  /** A group DM of 2 to 10 users (the bot is never in one); the first user owns it. */
  addGroupDm(spec: { userIds: string[]; name?: string }): PrivateChannelRecord {
    const ids = [...new Set(spec.userIds)];
    if (ids.length < 2 || ids.length > GROUP_DM_MAX)
      throw new Error(`addGroupDm: a group DM has 2 to ${GROUP_DM_MAX} users, got ${ids.length}`);
    for (const id of ids)
      if (!this.users.has(id) || id === this.applicationId)
        throw new Error(`addGroupDm: no user ${id}; create it with addUser first`);
    return this.addPrivateChannel({
      type: ChannelType.GroupDM,
      recipientIds: ids,
      botDm: false,
      name: spec.name ?? null,
      ownerId: ids[0]!,
    });
  }

  private addPrivateChannel(
    spec: Pick<PrivateChannelRecord, 'type' | 'recipientIds' | 'botDm' | 'name' | 'ownerId'>,
  ): PrivateChannelRecord {
    // Discord sends bots no CHANNEL_CREATE for DMs; they learn of one from its first message.
    const channel: PrivateChannelRecord = { id: this.ids.next(), ...spec, last_message_id: null, flags: 0 };
    this.privateChannels.set(channel.id, channel);
    this.hooks.changed();
    return channel;
  }

  /** Any channel that exists: a guild's (whether the bot is in it or not), a DM or a group DM. */
  anyChannel(id: string): AnyChannelRecord | undefined {
    return this.channels.get(id) ?? this.privateChannels.get(id);
  }

  // ---- guilds ------------------------------------------------------------

  addGuild(spec: GuildSpec): { guild: GuildRecord; seeded: SeededGuild } {
    const withBot = spec.withBot !== false;
    if (spec.onShard) {
      const [shard, count] = spec.onShard;
      if (!Number.isInteger(count) || count < 1 || !Number.isInteger(shard) || shard < 0 || shard >= count) {
        throw new Error(
          `addGuild: onShard ${JSON.stringify(spec.onShard)} is not [shardId, shardCount] with 0 <= shardId < shardCount`,
        );
      }
    }
    const id = this.ids.nextInNewMillisecond(
      spec.onShard ? (ms) => ms % spec.onShard![1] === spec.onShard![0] : undefined,
    );
    const ownerId =
      spec.ownerId ?? this.addUser({ username: `${spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-owner` }).id;
    if (!this.users.has(ownerId)) throw new Error(`addGuild: no user ${ownerId}; create it with addUser first`);
    const everyonePermissions =
      spec.externalApps === false
        ? DEFAULT_EVERYONE_PERMISSIONS & ~PermissionFlagsBits.UseExternalApps
        : DEFAULT_EVERYONE_PERMISSIONS;
    const everyone: APIRole = this.makeRole(id, '@everyone', everyonePermissions, 0, { mentionable: false });
    const guild: GuildRecord = {
      id,
      name: spec.name,
      ownerId,
      roles: new Map([[everyone.id, everyone]]),
      channelIds: [],
      members: new Map(),
      botRoleId: undefined,
      botPresent: withBot,
    };
    const now = new Date().toISOString();
    if (withBot) {
      const botRole: APIRole = {
        ...this.makeRole(this.ids.next(), this.applicationName, spec.botPermissions ?? DEFAULT_BOT_PERMISSIONS, 1, {
          mentionable: false,
        }),
        managed: true,
        tags: { bot_id: this.applicationId },
      };
      guild.roles.set(botRole.id, botRole);
      guild.botRoleId = botRole.id;
      guild.members.set(this.applicationId, { userId: this.applicationId, roleIds: [botRole.id], joinedAt: now });
    }
    this.guilds.set(id, guild);
    guild.members.set(ownerId, { userId: ownerId, roleIds: [], joinedAt: now });
    for (const r of spec.roles ?? []) {
      const role = this.makeRole(this.ids.next(), r.name, toBits(r.permissions), guild.roles.size, {
        mentionable: r.mentionable ?? false,
      });
      guild.roles.set(role.id, role);
    }
    for (const m of spec.members ?? []) {
      if (!this.users.has(m.userId)) throw new Error(`addGuild: no user ${m.userId}; create it with addUser first`);
      guild.members.set(m.userId, { userId: m.userId, roleIds: [...(m.roleIds ?? [])], joinedAt: now });
    }
    for (const c of spec.channels ?? []) this.createChannel(guild, c);
    this.guildEvent(
      guild,
      'GUILD_CREATE',
      (intents: number) => guildCreatePayload(this, guild, (intents & GatewayIntentBits.GuildMembers) !== 0),
      GatewayIntentBits.Guilds,
    );
    this.hooks.changed();
    return { guild, seeded: this.seeded(guild) };
  }

  /** Dispatches a guild's event, on the shard that owns the guild, if the bot is in it. */
  private guildEvent(guild: GuildRecord, event: string, data: unknown, intent: number): void {
    if (guild.botPresent) this.hooks.dispatch(event, data, intent, guild.id);
  }

  seeded(guild: GuildRecord): SeededGuild {
    return {
      id: guild.id,
      name: guild.name,
      ownerId: guild.ownerId,
      everyoneRoleId: guild.id,
      botRoleId: guild.botRoleId,
      channels: guild.channelIds
        .map((cid) => this.channels.get(cid))
        .filter((c) => c !== undefined)
        .map((c) => channelPayload(c)),
      roles: [...guild.roles.values()],
    };
  }

  private makeRole(
    id: string,
    name: string,
    permissions: bigint,
    position: number,
    opts: { mentionable: boolean },
  ): APIRole {
    return {
      id,
      name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: permissions.toString(),
      managed: false,
      mentionable: opts.mentionable,
      flags: 0 as RoleFlags,
    };
  }

  /** The guild when it exists and the bot is in it. */
  guild(id: string): GuildRecord | undefined {
    const g = this.guilds.get(id);
    return g?.botPresent ? g : undefined;
  }

  requireGuild(id: string): GuildRecord {
    const g = this.guild(id);
    if (!g) throw new Error(`no guild ${id} (or the bot is no longer in it)`);
    return g;
  }

  /** A guild to seed, whether the bot is in it or not; its events reach the bot only when it is. */
  private seedGuild(id: string, verb: string): GuildRecord {
    const g = this.guilds.get(id);
    if (!g) throw new Error(`${verb}: no guild ${id}`);
    return g;
  }

  /**
   * Turns Use External Apps on @everyone on or off: with it off, an app a member installed
   * (and the server did not) answers only ephemerally there.
   */
  setExternalApps(guildId: string, enabled: boolean): void {
    const guild = this.seedGuild(guildId, 'setExternalApps');
    const everyone = guild.roles.get(guild.id)!;
    const bits = BigInt(everyone.permissions);
    const next = enabled ? bits | PermissionFlagsBits.UseExternalApps : bits & ~PermissionFlagsBits.UseExternalApps;
    const role = { ...everyone, permissions: next.toString() };
    guild.roles.set(role.id, role);
    this.guildEvent(guild, 'GUILD_ROLE_UPDATE', { guild_id: guild.id, role }, GatewayIntentBits.Guilds);
    this.hooks.changed();
  }

  addRole(guildId: string, spec: RoleSpec): APIRole {
    const guild = this.seedGuild(guildId, 'addRole');
    const role = this.makeRole(this.ids.next(), spec.name, toBits(spec.permissions), guild.roles.size, {
      mentionable: spec.mentionable ?? false,
    });
    guild.roles.set(role.id, role);
    this.guildEvent(guild, 'GUILD_ROLE_CREATE', { guild_id: guildId, role }, GatewayIntentBits.Guilds);
    this.hooks.changed();
    return role;
  }

  deleteRole(guildId: string, roleId: string): void {
    const guild = this.seedGuild(guildId, 'deleteRole');
    const role = guild.roles.get(roleId);
    if (!role) throw new Error(`deleteRole: no role ${roleId} in guild ${guildId}`);
    if (roleId === guildId || role.managed) throw new Error(`deleteRole: ${role.name} cannot be deleted`);
    guild.roles.delete(roleId);
    for (const member of guild.members.values()) member.roleIds = member.roleIds.filter((id) => id !== roleId);
    this.guildEvent(guild, 'GUILD_ROLE_DELETE', { guild_id: guildId, role_id: roleId }, GatewayIntentBits.Guilds);
    this.hooks.changed();
  }

  addMember(guildId: string, userId: string, roleIds: string[] = []): void {
    const guild = this.seedGuild(guildId, 'addMember');
    if (!this.users.has(userId)) throw new Error(`addMember: no user ${userId}; create it with addUser first`);
    for (const r of roleIds) if (!guild.roles.has(r)) throw new Error(`addMember: no role ${r} in guild ${guildId}`);
    const existing = guild.members.get(userId);
    const member: MemberRecord = {
      userId,
      roleIds: [...roleIds],
      joinedAt: existing?.joinedAt ?? new Date().toISOString(),
    };
    guild.members.set(userId, member);
    this.guildEvent(
      guild,
      existing ? 'GUILD_MEMBER_UPDATE' : 'GUILD_MEMBER_ADD',
      { ...memberPayload(this, member), guild_id: guildId },
      GatewayIntentBits.GuildMembers,
    );
    this.hooks.changed();
  }

  removeBotFromGuild(guildId: string): void {
    const guild = this.requireGuild(guildId);
    this.guildEvent(guild, 'GUILD_DELETE', { id: guildId }, GatewayIntentBits.Guilds);
    guild.botPresent = false;
    this.hooks.changed();
  }

  // ---- channels ----------------------------------------------------------

  private createChannel(guild: GuildRecord, spec: ChannelSpec): ChannelRecord {
    if (spec.parentId !== undefined) {
      const parent = this.channels.get(spec.parentId);
      if (!parent || parent.guild_id !== guild.id)
        throw new Error(`channel ${spec.name}: no parent ${spec.parentId} in this guild`);
    }
    const channel: ChannelRecord = {
      id: this.ids.next(),
      type: spec.type ?? ChannelType.GuildText,
      guild_id: guild.id,
      name: spec.name,
      position: guild.channelIds.filter((id) => !isThread(this.channels.get(id)?.type ?? ChannelType.GuildText)).length,
      permission_overwrites: structuredClone(spec.permission_overwrites ?? []),
      topic: spec.topic ?? null,
      nsfw: false,
      parent_id: spec.parentId ?? null,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
    };
    this.channels.set(channel.id, channel);
    guild.channelIds.push(channel.id);
    return channel;
  }

  addChannel(guildId: string, spec: ChannelSpec): APIChannel {
    const guild = this.seedGuild(guildId, 'addChannel');
    const channel = this.createChannel(guild, spec);
    const payload = channelPayload(channel);
    this.guildEvent(guild, 'CHANNEL_CREATE', payload, GatewayIntentBits.Guilds);
    this.hooks.changed();
    return payload;
  }

  updateChannel(channelId: string, patch: Partial<ChannelSpec>): void {
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`updateChannel: no channel ${channelId}`);
    if (patch.name !== undefined) channel.name = patch.name;
    if (patch.type !== undefined) channel.type = patch.type;
    if (patch.parentId !== undefined) channel.parent_id = patch.parentId;
    if (patch.topic !== undefined) channel.topic = patch.topic;
    if (patch.permission_overwrites !== undefined)
      channel.permission_overwrites = structuredClone(patch.permission_overwrites);
    const guild = this.guilds.get(channel.guild_id);
    if (guild)
      this.guildEvent(
        guild,
        isThread(channel.type) ? 'THREAD_UPDATE' : 'CHANNEL_UPDATE',
        channelPayload(channel),
        GatewayIntentBits.Guilds,
      );
    this.hooks.changed();
  }

  deleteChannel(channelId: string): void {
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`deleteChannel: no channel ${channelId}`);
    const payload = channelPayload(channel);
    // Threads go with their parent, as on Discord.
    const doomed = [
      channel,
      ...[...this.channels.values()].filter((c) => c.parent_id === channelId && isThread(c.type)),
    ];
    for (const c of doomed) {
      this.channels.delete(c.id);
      this.channelMessages.delete(c.id);
      this.channelPins.delete(c.id);
      const guild = this.guilds.get(c.guild_id);
      if (guild) guild.channelIds = guild.channelIds.filter((id) => id !== c.id);
    }
    const guild = this.guilds.get(channel.guild_id);
    if (guild) {
      const data = isThread(channel.type)
        ? { id: channel.id, guild_id: channel.guild_id, parent_id: channel.parent_id, type: channel.type }
        : payload;
      this.guildEvent(
        guild,
        isThread(channel.type) ? 'THREAD_DELETE' : 'CHANNEL_DELETE',
        data,
        GatewayIntentBits.Guilds,
      );
    }
    this.hooks.changed();
  }

  /** Creates a public thread from a message; its id is the message's, as on Discord. */
  createThreadFromMessage(
    parent: ChannelRecord,
    message: StoredMessage,
    name: string,
    autoArchive: number,
  ): ChannelRecord {
    const guild = this.requireGuild(parent.guild_id);
    const now = new Date().toISOString();
    const thread: ChannelRecord = {
      id: message.id,
      type: parent.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread,
      guild_id: parent.guild_id,
      name,
      position: 0,
      permission_overwrites: [],
      topic: null,
      nsfw: parent.nsfw,
      parent_id: parent.id,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
      owner_id: this.applicationId,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: autoArchive,
        archive_timestamp: now,
        locked: false,
        create_timestamp: now,
      },
    };
    this.channels.set(thread.id, thread);
    guild.channelIds.push(thread.id);
    this.guildEvent(
      guild,
      'THREAD_CREATE',
      { ...channelPayload(thread), newly_created: true },
      GatewayIntentBits.Guilds,
    );
    return thread;
  }

  // ---- permissions -------------------------------------------------------

  private subject(guild: GuildRecord, userId: string) {
    const member = guild.members.get(userId);
    return {
      guildId: guild.id,
      ownerId: guild.ownerId,
      userId,
      memberRoleIds: member?.roleIds ?? [],
      rolePermissions: new Map([...guild.roles.values()].map((r) => [r.id, BigInt(r.permissions)])),
    };
  }

  /** A member's permissions in a channel; threads use their parent's overwrites. */
  permissionsIn(channelId: string, userId: string): bigint {
    const channel = this.channels.get(channelId);
    if (!channel) return 0n;
    const guild = this.guilds.get(channel.guild_id);
    if (!guild || !guild.members.has(userId)) return 0n;
    const source =
      isThread(channel.type) && channel.parent_id ? (this.channels.get(channel.parent_id) ?? channel) : channel;
    return channelPermissions(this.subject(guild, userId), source.permission_overwrites, channel.type);
  }

  /** What @everyone alone holds in a channel: an app without a bot in the guild has that much. */
  everyonePermissionsIn(channelId: string): bigint {
    const channel = this.channels.get(channelId);
    const guild = channel ? this.guilds.get(channel.guild_id) : undefined;
    if (!channel || !guild) return 0n;
    const source =
      isThread(channel.type) && channel.parent_id ? (this.channels.get(channel.parent_id) ?? channel) : channel;
    const nobody = { ...this.subject(guild, ''), memberRoleIds: [] };
    return channelPermissions(nobody, source.permission_overwrites, channel.type);
  }
}
