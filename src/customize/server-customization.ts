/**
 * src/customize/: what a server makes its own with /customize. Its prompts and reflection
 * questions (pools beside the content pack's), which pools it draws from, its support
 * note, and the export and import of all of it. This file is what /customize calls and
 * what the daily posts, /reflect, /about and /tips ask for a server's content; beside it,
 * the pure rules: text-rules.ts (limits, mentions made plain) and export-file.ts (the
 * file's format). The records themselves are the store's (storage/server-content.ts).
 */
import type { ContentPack, Prompt, Question, SupportNote } from '../content/content-pack.ts';
import { UserError } from '../discord/errors.ts';
import type {
  PoolChoice,
  ServerPrompt,
  ServerQuestion,
  ServerSettings,
  Store,
  Subscription,
} from '../storage/store.ts';
import type { DailyPosts } from '../daily/daily-posts.ts';
import { readExportFile, writeExportFile, type BadEntry } from './export-file.ts';
import { checkText, type TextKind } from './text-rules.ts';

/** The export's file name. */
const EXPORT_FILE_NAME = 'reconnect-server-content.json';
/** How long the download of a file to import may take. */
const IMPORT_DOWNLOAD_MS = 15_000;
/** Items per page of `prompts list` and `questions list`. */
export const LIST_PAGE_SIZE = 10;
/** Bad entries an import answer names before it only counts the rest. */
const BAD_ENTRIES_NAMED = 15;
/** At most this many characters of named bad entries, so the refusal fits in one message with its first line. */
const BAD_ENTRIES_CHARACTERS = 1_700;
/** Files larger than this are not read (500 prompts and 500 questions at their limits fit well within it). */
export const IMPORT_MAX_BYTES = 1024 * 1024;

/** The id a server's own item has in a pool (a rotation, a member's history): never a pack id, which has no colon. */
export function poolId(guildId: string, id: string): string {
  return `server:${guildId}:${id}`;
}

/** A page of a server's prompts or questions. */
export interface ListPage<T> {
  items: T[];
  /** 1-based, within 1..pages. */
  page: number;
  pages: number;
  total: number;
}

/** What an import did. */
export interface ImportSummary {
  prompts: { added: number; skipped: number };
  questions: { added: number; skipped: number };
  supportNote: 'set' | 'reset' | 'unchanged';
  /**
   * Each channel of the file's /smallwins settings, in file order: `applied` (opted in),
   * `updated` (the file's settings replaced the channel's), `same` (already so, skipped) or
   * `not-here` (another server's channel, or gone: skipped); `roleDropped` when the file's
   * role is not in this server, so the posts mention nobody.
   */
  smallwins: Array<{ channelId: string; outcome: 'applied' | 'updated' | 'same' | 'not-here'; roleDropped: boolean }>;
}

/** What an import asks of the daily posts: the same checks and the same save as /smallwins enable. */
export type SmallwinsImporter = Pick<DailyPosts, 'planImport' | 'applyImport'>;

/** The subscription's fields that say how the channel's posts go, without their running state. */
function smallwinsSettings(sub: Subscription): Record<string, unknown> {
  // Everything else is a setting (and settings added later, such as days, are exported with no change here).
  const {
    guildId: _g,
    updatedAt: _u,
    lastPostedDate: _d,
    lastPostedAt: _a,
    problem: _p,
    switchedOff: _s,
    pinnedMessageId: _m,
    v: _v,
    ...settings
  } = sub as Subscription & Record<string, unknown>;
  return settings;
}

/**
 * A server's own content, behind the checks a moderator's text meets. Every refusal is a
 * UserError in the bot's wording; every read and write is by server.
 */
export class ServerCustomization {
  private readonly themeIds: ReadonlySet<string>;
  private readonly packQuestionIds: ReadonlySet<string>;

  constructor(
    private readonly content: ContentPack,
    private readonly store: Store,
  ) {
    this.themeIds = new Set(content.themes.map((t) => t.id));
    this.packQuestionIds = new Set(content.questions.map((q) => q.id));
  }

