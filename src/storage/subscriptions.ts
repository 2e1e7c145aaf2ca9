import type Keyv from 'keyv';

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
  /** The local days posts go out on, ISO weekdays 1 (Monday) to 7, sorted; absent (older records) or all seven: every day. */
  days?: number[];
  /** Whether each day's post is pinned (and the previous one unpinned); absent in older records: no. */
  pin?: boolean;
  /** The bot's post it pinned last in the channel, to unpin when the next one is pinned. */
  pinnedMessageId?: string | null;
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

/** Records carry a schema version so later releases can migrate them. */
const SUBSCRIPTION_VERSION = 1;

type Stored = Subscription & { v: number };

/**
 * The daily-post subscriptions, as Keyv records keyed by server and channel
 * ("sub:<guildId>:<channelId>"), so one server's command can never write over or delete
 * another's. Records of the earlier layout, keyed by channel only ("sub:<channelId>"), are
 * still read, and replaced on their next save.
 */
export class Subscriptions {
  /** Channels with a record of the earlier layout, seen by list(): a save replaces it. */
  private readonly legacyChannels = new Set<string>();

  constructor(private readonly keyv: Keyv) {}

  private static key(guildId: string, channelId: string): string {
    return `sub:${guildId}:${channelId}`;
  }

  /** Every subscription, for building the schedule at start-up. */
  async list(): Promise<Subscription[]> {
    const current = new Map<string, Subscription>();
    const legacy: Subscription[] = [];
    // Listing all keys is what start-up rests on: an adapter without it must not look empty.
    if (!this.keyv.iterator) throw new Error('the Keyv store cannot list its keys');
    for await (const [key, value] of this.keyv.iterator(undefined)) {
      const record = value as Stored | undefined;
      if (typeof key !== 'string' || !key.startsWith('sub:') || record?.v !== SUBSCRIPTION_VERSION) continue;
      if (key.split(':').length === 3) current.set(key, stripVersion(record));
      else legacy.push(stripVersion(record));
    }
    for (const sub of legacy) {
      this.legacyChannels.add(sub.channelId);
      const key = Subscriptions.key(sub.guildId, sub.channelId);
      if (!current.has(key)) current.set(key, sub);
    }
    return [...current.values()];
  }

  /** A server's subscription of a channel (never another server's). */
  async get(guildId: string, channelId: string): Promise<Subscription | undefined> {
    const record = await this.keyv.get<Stored>(Subscriptions.key(guildId, channelId));
    if (record?.v === SUBSCRIPTION_VERSION) return stripVersion(record);
    const legacy = await this.legacy(guildId, channelId);
    return legacy && stripVersion(legacy);
  }

  /** A record of the earlier layout for this channel, if it belongs to this server. */
  private async legacy(guildId: string, channelId: string): Promise<Stored | undefined> {
    const record = await this.keyv.get<Stored>(`sub:${channelId}`);
    return record?.v === SUBSCRIPTION_VERSION && record.guildId === guildId ? record : undefined;
  }

  /** Saves a subscription under its own server. */
  async save(sub: Subscription): Promise<void> {
    await this.keyv.set(Subscriptions.key(sub.guildId, sub.channelId), { v: SUBSCRIPTION_VERSION, ...sub });
    if (this.legacyChannels.has(sub.channelId)) {
      this.legacyChannels.delete(sub.channelId);
      if (await this.legacy(sub.guildId, sub.channelId)) await this.keyv.delete(`sub:${sub.channelId}`);
    }
  }

  /** Removes a server's subscription of a channel; another server's stays. True if there was one. */
  async delete(guildId: string, channelId: string): Promise<boolean> {
    let deleted = await this.keyv.delete(Subscriptions.key(guildId, channelId));
    if (await this.legacy(guildId, channelId)) deleted = (await this.keyv.delete(`sub:${channelId}`)) || deleted;
    return deleted;
  }
}

function stripVersion(record: Stored): Subscription {
  const { v: _v, ...sub } = record;
  return sub;
}
