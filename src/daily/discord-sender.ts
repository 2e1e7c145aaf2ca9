import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { ChannelType, PermissionFlagsBits, Routes, SnowflakeUtil, type Client, type PermissionResolvable } from 'discord.js';
import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { isDailyPostOf } from '../replies/daily-post.ts';
import type { RequestPacer } from '../discord/request-pacer.ts';
import type { DailySender } from './scheduler.ts';
import type { Subscription } from '../storage/store.ts';

/** Permission names as a moderator reads them in Discord's settings. */
const NAMES = new Map<bigint, string>([
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  [PermissionFlagsBits.CreatePublicThreads, 'Create Public Threads'],
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
  [PermissionFlagsBits.MentionEveryone, 'Mention Everyone (the role is not mentionable)'],
]);

/** The permissions daily posts with these settings need, by name: what to grant after a refusal. */
export function neededPermissionNames(settings: Pick<Subscription, 'thread'>): string[] {
  const needed = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks];
  if (settings.thread) needed.push(PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads);
  return needed.map((bit) => NAMES.get(bit)!);
}

/** Channel kinds that can carry daily posts. */
export const POSTABLE_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

/**
 * What the bot lacks to post in a channel with these settings, computed by discord.js
 * from the server's roles and the channel's overwrites as the gateway delivered them.
 * Null when the server is there but the channel is not (it was deleted). A server that
 * is unavailable (a Discord outage) or not yet delivered says nothing: Discord's own
 * answer to the post decides then, so an outage never removes a subscription.
 */
export function missingPermissions(
  client: Client,
  sub: Pick<Subscription, 'guildId' | 'channelId' | 'roleId' | 'thread'>,
): string[] | null {
  const guild = client.guilds.cache.get(sub.guildId);
  if (!guild?.available || !client.user) return [];
  const channel = guild.channels.cache.get(sub.channelId);
  // discord.js files a channel named in an interaction under that interaction's server, so a
  // channel of another server can sit in this one's cache: for this server it is not there.
  if (!channel || channel.guildId !== sub.guildId) return null;
  const needed: bigint[] = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks];
  if (sub.thread) needed.push(PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads);
  if (sub.roleId && !guild.roles.cache.get(sub.roleId)?.mentionable) needed.push(PermissionFlagsBits.MentionEveryone);
  const permissions = channel.permissionsFor(client.user);
  if (!permissions) return needed.map((bit) => NAMES.get(bit)!);
  return needed.filter((bit) => !permissions.has(bit as PermissionResolvable, true)).map((bit) => NAMES.get(bit)!);
}

/**
 * False only when the server is in the gateway cache and the role is not: it was deleted.
 * A server that is unavailable or not yet delivered says nothing, as for permissions.
 */
export function roleExists(client: Client, guildId: string, roleId: string): boolean {
  const guild = client.guilds.cache.get(guildId);
  return !guild?.available || guild.roles.cache.has(roleId);
}

/**
 * The scheduler's view of Discord, on the discord.js client's REST queue (which obeys
 * per-route limits); the pacer, at the wire, keeps these requests behind members' own.
 */
export function discordSender(client: Client, pacer: Pick<RequestPacer, 'background'>): DailySender {
  return {
    missingPermissions: (sub) => missingPermissions(client, sub),
    roleExists: (guildId, roleId) => roleExists(client, guildId, roleId),
    async send(channelId: string, body: RESTPostAPIChannelMessageJSONBody, options: { forMember?: boolean } = {}) {
      const post = () => client.rest.post(Routes.channelMessages(channelId), { body }) as Promise<APIMessage>;
      return options.forMember ? post() : pacer.background(post);
    },
    async startThread(channelId: string, messageId: string, name: string) {
      await pacer.background(() => client.rest.post(Routes.threads(channelId, messageId), { body: { name, auto_archive_duration: 1440 } }));
    },
    async findPost(channelId: string, localDate: string, since: number) {
      const channel = client.channels.cache.get(channelId);
      const me = client.user;
      // Reading history needs its own permission; without it, rely on the nonce alone.
      if (!me || !channel || !('permissionsFor' in channel) || !channel.permissionsFor(me)?.has(PermissionFlagsBits.ReadMessageHistory)) {
        return null;
      }
      // The post was sent at or after `since`: the first page after it holds it.
      const after = SnowflakeUtil.generate({ timestamp: since - 60_000 }).toString();
      const query = new URLSearchParams({ after, limit: String(DISCORD_LIMITS.messagesPerPage) });
      const messages = (await pacer.background(() => client.rest.get(Routes.channelMessages(channelId), { query }))) as APIMessage[];
      return messages.find((m) => m.author.id === me.id && isDailyPostOf(m.embeds, localDate))?.id ?? null;
    },
  };
}