  private get t() {
    return this.content.strings.t;
  }

  /** Adds a prompt to the server's pool; it joins every channel's rotation from the next post. */
  async addPrompt(guildId: string, text: string): Promise<ServerPrompt> {
    const outcome = await this.store.serverContent.addPrompt(guildId, this.checked('prompt', text));
    if (outcome.status === 'duplicate')
      throw new UserError(this.t('customize.errors.duplicatePrompt', { id: outcome.existing.id }), 'duplicate-text');
    if (outcome.status === 'full')
      throw new UserError(this.t('customize.errors.fullPrompts', { limit: outcome.limit }), 'pool-full');
    return outcome.item;
  }

  /** Adds a question on one of the pack's themes to the server's pool. */
  async addQuestion(guildId: string, themeId: string, text: string): Promise<ServerQuestion> {
    if (!this.themeIds.has(themeId)) {
      const themes = this.content.themes.map((t) => t.name).join(', ');
      throw new UserError(
        this.t('reflect.errors.unknownTheme', { theme: themeId.slice(0, 100), themes }),
        'unknown-theme',
      );
    }
    const outcome = await this.store.serverContent.addQuestion(guildId, themeId, this.checked('question', text));
    if (outcome.status === 'duplicate')
      throw new UserError(this.t('customize.errors.duplicateQuestion', { id: outcome.existing.id }), 'duplicate-text');
    if (outcome.status === 'full')
      throw new UserError(this.t('customize.errors.fullQuestions', { limit: outcome.limit }), 'pool-full');
    return outcome.item;
  }

  /** Removes the server's prompt with this short id; it leaves the rotation from the next post. */
  async removePrompt(guildId: string, id: string): Promise<ServerPrompt> {
    const removed = await this.store.serverContent.removePrompt(guildId, id.trim().toLowerCase());
    if (!removed)
      throw new UserError(this.t('customize.errors.noSuchPrompt', { id: id.trim().slice(0, 40) }), 'unknown-item');
    return removed;
  }

  async removeQuestion(guildId: string, id: string): Promise<ServerQuestion> {
    const removed = await this.store.serverContent.removeQuestion(guildId, id.trim().toLowerCase());
    if (!removed)
      throw new UserError(this.t('customize.errors.noSuchQuestion', { id: id.trim().slice(0, 40) }), 'unknown-item');
    return removed;
  }

  /** One page of the server's prompts, newest first (a page past the end shows the last). */
  async listPrompts(guildId: string, page: number): Promise<ListPage<ServerPrompt>> {
    return this.list(page, (offset) => this.store.serverContent.listPrompts(guildId, offset, LIST_PAGE_SIZE));
  }

  async listQuestions(guildId: string, page: number): Promise<ListPage<ServerQuestion>> {
    return this.list(page, (offset) => this.store.serverContent.listQuestions(guildId, offset, LIST_PAGE_SIZE));
  }

  /** Autocomplete for `prompts remove`: the server's own prompts whose id or text holds what was typed. */
  async promptChoices(guildId: string, typed: string, max: number): Promise<Array<{ name: string; value: string }>> {
    return choices(await this.store.serverContent.allPrompts(guildId), typed, max);
  }

  async questionChoices(guildId: string, typed: string, max: number): Promise<Array<{ name: string; value: string }>> {
    return choices(await this.store.serverContent.allQuestions(guildId), typed, max);
  }

  /** Chooses the pools the server draws from; its own alone is refused while it is empty. */
  async use(
    guildId: string,
    change: { prompts?: PoolChoice | undefined; questions?: PoolChoice | undefined },
  ): Promise<ServerSettings> {
    const { serverContent } = this.store;
    if (change.prompts === 'server' && (await serverContent.listPrompts(guildId, 0, 1)).total === 0) {
      throw new UserError(this.t('customize.errors.noPromptsYet'), 'empty-pool');
    }
    if (change.questions === 'server' && (await serverContent.listQuestions(guildId, 0, 1)).total === 0) {
      throw new UserError(this.t('customize.errors.noQuestionsYet'), 'empty-pool');
    }
    const defined = Object.fromEntries(
      Object.entries(change).filter(([, v]) => v !== undefined),
    ) as Partial<ServerSettings>;
    return serverContent.saveSettings(guildId, defined);
  }

