import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import type { Logger } from './logger.ts';

/** A member's reflection history expires after this long without a draw. */
export const REFLECT_HISTORY_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** How often expired reflection histories are deleted while the bot runs (and once at start). */
export const HISTORY_PURGE_INTERVAL_MS = 60 * 60 * 1000;

/** How a store is opened. */
export interface StoreOptions {
  /** The clock expiry is measured by (the scheduler's, so tests and the playground can move it). Default Date.now. */
  now?: () => number;
  /** Where a new database and a failed purge are reported. */
  logger?: Pick<Logger, 'info' | 'error'>;
}

/** Stored records carry a schema version so later releases can migrate them. */
const SCHEMA_VERSION = 1;


/** A channel opted in to the daily small-wins post. */
export interface Subscription {
  guildId: string;
  channelId: string;
  /** Local time of day, "HH:MM". */
  time: string;
  /** IANA zone, as resolveZone spells it. */
  zone: string;
  roleId: string | null;
  thread: boolean;
  /** When the settings last changed (ms): no slot at or before it is posted. */
  updatedAt: number;
  lastPostedDate: string | null;
  lastPostedAt: number | null;
  /** A problem that stopped the latest post, shown in /smallwins status. */
  problem: { message: string; since: number; failedDates: string[] } | null;
  /**
   * Set when the bot opted the channel out after refused days: nothing is posted, and status
   * shows it until a moderator enables it again or dismisses it (disable). Absent in older records.
   */
  switchedOff?: { at: number; reason: string; missing: string[] } | null;
}

/**
 * The outcome of trying to claim a channel's post for a date: 'claimed' (nothing was
 * sent for it yet), 'reclaimed' (claimed, but a send may already have reached Discord:
 * look in the channel first), 'posted' (recorded already), 'held' (another owner is on it).
 */
export type ClaimResult = 'claimed' | 'reclaimed' | 'posted' | 'held';

/** Post log rows carry their own version: 2 marks a send before making it ('sending'). */
const POST_LOG_VERSION = 2;

/** A claim's owner no longer holds it (its lease ran out and another took over): it must not send. */
export class ClaimLostError extends Error {
  constructor(channelId: string, localDate: string) {
    super(`the claim on ${channelId} ${localDate} was taken over`);
    this.name = 'ClaimLostError';
  }
}

/**
 * Where the global request budget is kept: the slots at which requests may go on the
 * wire. Behind an interface so that several processes on one database share one budget
 * (Store, in SQL) and a single process can keep it in memory.
 */
export interface SendBudget {
  /**
   * Reserves `count` consecutive slots `intervalMs` apart, after every slot reserved
   * before (by anyone sharing the budget) and no earlier than now. Resolves with how
   * many ms from now the first slot is.
   */
  reserve(count: number, intervalMs: number): Promise<number>;
  /** No slot starts sooner than `ms` from now: after a 429, everyone sharing the budget waits. */
  pause(ms: number): Promise<void>;
}

/** The prompt rotation of a channel (see schedule/rotation.ts). */
export interface RotationRecord {
  cycle: number;
  used: string[];
}

/**
 * The bot's persistent state, in one SQLite database at DATABASE_URL: Keyv for the
 * subscriptions and rotations, and two tables of its own where Keyv's one-key-at-a-time
 * model falls short (the post log's atomic claim, the batched reflection histories).
 * This module is the only code that knows keys or tables; everything else calls its
 * domain methods.
 */
export class Store {
  private closed = false;
  private purgeTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  private constructor(
    private readonly keyv: Keyv,
    private readonly sql: KeyvSqlite,
    private readonly options: StoreOptions,
  ) {
    this.now = options.now ?? (() => Date.now());
  }

