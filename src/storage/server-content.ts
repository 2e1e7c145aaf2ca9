import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import type { Database } from './database.ts';
import { ReadThroughCache } from './read-through-cache.ts';

/** Which pool a server draws prompts or questions from: the content pack's, its own, or both. */
export type PoolChoice = 'built-in' | 'server' | 'both';
export const POOL_CHOICES: readonly PoolChoice[] = ['built-in', 'server', 'both'];

/** One of a server's own daily prompts; `id` is its short id, unique in the server. */
export interface ServerPrompt {
  id: string;
  text: string;
  createdAt: number;
}

/** One of a server's own reflection questions, on one of the pack's themes. */
export interface ServerQuestion {
  id: string;
  theme: string;
  text: string;
  createdAt: number;
}

/** A server's settings; a server that never changed them has the defaults. */
export interface ServerSettings {
  prompts: PoolChoice;
  questions: PoolChoice;
  /** The server's own support note, shown in place of the pack's; null for the pack's. */
  supportNote: string | null;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = { prompts: 'both', questions: 'both', supportNote: null };

/**
 * What /reflect, /about, /tips and the daily posts read of a server: its settings, and its
 * own questions and prompts unless it draws from the pack's alone.
 */
export interface ServerDrawPools {
  settings: Readonly<ServerSettings>;
  /** Newest first; empty while the server draws from the pack's questions alone. */
  questions: readonly ServerQuestion[];
  /** Newest first; empty while the server's daily posts draw from the pack's prompts alone. */
  prompts: readonly ServerPrompt[];
}

/** Servers' questions and prompts held in memory at most (a server's settings weigh one): a few MB at the longest texts. */
const CACHED_TEXTS = 20_000;

/** What adding a text did: added, or nothing because the server has it already or is full. */
export type AddOutcome<T> =
  { status: 'added'; item: T } | { status: 'duplicate'; existing: T } | { status: 'full'; limit: number };

/** A page of a server's items, newest first, and how many there are in all. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** What an import would add; each text is stored unless the server has it already. */
export interface ImportBatch {
  prompts: ReadonlyArray<{ text: string }>;
  questions: ReadonlyArray<{ theme: string; text: string }>;
  /** Replaces the support note when given (null: back to the pack's). */
  supportNote?: string | null;
}

/** What an import did, or that it did nothing because a pool would pass its limit. */
export type ImportOutcome =
  | { status: 'imported'; prompts: { added: number; skipped: number }; questions: { added: number; skipped: number } }
  | { status: 'full'; kind: 'prompts' | 'questions'; limit: number; wouldHave: number };

/** How texts are compared for duplicates: case, accents' forms and runs of spaces do not count. */
export function textKey(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

/** Short ids: 6 characters, no look-alikes (0/o, 1/l), so a moderator can read one aloud. */
const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
function shortId(): string {
  let id = '';
  for (let i = 0; i < 6; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

type Kind = 'prompts' | 'questions';
const TABLES = { prompts: 'server_prompts', questions: 'server_questions' } as const;

interface PromptRow {
  id: string;
  text: string;
  created_at: number;
}
interface QuestionRow extends PromptRow {
  theme: string;
}
interface SettingsRow {
  prompt_pool: string;
  question_pool: string;
  support_note: string | null;
}

const toPrompt = (r: PromptRow): ServerPrompt => ({ id: r.id, text: r.text, createdAt: Number(r.created_at) });
const toQuestion = (r: QuestionRow): ServerQuestion => ({
  id: r.id,
  theme: r.theme,
  text: r.text,
  createdAt: Number(r.created_at),
});
const toPool = (value: string): PoolChoice =>
  POOL_CHOICES.includes(value as PoolChoice) ? (value as PoolChoice) : 'both';

/**
 * Each server's own content (/customize): prompts, questions and settings, in the
 * server_prompts, server_questions and server_settings tables, always read and written by
 * server, so one server never sees another's. Texts arrive checked (length, mentions);
 * this keeps them unique per server (by {@link textKey}) and the pools within `limit`.
 */
export class ServerContentRecords {
  private readonly knex: Knex;
  /** The last creation time given out, so items added in one millisecond still list in order. */
  private lastAt = 0;
  /** What draws read, by server: dropped at each change here and each one another process notes. */
  private readonly drawPools = new ReadThroughCache<string, ServerDrawPools>({
    maxWeight: CACHED_TEXTS,
    weigh: (pools) => 1 + pools.questions.length + pools.prompts.length,
  });

  constructor(
    db: Pick<Database, 'knex'>,
    private readonly now: () => number,
    /** The most prompts, and the most questions, one server may keep. */
    readonly limit: number,
    /** Called after each change to a server's content, once it is stored: tells the other processes. */
    private readonly changed: (guildId: string) => Promise<void> = async () => undefined,
  ) {
    this.knex = db.knex;
  }

  /**
   * The server's settings and (unless it draws from the pack's alone) its own questions and
   * prompts, as every draw and daily post reads them: from memory once read, until the
   * server's content changes here or in another process (which the change feed tells).
   */
  pools(guildId: string): Promise<ServerDrawPools> {
    return this.drawPools.get(guildId, async () => {
      const settings = await this.settings(guildId);
      const [questions, prompts] = await Promise.all([
        settings.questions === 'built-in' ? [] : this.allQuestions(guildId),
        settings.prompts === 'built-in' ? [] : this.allPrompts(guildId),
      ]);
      return { settings, questions, prompts };
    });
  }

  /** Drops what this process holds of the server's content (another process changed it). */
  forget(guildId: string): void {
    this.drawPools.drop(guildId);
  }

  /** After a change is stored: drops the server's pools here, then tells the other processes. */
  private async afterChange(guildId: string): Promise<void> {
    this.drawPools.drop(guildId);
    await this.changed(guildId);
  }

  /** Adds a prompt to the server's pool, unless it has that text already or is full. */
  addPrompt(guildId: string, text: string): Promise<AddOutcome<ServerPrompt>> {
    return this.add('prompts', guildId, { text }, toPrompt);
  }

  /** Adds a question on a theme to the server's pool, unless it has that text already or is full. */
  addQuestion(guildId: string, theme: string, text: string): Promise<AddOutcome<ServerQuestion>> {
    return this.add('questions', guildId, { theme, text }, toQuestion);
  }

  /** Removes the server's prompt with this short id; undefined if it has none (another server's stays). */
  removePrompt(guildId: string, id: string): Promise<ServerPrompt | undefined> {
    return this.remove('prompts', guildId, id, toPrompt);
  }

  removeQuestion(guildId: string, id: string): Promise<ServerQuestion | undefined> {
    return this.remove('questions', guildId, id, toQuestion);
  }

  /** A page of the server's prompts, newest first. */
  listPrompts(guildId: string, offset: number, count: number): Promise<Page<ServerPrompt>> {
    return this.page('prompts', guildId, offset, count, toPrompt);
  }

  listQuestions(guildId: string, offset: number, count: number): Promise<Page<ServerQuestion>> {
    return this.page('questions', guildId, offset, count, toQuestion);
  }

  /** Every prompt of the server, newest first (at most `limit`). */
  async allPrompts(guildId: string): Promise<ServerPrompt[]> {
    return (await this.page('prompts', guildId, 0, this.limit, toPrompt)).items;
  }

  async allQuestions(guildId: string): Promise<ServerQuestion[]> {
    return (await this.page('questions', guildId, 0, this.limit, toQuestion)).items;
  }

  /** The server's settings, or the defaults. */
  settings(guildId: string): Promise<ServerSettings> {
    return this.settingsIn(this.knex, guildId);
  }

  /** Changes some of the server's settings, keeping the others. */
  async saveSettings(guildId: string, change: Partial<ServerSettings>): Promise<ServerSettings> {
    const next = await this.saveSettingsIn(this.knex, guildId, change);
    await this.afterChange(guildId);
    return next;
  }

  private async saveSettingsIn(
    db: Knex | Knex.Transaction,
    guildId: string,
    change: Partial<ServerSettings>,
  ): Promise<ServerSettings> {
    const current = await this.settingsIn(db, guildId);
    const next = { ...current, ...change };
    await db('server_settings')
      .insert({
        guild_id: guildId,
        prompt_pool: next.prompts,
        question_pool: next.questions,
        support_note: next.supportNote,
        updated_at: this.now(),
      })
      .onConflict('guild_id')
      .merge(['prompt_pool', 'question_pool', 'support_note', 'updated_at']);
    return next;
  }

  /**
   * Adds every text the server does not have yet, and sets the support note if given, in
   * one transaction: all of it, or (when a pool would pass the limit) none of it. `rest`,
   * the import's other step (its channels), runs once the texts are stored; when it fails,
   * the texts it added are taken out again and the note put back, and the failure is
   * passed on.
   */
  async importBatch(guildId: string, batch: ImportBatch, rest?: () => Promise<void>): Promise<ImportOutcome> {
    const done = await this.importIn(guildId, batch);
    if (done.outcome.status !== 'imported') return done.outcome;
    await this.afterChange(guildId);
    if (rest) {
      try {
        await rest();
      } catch (error) {
        try {
          await this.undoImport(guildId, done);
        } catch (undoError) {
          throw new AggregateError([error, undoError], 'an import failed and could not be undone', {
            cause: undoError,
          });
        }
        throw error;
      }
    }
    return done.outcome;
  }

  /** Takes an import's texts back out, by id, and puts the support note back as it was. */
  private async undoImport(
    guildId: string,
    done: { added: Record<Kind, string[]>; noteBefore?: string | null },
  ): Promise<void> {
    await this.knex.transaction(async (trx) => {
      for (const kind of ['prompts', 'questions'] as const)
        for (let i = 0; i < done.added[kind].length; i += 100)
          await trx(TABLES[kind])
            .where('guild_id', guildId)
            .whereIn('id', done.added[kind].slice(i, i + 100))
            .delete();
      if (done.noteBefore !== undefined) await this.saveSettingsIn(trx, guildId, { supportNote: done.noteBefore });
    });
    await this.afterChange(guildId);
  }

  private importIn(
    guildId: string,
    batch: ImportBatch,
  ): Promise<{ outcome: ImportOutcome; added: Record<Kind, string[]>; noteBefore?: string | null }> {
    const added: Record<Kind, string[]> = { prompts: [], questions: [] };
    return this.knex.transaction(async (trx) => {
      const counts = { prompts: { added: 0, skipped: 0 }, questions: { added: 0, skipped: 0 } };
      const plans = {
        prompts: batch.prompts.map((p) => ({ text: p.text })),
        questions: batch.questions.map((q) => ({ theme: q.theme, text: q.text })),
      };
      // Every pool is checked before anything is written: one past its limit refuses the whole batch.
      const fresh: Record<Kind, Array<Record<string, unknown>>> = { prompts: [], questions: [] };
      for (const kind of ['prompts', 'questions'] as const) {
        const present = new Set<string>(await trx(TABLES[kind]).where('guild_id', guildId).pluck('text_key'));
        for (const entry of plans[kind]) {
          const key = textKey(entry.text);
          if (present.has(key)) {
            counts[kind].skipped += 1;
            continue;
          }
          present.add(key);
          fresh[kind].push(entry);
        }
        const wouldHave = present.size;
        if (wouldHave > this.limit)
          return { outcome: { status: 'full', kind, limit: this.limit, wouldHave } as const, added };
      }
      for (const kind of ['prompts', 'questions'] as const) {
        const table = TABLES[kind];
        const taken = new Set<string>(await trx(table).where('guild_id', guildId).pluck('id'));
        // Each entry a millisecond after the one before: the file's order is kept, its last entry newest.
        const rows = fresh[kind].map((entry) => {
          let id = shortId();
          while (taken.has(id)) id = shortId();
          taken.add(id);
          return { guild_id: guildId, id, ...entry, text_key: textKey(String(entry.text)), created_at: this.stamp() };
        });
        for (let i = 0; i < rows.length; i += 100) await trx(table).insert(rows.slice(i, i + 100));
        counts[kind].added = rows.length;
        added[kind] = rows.map((row) => row.id);
      }
      let noteBefore: string | null | undefined;
      if (batch.supportNote !== undefined) {
        noteBefore = (await this.settingsIn(trx, guildId)).supportNote;
        await this.saveSettingsIn(trx, guildId, { supportNote: batch.supportNote });
      }
      return {
        outcome: { status: 'imported', ...counts } as const,
        added,
        ...(noteBefore !== undefined ? { noteBefore } : {}),
      };
    });
  }

  /** The bot's clock, strictly later than the last creation time this process gave out. */
  private stamp(): number {
    this.lastAt = Math.max(this.now(), this.lastAt + 1);
    return this.lastAt;
  }

  private async settingsIn(db: Knex | Knex.Transaction, guildId: string): Promise<ServerSettings> {
    const row = (await db('server_settings')
      .select('prompt_pool', 'question_pool', 'support_note')
      .where('guild_id', guildId)
      .first()) as SettingsRow | undefined;
    if (!row) return { ...DEFAULT_SERVER_SETTINGS };
    return { prompts: toPool(row.prompt_pool), questions: toPool(row.question_pool), supportNote: row.support_note };
  }

  private async add<T, Row>(
    kind: Kind,
    guildId: string,
    fields: Record<string, string>,
    toItem: (row: Row) => T,
  ): Promise<AddOutcome<T>> {
    const table = TABLES[kind];
    const key = textKey(fields.text!);
    // Two attempts: a racing add of the same text (or a clashing id) loses to the unique keys and is looked at again.
    for (let attempt = 0; ; attempt++) {
      let outcome: AddOutcome<T>;
      try {
        outcome = await this.knex.transaction(async (trx) => {
          const existing = (await trx(table).where({ guild_id: guildId, text_key: key }).first()) as Row | undefined;
          if (existing) return { status: 'duplicate', existing: toItem(existing) } as const;
          const [{ count }] = (await trx(table).where('guild_id', guildId).count({ count: '*' })) as [
            { count: number | string },
          ];
          if (Number(count) >= this.limit) return { status: 'full', limit: this.limit } as const;
          const row = { guild_id: guildId, id: shortId(), ...fields, text_key: key, created_at: this.stamp() };
          await trx(table).insert(row);
          return { status: 'added', item: toItem(row as unknown as Row) } as const;
        });
      } catch (error) {
        if (attempt >= 2) throw error;
        continue;
      }
      if (outcome.status === 'added') await this.afterChange(guildId);
      return outcome;
    }
  }

  private async remove<T, Row>(
    kind: Kind,
    guildId: string,
    id: string,
    toItem: (row: Row) => T,
  ): Promise<T | undefined> {
    const table = TABLES[kind];
    const removed = await this.knex.transaction(async (trx) => {
      const row = (await trx(table).where({ guild_id: guildId, id }).first()) as Row | undefined;
      if (!row) return undefined;
      await trx(table).where({ guild_id: guildId, id }).delete();
      return toItem(row);
    });
    if (removed !== undefined) await this.afterChange(guildId);
    return removed;
  }

  private async page<T, Row>(
    kind: Kind,
    guildId: string,
    offset: number,
    count: number,
    toItem: (row: Row) => T,
  ): Promise<Page<T>> {
    const table = TABLES[kind];
    const [{ total }] = (await this.knex(table).where('guild_id', guildId).count({ total: '*' })) as [
      { total: number | string },
    ];
    const rows = (await this.knex(table)
      .where('guild_id', guildId)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(Math.max(0, offset))
      .limit(Math.max(0, count))) as Row[];
    return { items: rows.map(toItem), total: Number(total) };
  }
}
