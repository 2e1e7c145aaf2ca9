/**
 * What a channel needs to carry daily posts: its kind, and the bot's permissions there
 * for given settings, by the names a moderator reads in Discord's settings. Pure data:
 * the Discord side checks them against the gateway cache, status lists what to grant.
 */
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Subscription } from '../storage/store.ts';

/** Channel kinds that can carry daily posts. */
export const POSTABLE_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

/** Permission names as a moderator reads them in Discord's settings. */
const NAMES = new Map<bigint, string>([
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  [PermissionFlagsBits.CreatePublicThreads, 'Create Public Threads'],
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
  [PermissionFlagsBits.MentionEveryone, 'Mention Everyone (the role is not mentionable)'],
]);

/**
 * The permissions daily posts with these settings need; with `unmentionableRole`, the
 * role to mention is not mentionable, so mentioning it takes Mention Everyone.
 */
export function neededPermissions(settings: Pick<Subscription, 'thread'>, unmentionableRole = false): bigint[] {
  const needed = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks];
  if (settings.thread) needed.push(PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads);
  if (unmentionableRole) needed.push(PermissionFlagsBits.MentionEveryone);
  return needed;
}

/** Permissions by name, in the order given. */
export function permissionNames(bits: readonly bigint[]): string[] {
  return bits.map((bit) => NAMES.get(bit)!);
}

/** The permissions daily posts with these settings need, by name: what to grant after a refusal. */
export function neededPermissionNames(settings: Pick<Subscription, 'thread'>): string[] {
  return permissionNames(neededPermissions(settings));
}