  /**
   * Opens (and on first run creates) the SQLite database named by a sqlite:// URL, and
   * deletes expired reflection histories now and every hour until it is closed.
   */
  static async open(databaseUrl: string, options: StoreOptions = {}): Promise<Store> {
    const path = databaseUrl.replace(/^sqlite:\/\//, '');
    // A deleted or moved file would otherwise come back empty without a word.
    const isNew = path !== ':memory:' && !existsSync(path);
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    const adapter = new KeyvSqlite({ uri: `sqlite://${path}`, busyTimeout: 5000 });
    // WAL lets two instances share the file and keeps each write to one append; NORMAL
    // sync still survives a killed process (only an OS crash can lose the last writes).
    if (path !== ':memory:') {
      await adapter.query('PRAGMA journal_mode = WAL');
      await adapter.query('PRAGMA synchronous = NORMAL');
    }
    // Keyv swallows store errors by default; a failed write must not look like a success.
    const keyv = new Keyv({ store: adapter, namespace: 'reconnect', throwOnErrors: true });
    // Surface a bad path now rather than on the first member's command.
    await keyv.get('schema');
    await keyv.set('schema', { v: SCHEMA_VERSION });
    // The post log needs an atomic claim, which a key-value set cannot give: a table of
    // its own in the same database, so two instances on one store still post once.
    await adapter.query(
      `CREATE TABLE IF NOT EXISTS post_log (
        channel_id TEXT NOT NULL, local_date TEXT NOT NULL, v INTEGER NOT NULL,
        state TEXT NOT NULL, owner TEXT NOT NULL, claimed_at INTEGER NOT NULL,
        message_id TEXT, posted_at INTEGER, attempts INTEGER NOT NULL DEFAULT 1,
        sending_at INTEGER,
        PRIMARY KEY (channel_id, local_date))`,
    );
    // A database from before sends were recorded: add the column they are recorded in.
    const columns = (await adapter.query('PRAGMA table_info(post_log)')) as Array<{ name: string }>;
    if (!columns.some((c) => c.name === 'sending_at')) await adapter.query('ALTER TABLE post_log ADD COLUMN sending_at INTEGER');
    // The global request budget shared by every process on this database (see sendBudget).
    await adapter.query('CREATE TABLE IF NOT EXISTS send_budget (name TEXT PRIMARY KEY, next_at INTEGER NOT NULL)');
    // Reflection histories are written in batches (see saveReflectHistory), which needs
    // a multi-row statement.
    await adapter.query(
      `CREATE TABLE IF NOT EXISTS reflect_history (
        user_id TEXT PRIMARY KEY, v INTEGER NOT NULL, seen TEXT NOT NULL, expires_at INTEGER NOT NULL)`,
    );
    const store = new Store(keyv, adapter, options);
    if (isNew) options.logger?.info({ path: resolve(path) }, 'created a new database: no file was there');
    await store.purgeExpiredHistories();
    // Members' data is kept no longer than promised even when the bot runs for months.
    store.purgeTimer = setInterval(() => {
      store.purgeExpiredHistories().catch((err: unknown) => options.logger?.error({ err }, 'could not purge expired reflection histories'));
    }, HISTORY_PURGE_INTERVAL_MS);
    store.purgeTimer.unref();
    return store;
  }

  /**
   * Deletes every reflection history past its expiry, on disk and in memory. Runs at open
   * and every hour; returns how many were deleted from disk.
   */
  async purgeExpiredHistories(): Promise<number> {
    const now = this.now();
    for (const [userId, recent] of this.recentHistories) {
      if (!this.fresh(recent, now)) this.recentHistories.delete(userId);
    }
    const rows = (await this.sql.query('DELETE FROM reflect_history WHERE expires_at <= ? RETURNING user_id', now)) as unknown[];
    if (rows.length > 0) this.options.logger?.info({ purged: rows.length }, 'expired reflection histories purged');
    return rows.length;
  }

  /** A cached history is served only while its 30 days since the last draw are not over. */
  private fresh(recent: { at: number }, now: number): boolean {
    return now - recent.at < REFLECT_HISTORY_TTL_MS;
  }

  /**
   * Recently active members' histories, written through: a draw then costs no database
   * read. Bounded, oldest first out; an entry older than the expiry is not trusted.
   * (Another instance's writes may be missed, which can only repeat a question during a
   * redeploy overlap.)
   */
  private readonly recentHistories = new Map<string, { seen: string[]; at: number }>();
  private static readonly RECENT_HISTORIES = 10_000;
  /** Histories waiting for the next batched write, and the promise of that write. */
  private pendingHistories = new Map<string, string[]>();
  private pendingWrite: Promise<void> | undefined;
  /** How long a history write may wait to share a transaction with others. */
  static readonly HISTORY_BATCH_MS = 100;

  /** Ids of the reflection questions this member has seen since their history last reset. */
  async reflectHistory(userId: string): Promise<string[]> {
    const now = this.now();
    const recent = this.recentHistories.get(userId);
    if (recent && this.fresh(recent, now)) return recent.seen;
    if (recent) this.recentHistories.delete(userId);
    const rows = (await this.sql.query(
      'SELECT v, seen FROM reflect_history WHERE user_id = ? AND expires_at > ?',
      userId,
      now,
    )) as Array<{ v: number; seen: string }>;
    const row = rows[0];
    return row?.v === SCHEMA_VERSION ? (JSON.parse(row.seen) as string[]) : [];
  }

  /**
   * Replaces the member's history: at once in memory (so the next draw already sees it),
   * then in the database, where each write restarts the 30-day expiry. Writes made within
   * HISTORY_BATCH_MS share one statement: under load, one SQLite call for many members
   * instead of one each. The promise settles when this history is on disk.
   */
  saveReflectHistory(userId: string, seen: string[]): Promise<void> {
    this.recentHistories.delete(userId);
    this.recentHistories.set(userId, { seen, at: this.now() });
    if (this.recentHistories.size > Store.RECENT_HISTORIES) {
      this.recentHistories.delete(this.recentHistories.keys().next().value!);
    }
    this.pendingHistories.set(userId, seen);
    this.pendingWrite ??= new Promise<void>((resolve) => setTimeout(resolve, Store.HISTORY_BATCH_MS)).then(() =>
      this.flushHistories(),
    );
    return this.pendingWrite;
  }

  private async flushHistories(): Promise<void> {
    const batch = [...this.pendingHistories];
    this.pendingHistories = new Map();
    this.pendingWrite = undefined;
    const expiresAt = this.now() + REFLECT_HISTORY_TTL_MS;
    // Small statements, with a turn of the event loop between them, so a large batch
    // never holds up the members waiting for an answer.
    for (let i = 0; i < batch.length; i += 100) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      const rows = batch.slice(i, i + 100);
      await this.sql.query(
        `INSERT INTO reflect_history (user_id, v, seen, expires_at) VALUES ${rows.map(() => '(?, ?, ?, ?)').join(', ')}
         ON CONFLICT (user_id) DO UPDATE SET v = excluded.v, seen = excluded.seen, expires_at = excluded.expires_at`,
        ...rows.flatMap(([userId, seen]) => [userId, SCHEMA_VERSION, JSON.stringify(seen), expiresAt]),
      );
    }
  }

