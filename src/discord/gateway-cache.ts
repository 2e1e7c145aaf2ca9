/**
 * The discord.js client's caches: what the bot keeps of what the gateway sends. Apart
 * from discord.js, this file imports nothing, so the memory bench can give a bare client
 * the same caches.
 */
import { LimitedCollection, Options, type CacheFactory, type Client, type ClientOptions } from 'discord.js';

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
  'PermissionOverwriteManager',
  'RoleManager',
] as const;

/**
 * What the gateway cache keeps: only what the bot reads, and of servers, channels and
 * roles not even that. The daily posts check the bot's permissions, a role's existence
 * and a channel's server in the bot's own compact index (server-index.ts, fed by the
 * gateway's raw events), so discord.js keeps no channel, role or permission overwrite:
 * its objects for them cost several times the index, for every server. discord.js warns
 * once that limiting these caches is unsupported: what breaks is its own reading of
 * them (a channel's permissionsFor, ChannelDelete events, `interaction.channel`), which
 * the bot does not use. Servers stay (small, and interactions are tied to them). Of
 * members and users, only the bot's own; members and users seen in interactions are not
 * kept. Nothing else: no messages (the bot sends and reads history over REST),
 * reactions, presences, emojis, stickers, threads, voice states, invites, bans, events,
 * stage instances, commands or entitlements.
 *
 * discord.js gives every server and channel a manager per kind, each with its own
 * collection; a collection of size 0 never holds anything, so the managers of kinds the
 * bot never keeps share one, rather than one per server and channel (2,500 servers of
 * 20 channels would make some 100,000 empty collections). With no channel list, the
 * threads the bot starts on its posts are not kept either: no sweeper is needed.
 */
export function botCacheOptions(): Pick<ClientOptions, 'makeCache' | 'sweepers'> {
  const own = (item: { id: string; client: Client }) => item.id === item.client.user?.id;
  const limited = Options.cacheWithLimits({
    GuildMemberManager: { maxSize: 0, keepOverLimit: own },
    UserManager: { maxSize: 0, keepOverLimit: own },
  });
  const never = new Set<string>(NEVER_CACHED);
  const empty = new LimitedCollection({ maxSize: 0 });
  const makeCache = ((managerType, holds, manager) =>
    never.has(manager.name) || never.has(managerType.name)
      ? empty
      : limited(managerType, holds, manager)) as CacheFactory;
  return { makeCache };
}
