import { ChannelType, OverwriteType, PermissionFlagsBits as P, type APIOverwrite } from 'discord-api-types/v10';

/** Every permission bit Discord defines: what the owner and administrators hold. */
export const ALL_PERMISSIONS = Object.values(P).reduce((all, bit) => all | bit, 0n);

/**
 * What a new server's @everyone role holds on Discord: members can see, talk, thread,
 * react, embed and attach, use commands and voice, but moderate nothing.
 */
export const DEFAULT_EVERYONE_PERMISSIONS =
  P.CreateInstantInvite |
  P.AddReactions |
  P.Stream |
  P.ViewChannel |
  P.SendMessages |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.MentionEveryone |
  P.UseExternalEmojis |
  P.Connect |
  P.Speak |
  P.UseVAD |
  P.ChangeNickname |
  P.UseApplicationCommands |
  P.RequestToSpeak |
  P.CreatePublicThreads |
  P.CreatePrivateThreads |
  P.UseExternalStickers |
  P.SendMessagesInThreads |
  P.UseEmbeddedActivities |
  P.UseSoundboard |
  P.UseExternalSounds |
  P.SendVoiceMessages |
  P.SendPolls |
  P.UseExternalApps;

/** The bot's own managed role when the guild spec does not say otherwise. */
export const DEFAULT_BOT_PERMISSIONS =
  P.ViewChannel |
  P.SendMessages |
  P.EmbedLinks |
  P.ReadMessageHistory |
  P.CreatePublicThreads |
  P.SendMessagesInThreads |
  P.MentionEveryone;

/**
 * Permissions that Discord takes away with Send Messages: without it in a channel a
 * member cannot embed, attach, ping everyone or use TTS there either.
 */
const IMPLIED_BY_SEND = P.MentionEveryone | P.SendTTSMessages | P.AttachFiles | P.EmbedLinks;

/** Parses a permission value as Discord sends it (a decimal string) or as code holds it. */
export function toBits(value: bigint | string | number | undefined | null): bigint {
  if (value === undefined || value === null || value === '') return 0n;
  return BigInt(value);
}

/** What the permission algorithm needs to know about a member and the place. */
export interface PermissionSubject {
  guildId: string;
  ownerId: string;
  userId: string;
  /** Role ids the member holds, @everyone not included. */
  memberRoleIds: readonly string[];
  /** Every role of the guild, @everyone (id = guild id) included. */
  rolePermissions: ReadonlyMap<string, bigint>;
}

/** The member's guild-wide permissions: Discord's "base permissions". */
export function basePermissions(s: PermissionSubject): bigint {
  if (s.userId === s.ownerId) return ALL_PERMISSIONS;
  let bits = s.rolePermissions.get(s.guildId) ?? 0n;
  for (const roleId of s.memberRoleIds) bits |= s.rolePermissions.get(roleId) ?? 0n;
  if (bits & P.Administrator) return ALL_PERMISSIONS;
  return bits;
}

/**
 * The member's permissions in a channel, following Discord's documented order:
 * base, then the @everyone overwrite, then all role overwrites together, then the
 * member's own overwrite. Threads take their parent's overwrites (the caller passes
 * the parent's). Without View Channel nothing else applies.
 */
export function channelPermissions(
  s: PermissionSubject,
  overwrites: readonly APIOverwrite[],
  channelType: ChannelType,
): bigint {
  const base = basePermissions(s);
  if (base & P.Administrator) return ALL_PERMISSIONS;
  let bits = base;
  const everyone = overwrites.find((o) => o.id === s.guildId);
  if (everyone) bits = (bits & ~toBits(everyone.deny)) | toBits(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === OverwriteType.Role && o.id !== s.guildId && s.memberRoleIds.includes(o.id)) {
      allow |= toBits(o.allow);
      deny |= toBits(o.deny);
    }
  }
  bits = (bits & ~deny) | allow;
  const own = overwrites.find((o) => o.type === OverwriteType.Member && o.id === s.userId);
  if (own) bits = (bits & ~toBits(own.deny)) | toBits(own.allow);
  if (!(bits & P.ViewChannel)) return 0n;
  const isThread =
    channelType === ChannelType.PublicThread ||
    channelType === ChannelType.PrivateThread ||
    channelType === ChannelType.AnnouncementThread;
  if (!isThread && isTextLike(channelType) && !(bits & P.SendMessages)) bits &= ~IMPLIED_BY_SEND;
  return bits;
}

/** Channel types that hold messages. */
export function isTextLike(type: ChannelType): boolean {
  return (
    type === ChannelType.GuildText ||
    type === ChannelType.GuildAnnouncement ||
    type === ChannelType.GuildVoice ||
    type === ChannelType.GuildStageVoice ||
    type === ChannelType.PublicThread ||
    type === ChannelType.PrivateThread ||
    type === ChannelType.AnnouncementThread
  );
}

/** Thread channel types. */
export function isThread(type: ChannelType): boolean {
  return (
    type === ChannelType.PublicThread || type === ChannelType.PrivateThread || type === ChannelType.AnnouncementThread
  );
}
