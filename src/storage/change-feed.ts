import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Database } from './database.ts';
import { databaseNowMs, readDatabaseNow } from './db-time.ts';

/** How long a change stays in the feed: far longer than any process goes between two reads. */
const CHANGE_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * How far before its last read the feed is read again: a change whose database time was
 * taken before that read but committed after it (PostgreSQL assigns the time before the
 * commit) is still seen. Changes already handled are known by their row id and passed over.
 */
const CHANGE_READ_OVERLAP_MS = 30_000;
/** Members' preferences are noted by bucket (of this many), so that the feed never names a member. */
const MEMBER_BUCKETS = 4096;

/** Something another process may hold in memory, changed. */
export type Change =
  | { kind: 'subscription'; guildId: string; channelId: string }
  | { kind: 'server-content'; guildId: string }
  | { kind: 'member-preferences'; bucket: string };

type ChangeKind = Change['kind'];
type ChangeOf<K extends ChangeKind> = Extract<Change, { kind: K }>;

/** The bucket a member's preference changes are noted under: one of MEMBER_BUCKETS, shared by many members. */
export function memberBucket(userId: string): string {
  const n = createHash('sha256').update(userId).digest().readUInt32BE(0) % MEMBER_BUCKETS;
  return n.toString(36);
}

interface ChangeRow {
  id: number | string;
  kind: string | null;
  guild_id: string;
  channel_id: string;
  subject: string | null;
}

function toChange(row: ChangeRow): Change | undefined {
  switch (row.kind) {
    case null:
    case 'subscription':
      return { kind: 'subscription', guildId: row.guild_id, channelId: row.channel_id };
    case 'server-content':
      return { kind: 'server-content', guildId: row.guild_id };
    case 'member-preferences':
      return row.subject === null ? undefined : { kind: 'member-preferences', bucket: row.subject };
    default:
      return undefined; // a kind of a newer release
  }
}

/**
 * The change feed (table subscription_changes, which began with subscriptions alone): one
 * row per change, in database time, kept a day. Every process notes here what it changed
 * that others hold in memory (subscriptions, servers' own content, members' preferences)
 * and reads it, from one poller ({@link ChangeFeed.poll}: on a timer, and at each daily
 * tick), handing each change once to whoever listens for its kind. Reading a change twice
 * would be harmless, since listeners only drop or compare what they hold.
 */
export class ChangeFeed {
  private readonly knex: Knex;
  private readonly listeners = new Map<ChangeKind, Set<(change: Change) => void>>();
  /** The database time of the last read; undefined until the first. */
  private readAt: number | undefined;
  /** Ids of the rows handed out that the next read may meet again. */
  private handled = new Set<string>();
  /** Ids of the rows this process noted (and so applied) since the last read began. */
  private noted = new Set<string>();
  private polling: Promise<void> | undefined;

  constructor(private readonly db: Pick<Database, 'knex' | 'dialect'>) {
    this.knex = db.knex;
  }

  /** Starts the feed at the database's time now: changes from here on are handed out. */
  async start(): Promise<void> {
    this.readAt ??= await readDatabaseNow(this.knex, this.db.dialect);
  }

  /** Calls `listener` with each change of this kind another process notes; returns what stops it. */
  listen<K extends ChangeKind>(kind: K, listener: (change: ChangeOf<K>) => void): () => void {
    const set = this.listeners.get(kind) ?? new Set();
    this.listeners.set(kind, set);
    const call = listener as (change: Change) => void;
    set.add(call);
    return () => set.delete(call);
  }

  /** Notes a change for the other processes (this one has applied it already). */
  async note(change: Change): Promise<void> {
    const row = {
      kind: change.kind,
      guild_id: 'guildId' in change ? change.guildId : '',
      channel_id: 'channelId' in change ? change.channelId : '',
      subject: change.kind === 'member-preferences' ? change.bucket : null,
      changed_at: databaseNowMs(this.knex, this.db.dialect),
    };
    const returned: unknown[] = await this.knex('subscription_changes').insert(row).returning('id');
    const inserted = returned[0] as { id: number | string } | number | undefined;
    if (inserted !== undefined) this.noted.add(String(typeof inserted === 'object' ? inserted.id : inserted));
  }

  /**
   * Reads the changes noted since the last read (a little before it) and hands each one
   * not handled yet to its listeners. Calls made while a read is under way share it.
   */
  poll(): Promise<void> {
    this.polling ??= this.read().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async read(): Promise<void> {
    if (this.readAt === undefined) return this.start();
    const since = this.readAt - CHANGE_READ_OVERLAP_MS;
    const notedBefore = this.noted;
    this.noted = new Set();
    const readAt = await readDatabaseNow(this.knex, this.db.dialect);
    const rows = (await this.knex('subscription_changes')
      .select('id', 'kind', 'guild_id', 'channel_id', 'subject')
      .where('changed_at', '>=', since)
      .orderBy('id')) as ChangeRow[];
    // Only rows this read met can be met again (the window only moves on): the rest are let go.
    const met = new Set<string>();
    for (const row of rows) {
      const id = String(row.id);
      met.add(id);
      if (this.handled.has(id) || notedBefore.has(id)) continue;
      const change = toChange(row);
      if (!change) continue;
      for (const listener of this.listeners.get(change.kind) ?? []) listener(change);
    }
    this.handled = met;
    this.readAt = readAt;
  }

  /** Deletes changes older than a day; resolves with how many. */
  async purge(): Promise<number> {
    const { knex } = this;
    return knex('subscription_changes')
      .where('changed_at', '<', knex.raw('? - ?', [databaseNowMs(knex, this.db.dialect), CHANGE_TTL_MS]))
      .delete();
  }
}
