import type { Logger } from '../app/logger.ts';
import { Contributions, SENDER_LINK_TTL_MS } from './contributions.ts';
import { MemberDataRegistry } from '../members/member-data.ts';
import { openDatabase, type Database } from './database.ts';
import { MemberPreferenceRecords, type MemberPreferences } from './member-preferences.ts';
import { PostLog, type ClaimResult, type PostRecord } from './post-log.ts';
import { ReflectHistories } from './reflect-histories.ts';
import { Rotations, type RotationRecord } from './rotations.ts';
import { ServerContentRecords } from './server-content.ts';
import { DatabaseSendBudget, type SendBudget } from './send-budget.ts';
import { ChangeFeed, memberBucket, type Change } from './change-feed.ts';
import { ReadThroughCache } from './read-through-cache.ts';
import { Subscriptions, type Subscription } from './subscriptions.ts';

export { type Submission, type SubmissionKind } from './contributions.ts';
export { ClaimLostError, type ClaimResult, type PostRecord } from './post-log.ts';
export type { RotationRecord } from './rotations.ts';
export type { MemberPreferences } from './member-preferences.ts';
export type { SendBudget } from './send-budget.ts';
export {
  ServerContentRecords,
  type PoolChoice,
  type ServerPrompt,
  type ServerQuestion,
  type ServerSettings,
} from './server-content.ts';
export type { Subscription } from './subscriptions.ts';

/** A server's channel whose subscription changed (here or in another process). */
export type SubscriptionChange = Omit<Extract<Change, { kind: 'subscription' }>, 'kind'>;

/** How often expired reflection histories are deleted while the bot runs (and once at start). */
export const HISTORY_PURGE_INTERVAL_MS = 60 * 60 * 1000;

/** The most prompts, and the most questions, one server may keep (issue 10). */
export const SERVER_POOL_LIMIT = 500;

/**
 * How often each process reads the change feed, so that what another process changed (a
 * server's /customize, a member's /preferences or /mydata delete) reaches its caches.
 */
export const CHANGE_POLL_INTERVAL_MS = 2_000;

/** Members whose preferences are held in memory at most. */
const CACHED_PREFERENCES = 10_000;

/** The version of the records' layout as a whole, kept under the key 'schema'. */
const SCHEMA_VERSION = 1;

/** How a store is opened. */
export interface StoreOptions {
  /** The clock expiry is measured by (the scheduler's, so tests and the playground can move it). Default Date.now. */
  now?: () => number;
  /** Where a new database, the migrations and a failed purge are reported. */
  logger?: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** How often the change feed is read (real ms); 0: only when pollChanges is called. Default CHANGE_POLL_INTERVAL_MS. */
  changePollIntervalMs?: number;
}

/**
 * The bot's persistent state, in the database at DATABASE_URL (SQLite or PostgreSQL):
 * one module per kind of record (subscriptions, rotations, the post log, reflection
 * histories, the request budget, servers' own content) behind this one facade, which is what the rest of the
 * bot calls. Leases and the request budget run on the database's clock; the daily
 * schedule and the histories' expiry on the bot's.
 */
export class Store {
  private closed = false;
  private purgeTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private readonly subs: Subscriptions;
  private readonly rotations: Rotations;
  private readonly histories: ReflectHistories;
  private readonly postLog: PostLog;
  private readonly preferences: MemberPreferenceRecords;
  /** Members' preferences as every draw reads them, dropped at each change here or noted by another process. */
  private readonly cachedPreferences = new ReadThroughCache<string, { prefs: MemberPreferences; bucket: string }>({
    maxWeight: CACHED_PREFERENCES,
  });
  /**
   * Every kind of record about a member (see src/members/): the store registers its own
   * at open; a feature that keeps more about members registers its kinds here too.
   */
  readonly memberData = new MemberDataRegistry();
  /** What this process changed that others hold in memory, and what they changed: one feed, one poller. */
  private readonly changes: ChangeFeed;
  /** The global request budget of every process on this database. */
  readonly sendBudget: SendBudget;
  /** Each server's own prompts, questions and settings (/customize), always by server. */
  readonly serverContent: ServerContentRecords;
  /** Members' contributions: review channels, submissions, blocked anonymous senders (src/contribute/). */
  readonly contributions: Contributions;

