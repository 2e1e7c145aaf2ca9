/**
 * The discord.js client's caches: what the bot keeps of what the gateway sends. Apart
 * from discord.js, this file imports nothing, so the memory bench can give a bare client
 * the same caches.
 */
import { Collection, Events, Options, type CacheFactory, type Client, type ClientOptions } from 'discord.js';

/** Caches the bot never reads: nothing goes in them. */
const NEVER_CACHED = [
  'MessageManager',
  'DMMessageManager',
  'GuildMessageManager',
  'ReactionManager',
  'ReactionUserManager',
  'PresenceManager',
  'BaseGuildEmojiManager',
  'GuildEmojiManager',
  'GuildStickerManager',
  'ThreadManager',
  'GuildTextThreadManager',
  'GuildForumThreadManager',
  'ThreadMemberManager',
  'VoiceStateManager',
  'GuildInviteManager',
  'GuildBanManager',
  'GuildScheduledEventManager',
  'StageInstanceManager',
  'AutoModerationRuleManager',
  'ApplicationCommandManager',
  'ApplicationEmojiManager',
  'EntitlementManager',
  // What the bot reads of servers, channels and roles is in its own compact index
  // (server-index.ts): discord.js's objects for them would cost several times as much.
  'ChannelManager',
  'GuildChannelManager',
  'GuildMemberManager',
] as const;

/**
 * A collection that never holds anything. Not a LimitedCollection of size 0, which
 * discord.js would answer with a process warning for some unsupported kinds above, on
 * stderr, at every start: the bot knowingly reads none of those caches. (Roles and
 * overwrites warn for any other class too; they are kept by servers and channels, which
 * are not kept, so they go with them.)
 */
class NeverCached<K, V> extends Collection<K, V> {
  override set(): this {
    return this;
  }
}

/**
 * What the gateway cache keeps: of discord.js's caches, only the bot's own user. The bot
 * reads its permissions in a channel, a role's existence and whether a channel is a server's
 * from its own compact index (server-index.ts, fed by the gateway's raw events), so
 * discord.js keeps no server, channel, role or permission overwrite: its objects for them
 * cost several times the index, for every server. discord.js calls limiting these caches
 * unsupported: what breaks is its own reading of them (a channel's permissionsFor,
 * ChannelDelete and GuildDelete events, `interaction.guild`, `interaction.channel`), none
 * of which the bot uses; an interaction's resolved channel then comes as Discord's own
 * data. No members or users seen in interactions, messages
 * (the bot sends and reads history over REST), reactions, presences, emojis, stickers,
 * threads, voice states, invites, bans, events, stage instances, commands or entitlements.
 *
 * discord.js gives every server and channel a manager per kind, each with its own
 * collection; one that never holds anything can be shared, so the managers of kinds the
 * bot never keeps share one, rather than one per server and channel (2,500 servers of
 * 20 channels would make some 100,000 empty collections). With no channel list, the
 * threads the bot starts on its posts are not kept either: no sweeper is needed.
 */
export function botCacheOptions(): Pick<ClientOptions, 'makeCache' | 'sweepers'> {
  const own = (item: { id: string; client: Client }) => item.id === item.client.user?.id;
  const limited = Options.cacheWithLimits({ UserManager: { maxSize: 0, keepOverLimit: own } });
  const never = new Set<string>(NEVER_CACHED);
  const empty = new NeverCached();
  const makeCache = ((managerType, holds, manager) =>
    never.has(manager.name) || never.has(managerType.name)
      ? empty
      : limited(managerType, holds, manager)) as CacheFactory;
  return { makeCache };
}

/**
 * discord.js warns about any limit on its server cache, so the bot lets it fill and
 * empties it once discord.js has handled each dispatch that adds servers (the raw event
 * comes just before discord.js handles the same dispatch).
 */
export function forgetServers(client: Client): void {
  client.on(Events.Raw, (packet: { t?: string | null }) => {
    if (packet.t === 'READY' || packet.t === 'GUILD_CREATE') queueMicrotask(() => client.guilds.cache.clear());
  });
}
