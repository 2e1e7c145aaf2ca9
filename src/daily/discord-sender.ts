/**
 * The Discord side of the daily posts: the bot's permissions and roles as the gateway
 * delivered them (the server index), and sending, threading and finding posts over REST, on the discord.js
 * client's queue (which obeys per-route limits) behind the request pacer.
 */
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { PermissionFlagsBits, Routes, SnowflakeUtil, type ChannelType, type Client } from 'discord.js';
import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { Strings } from '../content/strings.ts';
import type { RequestPacer } from '../discord/request-pacer.ts';
import type { ServerIndex } from '../discord/server-index.ts';
import { isDailyPostOf } from '../replies/daily-post-message.ts';
import type { Subscription } from '../storage/store.ts';
import { neededPermissions, permissionNames, POSTABLE_CHANNEL_TYPES } from './channel-requirements.ts';

/** What the daily posts need from Discord; {@link discordSender} implements it on discord.js. */
export interface DailySender {
  /** Permissions the bot lacks in the channel (by name), from the server index; null when the channel is gone. */
  missingPermissions(sub: Pick<Subscription, 'guildId' | 'channelId' | 'roleId' | 'thread' | 'pin'>): string[] | null;
  /** Sends a message; `forMember` when a member waits for it (post-now), so it goes ahead of the daily posts. */
  send(
    channelId: string,
    body: RESTPostAPIChannelMessageJSONBody,
    options?: { forMember?: boolean },
  ): Promise<{ id: string }>;
  startThread(channelId: string, messageId: string, name: string): Promise<void>;
  /** Pins a message in the channel; optional, so a sender without it never pins. */
  pin?(channelId: string, messageId: string): Promise<void>;
  /** Unpins a message; a message that is gone or no longer pinned is not an error. */
  unpin?(channelId: string, messageId: string): Promise<void>;
  /** The id of a post the bot already made in the server's channel for that date since `since`, if any. */
  findPost(
    where: Pick<Subscription, 'guildId' | 'channelId'>,
    localDate: string,
    since: number,
  ): Promise<string | null>;
  /** False only when the server is known and the role is not in it (deleted since enable). */
  roleExists?(guildId: string, roleId: string): boolean;
  /**
   * What the channel is in this server, by the gateway cache: one that can carry posts, one
   * of another kind (a voice channel), or unknown (not this server's, gone, or the server
   * not delivered), which nothing should be set up for on the word of a file alone.
   */
  channelKind?(guildId: string, channelId: string): 'postable' | 'other' | 'unknown';
}

/**
 * What the bot lacks to post in a channel with these settings, computed from the server's
 * roles and the channel's overwrites as the gateway delivered them (the server index).
 * Null when the server is there but the channel is not (it was deleted). A server that
 * is unavailable (a Discord outage) or not yet delivered says nothing: Discord's own
 * answer to the post decides then, so an outage never removes a subscription.
 */
function missingPermissions(
  servers: ServerIndex,
  strings: Strings,
  sub: Pick<Subscription, 'guildId' | 'channelId' | 'roleId' | 'thread' | 'pin'>,
): string[] | null {
  if (!servers.isAvailable(sub.guildId)) return [];
  if (!servers.channel(sub.guildId, sub.channelId)) return null;
  const needed = neededPermissions(sub, sub.roleId !== null && !servers.role(sub.guildId, sub.roleId)?.mentionable);
  // Null until the bot's own member is seen there: it can count on nothing.
  const permissions = servers.botPermissions(sub.guildId, sub.channelId) ?? 0n;
  return permissionNames(
    strings,
    needed.filter((bit) => (permissions & bit) !== bit),
  );
}

/**
 * False only when the server is known and the role is not: it was deleted. A server that
 * is unavailable or not yet delivered says nothing, as for permissions.
 */
function roleExists(servers: ServerIndex, guildId: string, roleId: string): boolean {
  return !servers.isAvailable(guildId) || servers.role(guildId, roleId) !== undefined;
}

/**
 * The daily posts' view of Discord, on the discord.js client's REST queue (which obeys
 * per-route limits); the pacer, at the wire, keeps these requests behind members' own.
 * `strings` names permissions and recognises the bot's daily posts.
 */
export function discordSender(
  client: Client,
  servers: ServerIndex,
  pacer: Pick<RequestPacer, 'background'>,
  strings: Strings,
): DailySender {
  return {
    missingPermissions: (sub) => missingPermissions(servers, strings, sub),
    roleExists: (guildId, roleId) => roleExists(servers, guildId, roleId),
    channelKind(guildId, channelId) {
      const channel = servers.channel(guildId, channelId);
      // A channel of another server, one deleted, or one of a server not delivered yet: unknown.
      if (!channel) return 'unknown';
      return (POSTABLE_CHANNEL_TYPES as readonly ChannelType[]).includes(channel.type) ? 'postable' : 'other';
    },
    async send(channelId: string, body: RESTPostAPIChannelMessageJSONBody, options: { forMember?: boolean } = {}) {
      const post = () => client.rest.post(Routes.channelMessages(channelId), { body }) as Promise<APIMessage>;
      return options.forMember ? post() : pacer.background(post);
    },
    async startThread(channelId: string, messageId: string, name: string) {
      await pacer.background(() =>
        client.rest.post(Routes.threads(channelId, messageId), { body: { name, auto_archive_duration: 1440 } }),
      );
    },
    async pin(channelId: string, messageId: string) {
      await pacer.background(() => client.rest.put(Routes.channelMessagesPin(channelId, messageId)));
    },
    async unpin(channelId: string, messageId: string) {
      await pacer
        .background(() => client.rest.delete(Routes.channelMessagesPin(channelId, messageId)))
        .catch((error: unknown) => {
          // Deleted since, or unpinned by a moderator: nothing left to unpin.
          if ((error as { code?: unknown }).code !== 10008) throw error;
        });
    },
    async findPost({ guildId, channelId }, localDate: string, since: number) {
      const me = client.user;
      // Reading history needs its own permission; without it, rely on the nonce alone.
      const permissions = servers.botPermissions(guildId, channelId) ?? 0n;
      if (!me || !(permissions & PermissionFlagsBits.ReadMessageHistory)) return null;
      // The post was sent at or after `since`: the first page after it holds it.
      const after = SnowflakeUtil.generate({ timestamp: since - 60_000 }).toString();
      const query = new URLSearchParams({ after, limit: String(DISCORD_LIMITS.messagesPerPage) });
      const messages = (await pacer.background(() =>
        client.rest.get(Routes.channelMessages(channelId), { query }),
      )) as APIMessage[];
      return messages.find((m) => m.author.id === me.id && isDailyPostOf(strings, m.embeds, localDate))?.id ?? null;
    },
  };
}
