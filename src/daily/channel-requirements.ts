/**
 * What a channel needs to carry daily posts: its kind, and the bot's permissions there
 * for given settings, by the names a moderator reads in Discord's settings. Pure data:
 * the Discord side checks them against the gateway cache, status lists what to grant.
 */
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { StringKey } from '../content/string-keys.ts';
import type { Strings } from '../content/strings.ts';
import type { Subscription } from '../storage/store.ts';

/** Channel kinds that can carry daily posts. */
export const POSTABLE_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

/** Permission names as a moderator reads them in Discord's settings: their keys in the wording. */
const NAMES = new Map<bigint, Extract<StringKey, `permissions.${string}`>>([
  [PermissionFlagsBits.ViewChannel, 'permissions.viewChannel'],
  [PermissionFlagsBits.SendMessages, 'permissions.sendMessages'],
  [PermissionFlagsBits.EmbedLinks, 'permissions.embedLinks'],
  [PermissionFlagsBits.CreatePublicThreads, 'permissions.createPublicThreads'],
  [PermissionFlagsBits.SendMessagesInThreads, 'permissions.sendMessagesInThreads'],
  [PermissionFlagsBits.MentionEveryone, 'permissions.mentionEveryone'],
  [PermissionFlagsBits.PinMessages, 'permissions.pinMessages'],
]);

/**
 * The permissions daily posts with these settings need; with `unmentionableRole`, the
 * role to mention is not mentionable, so mentioning it takes Mention Everyone. Pinning
 * takes Pin Messages (split from Manage Messages, which no longer grants it).
 */
export function neededPermissions(settings: Pick<Subscription, 'thread' | 'pin'>, unmentionableRole = false): bigint[] {
  const needed = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks];
  if (settings.thread) needed.push(PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads);
  if (settings.pin) needed.push(PermissionFlagsBits.PinMessages);
  if (unmentionableRole) needed.push(PermissionFlagsBits.MentionEveryone);
  return needed;
}

/** Permissions by name, in the order given. */
export function permissionNames(strings: Strings, bits: readonly bigint[]): string[] {
  return bits.map((bit) => strings.t(NAMES.get(bit)!));
}

/** The permissions daily posts with these settings need, by name: what to grant after a refusal. */
export function neededPermissionNames(strings: Strings, settings: Pick<Subscription, 'thread' | 'pin'>): string[] {
  return permissionNames(strings, neededPermissions(settings));
}
