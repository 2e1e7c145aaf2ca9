import { ChannelType, PermissionFlagsBits, Routes, SnowflakeUtil, type Client, type PermissionResolvable } from 'discord.js';
import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { DAILY_FOOTER_PREFIX } from './replies/daily-post.ts';
import type { DailySender } from './scheduler.ts';
import type { Subscription } from './store.ts';

/** Permission names as a moderator reads them in Discord's settings. */
const NAMES = new Map<bigint, string>([
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  [PermissionFlagsBits.CreatePublicThreads, 'Create Public Threads'],
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
  [PermissionFlagsBits.MentionEveryone, 'Mention Everyone (the role is not mentionable)'],
]);

/** Channel kinds that can carry daily posts. */
export const POSTABLE_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

/**
 * What the bot lacks to post in a channel with these settings, computed by discord.js
 * from the server's roles and the channel's overwrites as the gateway delivered them.
 * Null when the channel is not in the cache (deleted, or the bot left the server).
 */
export function missingPermissions(
  client: Client,
  sub: Pick<Subscription, 'guildId' | 'channelId' | 'roleId' | 'thread'>,
): string[] | null {
  const guild = client.guilds.cache.get(sub.guildId);
  const channel = guild?.channels.cache.get(sub.channelId);
  if (!guild || !channel || !client.user) return null;
  const needed: bigint[] = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks];
  if (sub.thread) needed.push(PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads);
  if (sub.roleId && !guild.roles.cache.get(sub.roleId)?.mentionable) needed.push(PermissionFlagsBits.MentionEveryone);
  const permissions = channel.permissionsFor(client.user);
  if (!permissions) return needed.map((bit) => NAMES.get(bit)!);
  return needed.filter((bit) => !permissions.has(bit as PermissionResolvable, true)).map((bit) => NAMES.get(bit)!);
}

/** The scheduler's view of Discord, on the discord.js client's REST queue (which obeys rate limits). */
export function discordSender(client: Client): DailySender {
  return {
    missingPermissions: (sub) => missingPermissions(client, sub),
    async send(channelId: string, body: RESTPostAPIChannelMessageJSONBody) {
      return (await client.rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
    },
    async startThread(channelId: string, messageId: string, name: string) {
      await client.rest.post(Routes.threads(channelId, messageId), { body: { name, auto_archive_duration: 1440 } });
    },
    async findPost(channelId: string, localDate: string, since: number) {
      const channel = client.channels.cache.get(channelId);
      const me = client.user;
      // Reading history needs its own permission; without it, rely on the nonce alone.
      if (!me || !channel || !('permissionsFor' in channel) || !channel.permissionsFor(me)?.has(PermissionFlagsBits.ReadMessageHistory)) {
        return null;
      }
      const after = SnowflakeUtil.generate({ timestamp: since - 60_000 }).toString();
      const query = new URLSearchParams({ after, limit: '100' });
      const messages = (await client.rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
      const found = messages.find(
        (m) => m.author.id === me.id && m.embeds[0]?.footer?.text.startsWith(`${DAILY_FOOTER_PREFIX} ${localDate} `),
      );
      return found?.id ?? null;
    },
  };
}