  /** Sets the server's own support note, shown by /about and the support tip in place of the pack's. */
  async setSupport(guildId: string, text: string): Promise<string> {
    const note = this.checked('support', text);
    await this.store.serverContent.saveSettings(guildId, { supportNote: note });
    return note;
  }

  /** Goes back to the pack's support note. */
  async resetSupport(guildId: string): Promise<void> {
    await this.store.serverContent.saveSettings(guildId, { supportNote: null });
  }

  /** The support note shown in this server, and whether it is the server's own (read as draws read it: see contentForReflect). */
  async support(guildId: string | null): Promise<{ note: SupportNote; own: boolean }> {
    const own = guildId ? (await this.store.serverContent.pools(guildId)).settings.supportNote : null;
    return own
      ? { note: { title: this.content.support.title, body: own }, own: true }
      : { note: this.content.support, own: false };
  }

  /** The content pack as this server shows it: its support note in place of the pack's. */
  async contentWithSupport(guildId: string | null): Promise<ContentPack> {
    const { note, own } = await this.support(guildId);
    return own ? { ...this.content, support: note } : this.content;
  }

  /**
   * The content pack as /reflect draws from it in this server: the questions of the pools
   * in use (its own alone falls back to the pack's if it has been emptied since), and its
   * support note. Outside a server, the pack. What it reads of the server is held in memory
   * (the store's `serverContent.pools`) until the server's content changes, here or in
   * another process, so a draw costs no database read of it.
   */
  async contentForReflect(
    guildId: string | null,
  ): Promise<{ content: ContentPack; keepInHistory: (id: string) => boolean }> {
    const keepInHistory = (id: string) =>
      this.packQuestionIds.has(id) || (id.startsWith('server:') && !id.startsWith(`server:${guildId}:`));
    if (!guildId) return { content: this.content, keepInHistory };
    const { settings, questions: ownQuestions } = await this.store.serverContent.pools(guildId);
    const base = settings.supportNote
      ? { ...this.content, support: { title: this.content.support.title, body: settings.supportNote } }
      : this.content;
    if (settings.questions === 'built-in') return { content: base, keepInHistory };
    const own: Question[] = ownQuestions.map((q) => ({
      id: poolId(guildId, q.id),
      theme: q.theme,
      text: q.text,
    }));
    const questions = settings.questions === 'server' && own.length > 0 ? own : [...this.content.questions, ...own];
    return { content: { ...base, questions }, keepInHistory };
  }

  /** The prompts a channel of this server rotates through: the pools in use, as the daily posts ask for them. */
  async promptsFor(guildId: string): Promise<readonly Prompt[]> {
    const { settings, prompts } = await this.store.serverContent.pools(guildId);
    if (settings.prompts === 'built-in') return this.content.prompts;
    const own: Prompt[] = prompts.map((p) => ({
      id: poolId(guildId, p.id),
      kind: 'reflect',
      text: p.text,
    }));
    if (settings.prompts === 'server' && own.length > 0) return own;
    return [...this.content.prompts, ...own];
  }

  /** The server's content as the export file (oldest first, so an import keeps the order), and what it holds. */
  async exportFile(
    guildId: string,
  ): Promise<{ name: string; text: string; prompts: number; questions: number; channels: number }> {
    const { serverContent } = this.store;
    const [prompts, questions, settings, subscriptions] = await Promise.all([
      serverContent.allPrompts(guildId),
      serverContent.allQuestions(guildId),
      serverContent.settings(guildId),
      this.store.subscriptions(),
    ]);
    const smallwins = subscriptions.filter((s) => s.guildId === guildId).map(smallwinsSettings);
    const text = writeExportFile({
      prompts: prompts.reverse().map((p) => ({ text: p.text })),
      questions: questions.reverse().map((q) => ({ theme: q.theme, text: q.text })),
      supportNote: settings.supportNote,
      smallwins,
    });
    return {
      name: EXPORT_FILE_NAME,
      text,
      prompts: prompts.length,
      questions: questions.length,
      channels: smallwins.length,
    };
  }