  private constructor(
    private readonly db: Database,
    options: StoreOptions,
  ) {
    this.subs = new Subscriptions(db.keyv);
    this.rotations = new Rotations(db.keyv);
    this.histories = new ReflectHistories(db, options.now ?? (() => Date.now()), options.logger);
    this.postLog = new PostLog(db);
    this.changes = new ChangeFeed(db);
    this.sendBudget = new DatabaseSendBudget(db);
    this.serverContent = new ServerContentRecords(db, options.now ?? (() => Date.now()), SERVER_POOL_LIMIT, (guildId) =>
      this.changes.note({ kind: 'server-content', guildId }),
    );
    this.changes.listen('server-content', ({ guildId }) => this.serverContent.forget(guildId));
    this.changes.listen('member-preferences', ({ bucket }) =>
      // Each held member's bucket was worked out once, when read.
      this.cachedPreferences.dropWhere((userId, held) => (held?.bucket ?? memberBucket(userId)) === bucket),
    );
    this.contributions = new Contributions(db, options.now ?? (() => Date.now()), options.logger);
    this.preferences = new MemberPreferenceRecords(db, options.now ?? (() => Date.now()));
    this.registerMemberData();
  }

  /** The store's own kinds of record about a member. */
  private registerMemberData(): void {
    const histories = this.histories;
    this.memberData.register({
      kind: 'reflect-history',
      locations: ['table:reflect_history'],
      async describe(userId) {
        const record = await histories.record(userId);
        return record
          ? { kind: 'reflect-history', count: record.seen.length, expiresAt: record.expiresAt }
          : { kind: 'reflect-history', count: 0 };
      },
      async export(userId) {
        const record = await histories.record(userId);
        return record ? { questionsSeen: record.seen, expiresAt: new Date(record.expiresAt).toISOString() } : null;
      },
      erase: (userId) => histories.erase(userId),
    });
    const preferences = this.preferences;
    this.memberData.register({
      kind: 'preferences',
      locations: ['table:member_preferences'],
      async describe(userId) {
        const stored = await preferences.stored(userId);
        if (!stored) return { kind: 'preferences', count: 0 };
        return {
          kind: 'preferences',
          count: 1,
          details: { excludedThemes: stored.excludedThemes, contentNotes: stored.contentNotes },
        };
      },
      async export(userId) {
        const stored = await preferences.stored(userId);
        return stored
          ? {
              excludedThemes: stored.excludedThemes,
              contentNotes: stored.contentNotes,
              updatedAt: new Date(stored.updatedAt).toISOString(),
            }
          : null;
      },
      erase: async (userId) => {
        const erased = await preferences.erase(userId);
        await this.preferencesChanged(userId);
        return erased;
      },
    });
    this.registerContributionData();
  }

  /** What members' contributions keep about a member: waiting suggestions, anonymous share links, review decisions. */
  private registerContributionData(): void {
    const records = this.contributions;
    const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
    this.memberData.register({
      kind: 'suggestions',
      locations: ['table:submissions'],
      describe: async (userId) => ({ kind: 'suggestions', count: (await records.waitingBy(userId)).length }),
      export: async (userId) =>
        (await records.waitingBy(userId)).map((s) => ({
          server: s.guildId,
          kind: s.kind,
          theme: s.theme,
          text: s.text,
          submittedAt: iso(s.createdAt),
        })),
      erase: (userId) => records.eraseWaitingBy(userId),
    });
    this.memberData.register({
      kind: 'anonymous-shares',
      locations: ['table:submissions', 'table:blocked_senders'],
      describe: async (userId) => {
        const { shares, blockedIn } = await records.sharesOf(userId);
        return { kind: 'anonymous-shares', count: shares.length, details: { blockedInServers: blockedIn.length } };
      },
      export: async (userId) => {
        const { shares, blockedIn } = await records.sharesOf(userId);
        return {
          shares: shares.map((s) => ({
            server: s.guildId,
            text: s.text,
            status: s.status,
            sharedAt: iso(s.createdAt),
            forgottenAt: iso(s.createdAt + SENDER_LINK_TTL_MS),
          })),
          blockedIn,
        };
      },
      erase: (userId) => records.unlinkSharesOf(userId),
    });
    this.memberData.register({
      kind: 'review-decisions',
      locations: ['table:submissions', 'table:blocked_senders'],
      describe: async (userId) => {
        const { decided, blocked } = await records.decisionsBy(userId);
        return { kind: 'review-decisions', count: decided + blocked };
      },
      export: async (userId) => records.decisionsBy(userId),
      erase: (userId) => records.forgetDecisionsBy(userId),
    });
  }

