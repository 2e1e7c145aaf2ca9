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
] as const;

/**
 * What the gateway cache keeps: only what the bot reads. Servers, their channels (with
 * their permission overwrites) and their roles stay whole: the daily posts check the
 * bot's permissions and a role's existence from them (discord.js does not support limits
 * on those caches anyway). Of members and users, only the bot's own (its roles make its
 * permissions); members and users seen in interactions are not kept. Nothing else: no
 * messages (the bot sends and reads history over REST), reactions, presences, emojis,
 * stickers, threads, voice states, invites, bans, events, stage instances, commands or
 * entitlements.
 *
 * discord.js gives every server and channel a manager per kind, each with its own
 * collection; a collection of size 0 never holds anything, so the managers of kinds the
 * bot never keeps share one, rather than one per server and channel (2,500 servers of
 * 20 channels would make some 100,000 empty collections).
 *
 * Threads the bot starts on its posts still reach the client's channel list through
 * THREAD_CREATE, so a sweeper drops them every hour: the bot never reads a thread again.
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
  return {
    makeCache,
    sweepers: {
      threads: { interval: 3600, filter: () => () => true },
    },
  };
}
