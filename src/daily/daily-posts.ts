/**
 * What /smallwins calls: opt a channel in (its settings checked first), opt it out, a
 * server's channels for status, a preview of the next post, and a test post. Bad settings
 * are refused with a UserError and change nothing.
 */
import type { Prompt } from '../content/content-pack.ts';
import type { Strings } from '../content/strings.ts';
import { UserError } from '../discord/errors.ts';
import { dailyPostMessage } from '../replies/daily-post-message.ts';
import { legacyZoneMessage, type StatusEntry } from '../replies/smallwins.ts';
import type { Store, Subscription } from '../storage/store.ts';
import type { ChannelSchedule } from './channel-schedule.ts';
import type { DailySender } from './discord-sender.ts';
import {
  checkChannelSettings,
  hasSettings,
  type ChannelSettings,
  type EnableRequest,
  type SettingsProblem,
} from './channel-settings.ts';
import { nextPrompt } from './prompt-rotation.ts';
import { localDateOf } from './time-rules.ts';

/**
 * What importing one channel's settings does: `add` (new, or switched off by the bot
 * before), `update` (the file's settings win), `same` (already so), `not-here` (another
 * server's channel, or gone: skipped), or a refusal that stops the whole import.
 */
export type ImportStep =
  | { channelId: string; outcome: 'add' | 'update' | 'same'; settings: ChannelSettings; roleDropped: boolean }
  | { channelId: string; outcome: 'not-here' | 'not-postable' }
  | { channelId: string; outcome: 'missing-permissions'; missing: string[] };

/** A channel just opted in: its subscription, its first post, and whether it was on already (its settings changed). */
export interface Enabled {
  subscription: Subscription;
  nextAt: number;
  updated: boolean;
}

/** What /smallwins preview shows: the subscription as the post will go out, the prompt it carries, and when. */
export interface Preview {
  subscription: Subscription;
  prompt: Prompt;
  nextAt: number | undefined;
}

/** The prompts a server's channels rotate through, asked for at each post (a server may change them any time). */
export type PromptSource = (guildId: string) => Promise<readonly Prompt[]>;

/** The pack's prompts for every server: the source when nothing else is given. */
export function packPrompts(prompts: readonly Prompt[]): PromptSource {
  return async () => prompts;
}

export class DailyPosts {
  /** Per channel, the prompts its test posts used since the pool last ran out. */
  private readonly testPrompts = new Map<string, string[]>();

  constructor(
    private readonly options: {
      schedule: ChannelSchedule;
      store: Store;
      sender: DailySender;
      promptsFor: PromptSource;
      /** The words of refusals and of test posts. */
      strings: Strings;
      now: () => number;
    },
  ) {}

  subscription(channelId: string): Subscription | undefined {
    return this.options.schedule.get(channelId);
  }

  /** The subscriptions of one server. */
  subscriptionsOf(guildId: string): Subscription[] {
    return this.options.schedule.ofGuild(guildId);
  }

  /** When the channel's next post is due, or its next try after a failure (epoch ms). */
  nextPostAt(channelId: string): number | undefined {
    return this.options.schedule.nextPostAt(channelId);
  }

  /**
   * Opts a channel in, or changes its settings, once they are checked: a time of day, a
   * city time zone, a role that is not @everyone, and the permissions the posts need. The
   * first post is the next occurrence of its time; a problem it had is cleared.
   */
  async enable(request: EnableRequest): Promise<Enabled> {
    const checked = checkChannelSettings(request);
    if (!checked.ok) throw this.settingsError(request, checked.problems[0]);
    const { settings } = checked;
    const { t } = this.options.strings;
    const channel = this.channelCheck(settings);
    if (channel === 'gone') throw new UserError(t('smallwins.errors.channelNotVisible'), 'channel-not-visible');
    if (channel === 'foreign') throw new UserError(t('errors.foreignChannel'), 'foreign-channel');
    if (channel.missing.length) throw this.missingPermissionsError(settings.channelId, channel.missing);
    return this.save(settings);
  }

  /**
   * What importing channels' settings (checked by the same rules as enable) into a server
   * would do, with nothing changed yet: each channel of the server whose permissions allow
   * the posts is added, updated (the file's settings win) or already so; a channel of
   * another server, or gone, is not here. A role the server does not have is left out, so
   * the posts mention nobody. {@link applyImport} then makes the changes.
   */
  planImport(guildId: string, entries: readonly ChannelSettings[]): ImportStep[] {
    const { sender } = this.options;
    return entries.map((entry): ImportStep => {
      const { channelId } = entry;
      const roleDropped = entry.roleId !== null && sender.roleExists?.(guildId, entry.roleId) === false;
      const settings = { ...entry, guildId, roleId: roleDropped ? null : entry.roleId };
      const channel = this.channelCheck(settings);
      // Only a channel the gateway shows in this server: a file can name any channel id.
      const kind = sender.channelKind?.(guildId, channelId) ?? 'postable';
      if (channel === 'gone' || channel === 'foreign' || kind === 'unknown') return { channelId, outcome: 'not-here' };
      if (kind === 'other') return { channelId, outcome: 'not-postable' };
      if (channel.missing.length) return { channelId, outcome: 'missing-permissions', missing: channel.missing };
      const existing = this.subscription(channelId);
      // A channel the bot switched off posts again, as enable does it.
      const on = existing !== undefined && !existing.switchedOff;
      const outcome = !on ? 'add' : hasSettings(existing, settings) ? 'same' : 'update';
      return { channelId, outcome, settings, roleDropped };
    });
  }