  /**
   * Opens (and on first run creates) the database named by a sqlite:// or postgres:// URL,
   * brought to this release's shape, and deletes expired reflection histories now and
   * every hour until it is closed.
   */
  static async open(databaseUrl: string, options: StoreOptions = {}): Promise<Store> {
    const { logger } = options;
    const db = await openDatabase(databaseUrl, logger ? { logger } : {});
    const store = new Store(db, options);
    try {
      await db.keyv.set('schema', { v: SCHEMA_VERSION });
      // A deleted or moved file (or a wrong database name) would otherwise look like a bot with no data.
      if (db.created) {
        if (db.dialect === 'sqlite') logger?.info({ path: db.location }, 'created a new database: no file was there');
        else logger?.info({ database: db.location }, 'created a new database: its tables were not there');
      }
      await store.purgeExpiredHistories();
      await store.contributions.purgeExpired();
      // Before anything is read: a change another process makes from here on is seen.
      await store.changes.start();
    } catch (error) {
      await db.close();
      throw error;
    }
    // Members' data is kept no longer than promised even when the bot runs for months.
    store.purgeTimer = setInterval(() => {
      store
        .purgeExpiredHistories()
        .catch((err: unknown) => logger?.error({ err }, 'could not purge expired reflection histories'));
      store.contributions
        .purgeExpired()
        .catch((err: unknown) => logger?.error({ err }, 'could not forget anonymous senders'));
      store.changes.purge().catch((err: unknown) => logger?.error({ err }, 'could not purge old subscription changes'));
    }, HISTORY_PURGE_INTERVAL_MS);
    store.purgeTimer.unref();
    const pollMs = options.changePollIntervalMs ?? CHANGE_POLL_INTERVAL_MS;
    if (pollMs > 0) {
      store.pollTimer = setInterval(() => {
        store.pollChanges().catch((err: unknown) => logger?.warn({ err }, 'could not read the change feed'));
      }, pollMs);
      store.pollTimer.unref();
    }
    return store;
  }

  /**
   * Reads the change feed now (it is also read every CHANGE_POLL_INTERVAL_MS): what another
   * process changed is dropped from this one's caches, and handed to whoever listens for it.
   */
  pollChanges(): Promise<void> {
    return this.changes.poll();
  }

  /** Every subscription, for building the schedule at start-up. */
  subscriptions(): Promise<Subscription[]> {
    return this.subs.list();
  }

  /** A server's subscription of a channel (never another server's). */
  subscription(guildId: string, channelId: string): Promise<Subscription | undefined> {
    return this.subs.get(guildId, channelId);
  }

  /** Saves a subscription under its own server. */
  saveSubscription(sub: Subscription): Promise<void> {
    return this.subs.save(sub);
  }

  /** Removes a server's subscription of a channel (and the channel's rotation); another server's stays. */
  async deleteSubscription(guildId: string, channelId: string): Promise<void> {
    if (await this.subs.delete(guildId, channelId)) await this.rotations.delete(channelId);
  }

  /**
   * Tells every process that a server's subscription of a channel changed (its settings, or
   * it was removed): the process that schedules the server reads it again at its next tick.
   */
  noteSubscriptionChange(guildId: string, channelId: string): Promise<void> {
    return this.changes.note({ kind: 'subscription', guildId, channelId });
  }

  /**
   * Calls `listener` with each subscription another process changes, from the next read of
   * the change feed on; returns what stops it.
   */
  onSubscriptionChange(listener: (change: SubscriptionChange) => void): () => void {
    return this.changes.listen('subscription', ({ guildId, channelId }) => listener({ guildId, channelId }));
  }