  /**
   * Subscriptions are keyed by server and channel ("sub:<guildId>:<channelId>"), so one server's
   * command can never write over or delete another's. Records of the earlier layout, keyed by
   * channel only ("sub:<channelId>"), are still read, and replaced on their next save.
   */
  /** Channels with a record of the earlier layout, seen by subscriptions(): a save replaces it. */
  private readonly legacyChannels = new Set<string>();

  private static subKey(guildId: string, channelId: string): string {
    return `sub:${guildId}:${channelId}`;
  }

  /** Every subscription, for building the schedule at start-up. */
  async subscriptions(): Promise<Subscription[]> {
    const current = new Map<string, Subscription>();
    const legacy: Subscription[] = [];
    // Listing all keys is what start-up rests on: an adapter without it must not look empty.
    if (!this.keyv.iterator) throw new Error('the Keyv store cannot list its keys');
    for await (const [key, value] of this.keyv.iterator(undefined)) {
      const record = value as (Subscription & { v: number }) | undefined;
      if (typeof key !== 'string' || !key.startsWith('sub:') || record?.v !== SCHEMA_VERSION) continue;
      if (key.split(':').length === 3) current.set(key, stripVersion(record));
      else legacy.push(stripVersion(record));
    }
    for (const sub of legacy) {
      this.legacyChannels.add(sub.channelId);
      const key = Store.subKey(sub.guildId, sub.channelId);
      if (!current.has(key)) current.set(key, sub);
    }
    return [...current.values()];
  }

