import {
  ChannelType,
  type APIChannel,
  type APIGuildMember,
  type APIInteractionGuildMember,
} from 'discord-api-types/v10';
import { isThread } from '../permissions.ts';
import {
  isPrivateChannel,
  type AnyChannelRecord,
  type ChannelRecord,
  type GuildRecord,
  type MemberRecord,
  type PrivateChannelRecord,
} from './records.ts';
import type { World } from './world.ts';

/** A channel or thread as the API sends it: a copy, so later changes do not show through. */
export function channelPayload(c: ChannelRecord): APIChannel {
  return structuredClone(c) as unknown as APIChannel;
}

/** A DM or group DM as the API sends it: its recipients are the users in it. */
export function privateChannelPayload(world: World, c: PrivateChannelRecord): APIChannel {
  const recipients = c.recipientIds.map((id) => structuredClone(world.users.get(id)!));
  const base = { id: c.id, type: c.type, last_message_id: c.last_message_id, flags: c.flags, recipients };
  if (c.type === ChannelType.DM) return base as unknown as APIChannel;
  return { ...base, name: c.name, icon: null, owner_id: c.ownerId } as unknown as APIChannel;
}

/** Any channel as the API sends it. */
export function anyChannelPayload(world: World, c: AnyChannelRecord): APIChannel {
  return isPrivateChannel(c) ? privateChannelPayload(world, c) : channelPayload(c);
}

/** A member as Discord sends it, with its user object. */
export function memberPayload(world: World, m: MemberRecord): APIGuildMember {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- needed: it types the literal's flags: 0
  return {
    user: world.users.get(m.userId)!,
    nick: null,
    avatar: null,
    banner: null,
    roles: [...m.roleIds],
    joined_at: m.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  } as unknown as APIGuildMember;
}

/** The member object an interaction carries: the member plus its permissions in the channel. */
export function interactionMember(
  world: World,
  guild: GuildRecord,
  userId: string,
  channelId: string,
): APIInteractionGuildMember {
  const m = guild.members.get(userId)!;
  return {
    ...memberPayload(world, m),
    permissions: world.permissionsIn(channelId, userId).toString(),
    unusual_dm_activity_until: null,
  } as APIInteractionGuildMember;
}

/** The guild object of GET /guilds/:id. */
export function guildPayload(world: World, guild: GuildRecord): Record<string, unknown> {
  const firstText = guild.channelIds.map((id) => world.channels.get(id)).find((c) => c?.type === ChannelType.GuildText);
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    region: 'deprecated',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [...guild.roles.values()],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: firstText?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw: false,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    incidents_data: null,
    hub_type: null,
  };
}

/**
 * GUILD_CREATE as a bot session receives it. Member lists need the privileged
 * Guild Members intent; without it Discord sends only the bot's own member, which
 * is what discord.js needs for `guild.members.me` and permission checks.
 */
export function guildCreatePayload(world: World, guild: GuildRecord, allMembers: boolean): Record<string, unknown> {
  const bot = guild.members.get(world.applicationId)!;
  const members = allMembers ? [...guild.members.values()] : [bot];
  const channels = guild.channelIds
    .map((id) => world.channels.get(id))
    .filter((c): c is ChannelRecord => c !== undefined);
  const strip = (c: ChannelRecord) => {
    const { guild_id: _ignored, ...rest } = structuredClone(c);
    return rest;
  };
  return {
    ...guildPayload(world, guild),
    joined_at: bot.joinedAt,
    large: false,
    unavailable: false,
    lazy: true,
    member_count: guild.members.size,
    voice_states: [],
    members: members.map((m) => memberPayload(world, m)),
    channels: channels.filter((c) => !isThread(c.type)).map(strip),
    threads: channels.filter((c) => isThread(c.type) && !c.thread_metadata?.archived).map((c) => structuredClone(c)),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    embedded_activities: [],
  };
}