  rotation(channelId: string): Promise<RotationRecord> {
    return this.rotations.get(channelId);
  }

  saveRotation(channelId: string, state: RotationRecord): Promise<void> {
    return this.rotations.save(channelId, state);
  }

  /** Ids of the reflection questions this member has seen since their history last reset. */
  reflectHistory(userId: string): Promise<string[]> {
    return this.histories.get(userId);
  }

  /** Replaces the member's history (see ReflectHistories.save); settles once it is stored. */
  saveReflectHistory(userId: string, seen: string[]): Promise<void> {
    return this.histories.save(userId, seen);
  }

  /**
   * The member's own choices (/preferences), or the defaults; the same in every server and
   * DM. From memory once read, until they change here or in another process.
   */
  async memberPreferences(userId: string): Promise<MemberPreferences> {
    const { prefs } = await this.cachedPreferences.get(userId, async () => ({
      prefs: await this.preferences.get(userId),
      bucket: memberBucket(userId),
    }));
    return { ...prefs, excludedThemes: [...prefs.excludedThemes] };
  }

  /** Replaces the member's choices. */
  async saveMemberPreferences(userId: string, prefs: MemberPreferences): Promise<void> {
    await this.preferences.save(userId, prefs);
    await this.preferencesChanged(userId);
  }

  /** Forgets the member's choices, so the defaults apply again. */
  async resetMemberPreferences(userId: string): Promise<void> {
    await this.preferences.erase(userId);
    await this.preferencesChanged(userId);
  }

  /**
   * After a member's choices changed in the store: dropped here, and noted for the other
   * processes under the member's bucket (the feed never names a member).
   */
  private async preferencesChanged(userId: string): Promise<void> {
    this.cachedPreferences.drop(userId);
    await this.changes.note({ kind: 'member-preferences', bucket: memberBucket(userId) });
  }

  /** Deletes every reflection history past its expiry; runs at open and every hour. */
  purgeExpiredHistories(): Promise<number> {
    return this.histories.purgeExpired();
  }

  /** Claims a channel's post for a date, atomically across processes (see PostLog.claimPost). */
  claimPost(channelId: string, localDate: string, owner: string, leaseMs: number): Promise<ClaimResult> {
    return this.postLog.claimPost(channelId, localDate, owner, leaseMs);
  }

  /** Records that a send is about to go out; throws ClaimLostError if the claim was taken over. */
  markSending(channelId: string, localDate: string, owner: string, at: number): Promise<void> {
    return this.postLog.markSending(channelId, localDate, owner, at);
  }

  /** Extends a claim's lease while its owner is still working on it. */
  renewClaim(channelId: string, localDate: string, owner: string): Promise<void> {
    return this.postLog.renewClaim(channelId, localDate, owner);
  }

  /** Records that the post went out; the claim becomes permanent. */
  recordPost(channelId: string, localDate: string, messageId: string, at: number): Promise<void> {
    return this.postLog.recordPost(channelId, localDate, messageId, at);
  }

  /** Gives a claim up after a failure (keeping the fact that a send was attempted). */
  releaseClaim(channelId: string, localDate: string, owner: string): Promise<void> {
    return this.postLog.releaseClaim(channelId, localDate, owner);
  }

  postRecord(channelId: string, localDate: string): Promise<PostRecord | undefined> {
    return this.postLog.postRecord(channelId, localDate);
  }

  /**
   * Resolves when the database answers a trivial query within `timeoutMs`; rejects when it
   * is closed, fails or is slower (the readiness probe: an unreachable server must not hold it).
   */
  async ping(timeoutMs: number): Promise<void> {
    if (this.closed) throw new Error('the store is closed');
    // One promise: a Knex query runs again each time it is awaited.
    const query = Promise.resolve(this.db.knex.raw('select 1'));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([query, timeout]);
    } finally {
      clearTimeout(timer);
      // The query may still settle after the time-out; nobody waits for it then.
      query.catch(() => undefined);
    }
  }

  /** Closes the database once the histories being written are stored; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.purgeTimer);
    clearInterval(this.pollTimer);
    await this.histories.settle();
    await this.db.close();
  }
}