  /** A server's subscription of a channel (never another server's). */
  async subscription(guildId: string, channelId: string): Promise<Subscription | undefined> {
    const record = await this.keyv.get<Subscription & { v: number }>(Store.subKey(guildId, channelId));
    if (record?.v === SCHEMA_VERSION) return stripVersion(record);
    const legacy = await this.legacySubscription(guildId, channelId);
    return legacy && stripVersion(legacy);
  }

  /** A record of the earlier layout for this channel, if it belongs to this server. */
  private async legacySubscription(guildId: string, channelId: string): Promise<(Subscription & { v: number }) | undefined> {
    const record = await this.keyv.get<Subscription & { v: number }>(`sub:${channelId}`);
    return record?.v === SCHEMA_VERSION && record.guildId === guildId ? record : undefined;
  }

  /** Saves a subscription under its own server. */
  async saveSubscription(sub: Subscription): Promise<void> {
    await this.keyv.set(Store.subKey(sub.guildId, sub.channelId), { v: SCHEMA_VERSION, ...sub });
    if (this.legacyChannels.has(sub.channelId)) {
      this.legacyChannels.delete(sub.channelId);
      if (await this.legacySubscription(sub.guildId, sub.channelId)) await this.keyv.delete(`sub:${sub.channelId}`);
    }
  }

  /** Removes a server's subscription of a channel (and the channel's rotation); another server's stays. */
  async deleteSubscription(guildId: string, channelId: string): Promise<void> {
    let deleted = await this.keyv.delete(Store.subKey(guildId, channelId));
    if (await this.legacySubscription(guildId, channelId)) deleted = (await this.keyv.delete(`sub:${channelId}`)) || deleted;
    if (deleted) await this.keyv.delete(`rotation:${channelId}`);
  }

  async rotation(channelId: string): Promise<RotationRecord> {
    const record = await this.keyv.get<RotationRecord & { v: number }>(`rotation:${channelId}`);
    return record?.v === SCHEMA_VERSION ? { cycle: record.cycle, used: record.used } : { cycle: 0, used: [] };
  }

  async saveRotation(channelId: string, state: RotationRecord): Promise<void> {
    await this.keyv.set(`rotation:${channelId}`, { v: SCHEMA_VERSION, ...state });
  }

  /**
   * Claims the post of a channel for a local date, atomically across processes: the
   * first claimant wins; a claim whose owner has not finished within `leaseMs` (it
   * crashed, or was killed) may be taken over. The result says whether a send may
   * already have gone out for it (see ClaimResult).
   */
  async claimPost(channelId: string, localDate: string, owner: string, now: number, leaseMs: number): Promise<ClaimResult> {
    const rows = (await this.sql.query(
      `INSERT INTO post_log (channel_id, local_date, v, state, owner, claimed_at) VALUES (?, ?, ?, 'claimed', ?, ?)
       ON CONFLICT (channel_id, local_date) DO UPDATE
         SET owner = excluded.owner, claimed_at = excluded.claimed_at, attempts = post_log.attempts + 1
       WHERE post_log.state IN ('claimed', 'sending') AND (post_log.owner = excluded.owner OR post_log.claimed_at <= ?)
       RETURNING owner, state, v, attempts`,
      channelId, localDate, POST_LOG_VERSION, owner, now, now - leaseMs,
    )) as Array<{ owner: string; state: string; v: number; attempts: number }>;
    const row = rows[0];
    if (row?.owner === owner) {
      // Rows from before sends were recorded say nothing: a taken-over one may have been sent.
      const maySent = row.state === 'sending' || (row.v < POST_LOG_VERSION && row.attempts > 1);
      return maySent ? 'reclaimed' : 'claimed';
    }
    const existing = await this.postRecord(channelId, localDate);
    return existing?.state === 'posted' ? 'posted' : 'held';
  }