  /** Downloads an attached file (refusing one too large to be an export) and imports it; see {@link importFile}. */
  async importAttachment(
    guildId: string,
    file: { url: string; size: number },
    daily: SmallwinsImporter,
  ): Promise<ImportSummary> {
    const { t } = this;
    const tooLarge = () =>
      new UserError(t('customize.errors.importTooLarge', { max: IMPORT_MAX_BYTES / 1024 }), 'bad-import');
    if (file.size > IMPORT_MAX_BYTES) throw tooLarge();
    let raw: string;
    try {
      const response = await fetch(file.url, { signal: AbortSignal.timeout(IMPORT_DOWNLOAD_MS) });
      if (!response.ok) throw new Error(`the CDN answered ${response.status}`);
      const bytes = await response.arrayBuffer();
      if (bytes.byteLength > IMPORT_MAX_BYTES) throw tooLarge();
      raw = new TextDecoder('utf-8').decode(bytes);
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(t('customize.errors.importUnreadable'), 'bad-import');
    }
    return this.importFile(guildId, raw, daily);
  }

  /**
   * Imports a file's content into the server: all of it, or nothing when any entry is bad
   * (each named in the refusal: a channel's settings that break /smallwins enable's rules,
   * or a channel of this server where the bot lacks a permission the posts need) or a pool
   * would pass its limit. Texts the server has are skipped and counted; channels of
   * another server (a file is often moved between servers) are skipped and listed.
   */
  async importFile(guildId: string, raw: string, daily: SmallwinsImporter): Promise<ImportSummary> {
    const read = readExportFile(raw, this.themeIds, guildId);
    if (!read.ok) throw new UserError(this.badFileMessage(read.bad), 'bad-import');
    const plan = daily.planImport(guildId, read.smallwins);
    const refused = plan.flatMap((step, i): BadEntry[] => {
      const at = `smallwins[${i + 1}].channelId`;
      if (step.outcome === 'not-postable') return [{ at, problem: 'not-postable' }];
      if (step.outcome === 'missing-permissions')
        return [{ at, problem: 'missing-permissions', detail: step.missing.join(', '), channelId: step.channelId }];
      return [];
    });
    if (refused.length) throw new UserError(this.badFileMessage(refused), 'bad-import');
    // The texts first: a pool past its limit refuses the whole file before any channel
    // changes; the channels then, and a failure there (the database) takes the texts back out.
    const outcome = await this.store.serverContent.importBatch(
      guildId,
      {
        prompts: read.prompts,
        questions: read.questions,
        ...(read.supportNote !== undefined ? { supportNote: read.supportNote } : {}),
      },
      () => daily.applyImport(plan),
    );
    if (outcome.status === 'full') {
      const key =
        outcome.kind === 'prompts' ? 'customize.errors.importFullPrompts' : 'customize.errors.importFullQuestions';
      throw new UserError(this.t(key, { limit: outcome.limit, count: outcome.wouldHave }), 'pool-full');
    }
    const outcomes = { add: 'applied', update: 'updated', same: 'same' } as const;
    return {
      prompts: outcome.prompts,
      questions: outcome.questions,
      supportNote: read.supportNote === undefined ? 'unchanged' : read.supportNote === null ? 'reset' : 'set',
      smallwins: plan.map((step) =>
        step.outcome === 'add' || step.outcome === 'update' || step.outcome === 'same'
          ? { channelId: step.channelId, outcome: outcomes[step.outcome], roleDropped: step.roleDropped }
          : { channelId: step.channelId, outcome: 'not-here', roleDropped: false },
      ),
    };
  }