  /**
   * Saves the channels a plan adds or updates, as enable does: their first post is the next
   * occurrence of their time. All or nothing: when a save fails (the database), the
   * channels saved before it are put back as they were, and the failure is passed on.
   */
  async applyImport(steps: readonly ImportStep[]): Promise<void> {
    const { schedule } = this.options;
    const touched: Array<{ channelId: string; guildId: string; before: Subscription | undefined }> = [];
    try {
      for (const step of steps) {
        if (step.outcome !== 'add' && step.outcome !== 'update') continue;
        // Noted before the save: a save that fails after writing is put back too.
        touched.push({
          channelId: step.channelId,
          guildId: step.settings.guildId,
          before: schedule.get(step.channelId),
        });
        await this.save(step.settings);
      }
    } catch (error) {
      try {
        for (const { channelId, guildId, before } of touched.reverse()) {
          if (before) await schedule.save(before);
          else await schedule.remove(channelId, guildId);
        }
      } catch (undoError) {
        throw new AggregateError([error, undoError], 'an import failed and could not be undone', {
          cause: undoError,
        });
      }
      throw error;
    }
  }

  /** Whether the channel is this server's and what the bot lacks there for these settings. */
  private channelCheck(settings: ChannelSettings): 'gone' | 'foreign' | { missing: string[] } {
    const missing = this.options.sender.missingPermissions(settings);
    if (missing === null) return 'gone';
    // A channel belongs to one server: another server's settings are never taken over.
    const existing = this.options.schedule.get(settings.channelId);
    if (existing && existing.guildId !== settings.guildId) return 'foreign';
    return { missing };
  }

  /** Stores checked settings: the first post is the next occurrence of its time; a problem it had is cleared. */
  private async save(settings: ChannelSettings): Promise<Enabled> {
    const { schedule } = this.options;
    const { channelId } = settings;
    const existing = schedule.get(channelId);
    const subscription: Subscription = {
      lastPostedDate: null,
      lastPostedAt: null,
      ...existing,
      ...settings,
      // The settings were just checked against the channel's permissions.
      problem: null,
      switchedOff: null,
      updatedAt: this.options.now(),
    };
    await schedule.save(subscription);
    return {
      subscription,
      nextAt: schedule.nextPostAt(channelId)!,
      updated: existing !== undefined && !existing.switchedOff,
    };
  }

  /** The refusal of settings that broke a rule, in enable's words. */
  private settingsError(request: EnableRequest, problem: SettingsProblem): UserError {
    const { t } = this.options.strings;
    switch (problem.problem) {
      case 'bad-time':
        return new UserError(t('smallwins.errors.badTime', { time: request.time.slice(0, 20) }), 'bad-time');
      case 'legacy-zone':
        // EST, CET, Etc/GMT+5...: the moderator runs the command again with a city zone.
        return new UserError(legacyZoneMessage(this.options.strings, problem.legacy), 'legacy-zone');
      case 'bad-zone': {
        const zone = request.zone.slice(0, 64);
        const message = problem.suggestions.length
          ? t('smallwins.errors.badZone', { zone, suggestions: problem.suggestions.join(', ') })
          : t('smallwins.errors.unknownZone', { zone });
        return new UserError(message, 'bad-zone');
      }
      case 'everyone-role':
        return new UserError(t('smallwins.errors.everyoneRole'), 'everyone-role');
      case 'bad-days':
        return new UserError(t('smallwins.errors.badDays', { days: String(request.days).slice(0, 40) }), 'bad-days');
    }
  }

  /**
   * Opts a server's channel out; another server's subscription of that channel id is left
   * alone. Resolves to what it was: on, switched off (its notice is dismissed), or off.
   */
  async disable(
    channelId: string,
    guildId = this.subscription(channelId)?.guildId,
  ): Promise<'on' | 'switched-off' | 'off'> {
    const existing = this.subscription(channelId);
    const known = await this.options.schedule.remove(channelId, guildId);
    return !known ? 'off' : existing?.switchedOff && existing.guildId === guildId ? 'switched-off' : 'on';
  }

