import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';

/** A member's reflection history expires after this long without a draw. */
export const REFLECT_HISTORY_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Stored records carry a schema version so later releases can migrate them. */
const SCHEMA_VERSION = 1;

interface ReflectHistoryRecord {
  v: number;
  seen: string[];
}

/**
 * The bot's persistent state: Keyv over SQLite at DATABASE_URL. This module is the
 * only code that knows Keyv keys; everything else calls its domain methods.
 */
export class Store {
  private constructor(private readonly keyv: Keyv) {}

  /** Opens (and on first run creates) the SQLite database named by a sqlite:// URL. */
  static async open(databaseUrl: string): Promise<Store> {
    const path = databaseUrl.replace(/^sqlite:\/\//, '');
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    const adapter = new KeyvSqlite({ uri: `sqlite://${path}`, busyTimeout: 5000 });
    const keyv = new Keyv({ store: adapter, namespace: 'reconnect' });
    // Surface a bad path now rather than on the first member's command.
    await keyv.get('schema');
    await keyv.set('schema', { v: SCHEMA_VERSION });
    return new Store(keyv);
  }

  /** Ids of the reflection questions this member has seen since their history last reset. */
  async reflectHistory(userId: string): Promise<string[]> {
    const record = await this.keyv.get<ReflectHistoryRecord>(`reflect-history:${userId}`);
    return record?.v === SCHEMA_VERSION ? record.seen : [];
  }

  /** Replaces the member's history; each write restarts the 30-day expiry. */
  async saveReflectHistory(userId: string, seen: string[]): Promise<void> {
    const record: ReflectHistoryRecord = { v: SCHEMA_VERSION, seen };
    await this.keyv.set(`reflect-history:${userId}`, record, REFLECT_HISTORY_TTL_MS);
  }

  async close(): Promise<void> {
    await this.keyv.disconnect();
  }
}