  /** The refusal of a bad file, naming its first bad entries and counting the rest. */
  private badFileMessage(bad: BadEntry[]): string {
    const { t } = this;
    const worded = bad.slice(0, BAD_ENTRIES_NAMED).map((entry) => {
      const at = entry.at;
      switch (entry.problem) {
        case 'required':
          return t('customize.import.bad.required', { at });
        case 'empty':
          return t('customize.import.bad.empty', { at });
        case 'too-long':
          return t('customize.import.bad.tooLong', { at, max: entry.detail ?? '' });
        case 'unknown-theme':
          return t('customize.import.bad.unknownTheme', { at, theme: entry.detail ?? '' });
        case 'wrong-type':
          return t('customize.import.bad.wrongType', { at });
        case 'not-this-format':
          return t('customize.import.bad.notThisFormat', { at });
        case 'bad-time':
          return t('customize.import.bad.badTime', { at, time: entry.detail ?? '' });
        case 'bad-zone':
          return t('customize.import.bad.badZone', { at, zone: entry.detail ?? '' });
        case 'legacy-zone':
          return t('customize.import.bad.legacyZone', { at, zone: entry.detail ?? '' });
        case 'everyone-role':
          return t('customize.import.bad.everyoneRole', { at });
        case 'bad-days':
          return t('customize.import.bad.badDays', { at });
        case 'unknown-setting':
          return t('customize.import.bad.unknownSetting', { at });
        case 'same-channel':
          return t('customize.import.bad.sameChannel', { at, first: entry.detail ?? '' });
        case 'not-postable':
          return t('customize.import.bad.notPostable', { at });
        case 'missing-permissions':
          return t('customize.import.bad.missingPermissions', {
            at,
            channel: `<#${entry.channelId ?? ''}>`,
            permissions: entry.detail ?? '',
          });
      }
    });
    // Named while they fit in one message (a list of missing permissions is long); the rest are counted.
    const lines: string[] = [];
    let length = 0;
    for (const line of worded) {
      if (length + line.length + 3 > BAD_ENTRIES_CHARACTERS) break;
      lines.push(line);
      length += line.length + 3;
    }
    const more =
      bad.length > lines.length ? [t('customize.import.bad.more', { count: bad.length - lines.length })] : [];
    return t('customize.import.refused', {
      count: bad.length,
      entries: [...lines, ...more].map((l) => `- ${l}`).join('\n'),
    });
  }

  private checked(kind: TextKind, raw: string): string {
    const checked = checkText(kind, raw);
    if (checked.ok) return checked.text;
    if (checked.problem === 'empty') throw new UserError(this.t('customize.errors.emptyText'), 'bad-text');
    throw new UserError(this.t('customize.errors.tooLong', { length: checked.length, max: checked.max }), 'bad-text');
  }

  private async list<T>(
    page: number,
    read: (offset: number) => Promise<{ items: T[]; total: number }>,
  ): Promise<ListPage<T>> {
    const first = await read(Math.max(0, page - 1) * LIST_PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(first.total / LIST_PAGE_SIZE));
    if (page <= pages) return { items: first.items, page: Math.max(1, page), pages, total: first.total };
    const last = await read((pages - 1) * LIST_PAGE_SIZE);
    return { items: last.items, page: pages, pages, total: last.total };
  }
}

/** Choices for autocomplete: `id · text`, cut to Discord's 100 characters, matching the id or any part of the text. */
function choices(
  items: ReadonlyArray<{ id: string; text: string }>,
  typed: string,
  max: number,
): Array<{ name: string; value: string }> {
  const needle = typed.trim().toLowerCase();
  return items
    .filter((item) => !needle || item.id.startsWith(needle) || item.text.toLowerCase().includes(needle))
    .slice(0, max)
    .map((item) => {
      const name = `${item.id} · ${item.text}`;
      return { name: name.length > 100 ? `${name.slice(0, 99)}…` : name, value: item.id };
    });
}