  /** Removes every subscription of a server the bot has left. */
  async removeGuild(guildId: string): Promise<void> {
    for (const sub of this.subscriptionsOf(guildId)) await this.options.schedule.remove(sub.channelId);
  }

  /** Every channel of a server with daily posts, with its next post and whether its role is gone, for status. */
  status(guildId: string): StatusEntry[] {
    return this.subscriptionsOf(guildId).map((sub) => ({
      sub,
      nextAt: this.nextPostAt(sub.channelId),
      roleGone: sub.roleId !== null && this.options.sender.roleExists?.(guildId, sub.roleId) === false,
    }));
  }

  /**
   * The next post of a channel, as it will go out: of `channelId` if given; else of the
   * channel the command ran in (`hereId`), if it is opted in; else of the server's only one.
   * Several and no channel given: the moderator is asked which.
   */
  async preview(request: { guildId: string; channelId: string | undefined; hereId: string }): Promise<Preview> {
    const { guildId } = request;
    const subscription = this.previewed(request);
    const state = await this.options.store.rotation(subscription.channelId);
    const prompts = await this.options.promptsFor(guildId);
    const promptId = nextPrompt(
      subscription.channelId,
      state,
      prompts.map((p) => p.id),
    ).promptId;
    const prompt = prompts.find((p) => p.id === promptId)!;
    // As the post will go out: without a role deleted since enable.
    const roleId =
      subscription.roleId && this.options.sender.roleExists?.(guildId, subscription.roleId) !== false
        ? subscription.roleId
        : null;
    return { subscription: { ...subscription, roleId }, prompt, nextAt: this.nextPostAt(subscription.channelId) };
  }

  /**
   * Checks that a test post can go out in the channel now, and returns the function that
   * sends it (a moderator waits for it, so the command answers in between) and resolves to
   * the channel's next daily post. A test post has no nonce, no role mention and no effect
   * on the schedule or the daily rotation; test posts in a channel show a different prompt
   * each until the pool is used up. The prompt is chosen before sending, so a second test
   * post meanwhile gets another; the send goes ahead of the daily posts.
   */
  testPost(guildId: string, channelId: string, random: () => number): () => Promise<number | undefined> {
    const subscription = this.subscribed(guildId, channelId);
    const missing = this.options.sender.missingPermissions({
      ...subscription,
      roleId: null,
      thread: false,
      pin: false,
    });
    if (missing?.length) throw this.missingPermissionsError(channelId, missing);
    return async () => {
      const prompts = await this.options.promptsFor(guildId);
      const ids = prompts.map((p) => p.id);
      const used = this.testPrompts.get(channelId) ?? [];
      const fresh = ids.filter((id) => !used.includes(id));
      const pool = fresh.length ? fresh : ids;
      const promptId = pool[Math.floor(random() * pool.length)]!;
      this.testPrompts.set(channelId, fresh.length ? [...used, promptId] : [promptId]);
      const zone = (this.subscription(channelId) ?? subscription).zone;
      const localDate = localDateOf(new Date(this.options.now()), zone);
      const body = dailyPostMessage(
        this.options.strings,
        prompts.find((p) => p.id === promptId)!,
        channelId,
        localDate,
        null,
        { test: true },
      );
      await this.options.sender.send(channelId, body, { forMember: true });
      return this.nextPostAt(channelId);
    };
  }

  /** The server's subscription of the channel; refused when there is none. */
  private subscribed(guildId: string, channelId: string): Subscription {
    const sub = this.subscription(channelId);
    if (!sub || sub.guildId !== guildId) {
      throw new UserError(
        this.options.strings.t('smallwins.errors.notOn', { channel: `<#${channelId}>` }),
        'not-subscribed',
      );
    }
    return sub;
  }

  private previewed({
    guildId,
    channelId,
    hereId,
  }: {
    guildId: string;
    channelId: string | undefined;
    hereId: string;
  }): Subscription {
    if (channelId !== undefined) return this.subscribed(guildId, channelId);
    const here = this.subscription(hereId);
    if (here?.guildId === guildId) return here;
    const all = this.subscriptionsOf(guildId);
    if (all.length === 1) return all[0]!;
    const { t } = this.options.strings;
    if (all.length === 0) throw new UserError(t('smallwins.notOnAnywhere'), 'not-subscribed');
    const channels = all
      .slice(0, 20)
      .map((s) => `<#${s.channelId}>`)
      .join(', ');
    throw new UserError(t('smallwins.errors.whichChannel', { channels }), 'which-channel');
  }

  /** The refusal that lists what to grant first. */
  private missingPermissionsError(channelId: string, missing: readonly string[]): UserError {
    const permissions = missing.map((m) => `- ${m}`).join('\n');
    return new UserError(
      this.options.strings.t('smallwins.errors.missingPermissions', { channel: `<#${channelId}>`, permissions }),
      'missing-permissions',
    );
  }
}