  /**
   * Records, before sending, that a send is about to go out under this claim; the first
   * such time is kept, so a later look at the channel knows where to start. Throws
   * ClaimLostError when the claim is no longer this owner's: then it must not send.
   */
  async markSending(channelId: string, localDate: string, owner: string, at: number): Promise<void> {
    const rows = (await this.sql.query(
      `UPDATE post_log SET state = 'sending', v = ?, sending_at = COALESCE(sending_at, ?)
       WHERE channel_id = ? AND local_date = ? AND owner = ? AND state IN ('claimed', 'sending')
       RETURNING owner`,
      POST_LOG_VERSION, at, channelId, localDate, owner,
    )) as unknown[];
    if (rows.length === 0) throw new ClaimLostError(channelId, localDate);
  }

  /** Extends a claim's lease while its owner is still working on it. */
  async renewClaim(channelId: string, localDate: string, owner: string, now: number): Promise<void> {
    await this.sql.query(
      `UPDATE post_log SET claimed_at = ? WHERE channel_id = ? AND local_date = ? AND owner = ? AND state IN ('claimed', 'sending')`,
      now, channelId, localDate, owner,
    );
  }

  /** Records that the post went out; the claim becomes permanent. */
  async recordPost(channelId: string, localDate: string, messageId: string, at: number): Promise<void> {
    await this.sql.query(
      `UPDATE post_log SET state = 'posted', message_id = ?, posted_at = ? WHERE channel_id = ? AND local_date = ?`,
      messageId, at, channelId, localDate,
    );
  }

  /**
   * Gives a claim up after a failure, so a retry (by anyone) can claim it at once. A
   * claim under which a send was attempted keeps that fact, so the retry looks first.
   */
  async releaseClaim(channelId: string, localDate: string, owner: string): Promise<void> {
    await this.sql.query(
      `DELETE FROM post_log WHERE channel_id = ? AND local_date = ? AND state = 'claimed' AND owner = ?`,
      channelId, localDate, owner,
    );
    await this.sql.query(
      `UPDATE post_log SET claimed_at = 0 WHERE channel_id = ? AND local_date = ? AND state = 'sending' AND owner = ?`,
      channelId, localDate, owner,
    );
  }

  async postRecord(channelId: string, localDate: string): Promise<PostRecord | undefined> {
    const rows = (await this.sql.query(
      `SELECT state, owner, message_id, posted_at, sending_at FROM post_log WHERE channel_id = ? AND local_date = ?`,
      channelId, localDate,
    )) as Array<{ state: PostRecord['state']; owner: string; message_id: string | null; posted_at: number | null; sending_at: number | null }>;
    const row = rows[0];
    return row && { state: row.state, owner: row.owner, messageId: row.message_id, postedAt: row.posted_at, sendingAt: row.sending_at };
  }

  /**
   * The global request budget of every process on this database. Slots are counted in
   * the database's clock, so processes whose clocks disagree still space their requests.
   */
  readonly sendBudget: SendBudget = {
    reserve: async (count, intervalMs) => {
      const rows = (await this.sql.query(
        `INSERT INTO send_budget (name, next_at) VALUES ('global', ${DB_NOW_MS} + ?)
         ON CONFLICT (name) DO UPDATE SET next_at = MAX(send_budget.next_at, ${DB_NOW_MS}) + ?
         RETURNING next_at - ? - ${DB_NOW_MS} AS wait`,
        count * intervalMs, count * intervalMs, count * intervalMs,
      )) as Array<{ wait: number }>;
      return Math.max(0, rows[0]!.wait);
    },
    pause: async (ms) => {
      await this.sql.query(
        `INSERT INTO send_budget (name, next_at) VALUES ('global', ${DB_NOW_MS} + ?)
         ON CONFLICT (name) DO UPDATE SET next_at = MAX(send_budget.next_at, excluded.next_at)`,
        ms,
      );
    },
  };

  /** Closes the database; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.purgeTimer);
    await this.pendingWrite?.catch(() => undefined);
    await this.keyv.disconnect();
  }
}

/** SQLite's clock in epoch ms; constant within one statement. */
const DB_NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

/** One (channel, date) in the post log. */
export interface PostRecord {
  state: 'claimed' | 'sending' | 'posted';
  owner: string;
  messageId: string | null;
  postedAt: number | null;
  /** When the first send under a claim was attempted. */
  sendingAt: number | null;
}

function stripVersion(record: Subscription & { v: number }): Subscription {
  const { v: _v, ...sub } = record;
  return sub;
}
