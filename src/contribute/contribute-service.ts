import { ChannelType, type RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { Logger } from '../app/logger.ts';
import type { ContentPack } from '../content/content-pack.ts';
import { UserError } from '../discord/errors.ts';
import { decidedReviewReply, reviewMessage, sharedWinMessage, type ReviewView } from '../replies/contribute.ts';
import type { Reply } from '../replies/reply-payload.ts';
import type { Store, Submission } from '../storage/store.ts';
import {
  MAX_PENDING_SUGGESTIONS,
  MAX_SHARES_PER_DAY,
  SHARE_WINDOW_MS,
  checkText,
  isDuplicate,
  senderRef,
} from './rules.ts';

/** What adding to a server's own pool did (the /customize store's answer). */
type AddStatus = { status: 'added' } | { status: 'duplicate' } | { status: 'full'; limit: number };

/** A server's own prompts and questions (the /customize store), which approved suggestions join. */
export interface OwnPools {
  addPrompt(guildId: string, text: string): Promise<AddStatus>;
  addQuestion(guildId: string, theme: string, text: string): Promise<AddStatus>;
  allPrompts(guildId: string): Promise<ReadonlyArray<{ text: string }>>;
  allQuestions(guildId: string): Promise<ReadonlyArray<{ text: string }>>;
}

/** What the service needs of Discord: posting a message, and what the bot lacks to post in a channel. */
export interface ContributeSender {
  send(channelId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<{ id: string }>;
  /** Permissions the bot lacks in the channel, by name; null when it is not a channel of that server. */
  missingPermissions(guildId: string, channelId: string): string[] | null;
  /** Whether the channel's daily posts start a thread. */
  threadsIn(channelId: string): boolean;
}

export type SuggestionKind = 'prompt' | 'question';

/**
 * Members' suggestions and anonymous small wins, from submission to review: every check
 * before anything is stored (a refusal is a UserError and changes nothing), the review
 * message, and what an approval does. An anonymous share is known by its opaque sender
 * reference only, and never appears with anything about its sender in a message or a log.
 */
export class ContributeService {
  constructor(
    private readonly options: {
      store: Pick<Store, 'contributions'>;
      pools: OwnPools;
      content: Pick<ContentPack, 'prompts' | 'questions' | 'themes' | 'strings'>;
      sender: ContributeSender;
      logger: Pick<Logger, 'warn' | 'info'>;
    },
  ) {}

  private get t() {
    return this.options.content.strings.t;
  }

  private get records() {
    return this.options.store.contributions;
  }

  /** The server's review channel; refused with `off` when submissions are off. */
  private async reviewChannel(
    guildId: string,
    off: 'contribute.errors.suggestionsOff' | 'contribute.errors.sharesOff',
  ) {
    const settings = await this.records.settings(guildId);
    if (!settings?.reviewChannelId) throw new UserError(this.t(off), 'contributions-off');
    return { channelId: settings.reviewChannelId, salt: settings.senderSalt };
  }

  // ---- review channel (/customize review) --------------------------------

  /** Sets the review channel, a text channel of this server, once the bot can post there. */
  async setReviewChannel(guildId: string, channelId: string, channelType: number): Promise<string> {
    if (channelType !== ChannelType.GuildText)
      throw new UserError(this.t('contribute.errors.reviewNotText'), 'not-postable-channel');
    const missing = this.options.sender.missingPermissions(guildId, channelId);
    if (missing === null) throw new UserError(this.t('errors.foreignChannel'), 'foreign-channel');
    if (missing.length) {
      const permissions = missing.map((m) => `- ${m}`).join('\n');
      throw new UserError(
        this.t('contribute.errors.reviewMissingPermissions', { channel: `<#${channelId}>`, permissions }),
        'missing-permissions',
      );
    }
    await this.records.setReviewChannel(guildId, channelId);
    return this.t('contribute.reviewSet', { channel: `<#${channelId}>` });
  }

  /** Turns submissions off; what waits can still be decided. */
  async turnOff(guildId: string): Promise<string> {
    const settings = await this.records.settings(guildId);
    if (!settings?.reviewChannelId) return this.t('contribute.reviewWasOff');
    await this.records.setReviewChannel(guildId, null);
    return this.t('contribute.reviewOff');
  }

  // ---- suggestions -------------------------------------------------------

  /** Refuses a suggestion that cannot be taken whatever its text: submissions off, no theme for a question, too many waiting. */
  async checkCanSuggest(
    guildId: string,
    authorId: string,
    kind: SuggestionKind,
    themeId: string | null,
  ): Promise<{ reviewChannelId: string }> {
    const { channelId } = await this.reviewChannel(guildId, 'contribute.errors.suggestionsOff');
    if (kind === 'question') {
      if (themeId === null) throw new UserError(this.t('contribute.errors.themeNeeded'), 'theme-needed');
      const { themes } = this.options.content;
      if (!themes.some((th) => th.id === themeId)) {
        throw new UserError(
          this.t('reflect.errors.unknownTheme', {
            theme: themeId.slice(0, 40),
            themes: themes.map((th) => th.name).join(', '),
          }),
          'unknown-theme',
        );
      }
    }
    if ((await this.records.pendingCountBy(guildId, authorId)) >= MAX_PENDING_SUGGESTIONS) {
      throw new UserError(this.t('contribute.errors.pendingLimit', { max: MAX_PENDING_SUGGESTIONS }), 'pending-limit');
    }
    return { reviewChannelId: channelId };
  }

  /**
   * Checks a suggestion and returns the function that stores it and posts it for review
   * (which may wait on the channel's rate limit, so the command answers in between), and
   * resolves to the member's answer.
   */
  async suggest(request: {
    guildId: string;
    authorId: string;
    kind: SuggestionKind;
    themeId: string | null;
    text: string;
  }): Promise<() => Promise<string>> {
    const { guildId, authorId, kind, themeId } = request;
    const { reviewChannelId } = await this.checkCanSuggest(guildId, authorId, kind, themeId);
    const text = this.checkedText(request.text, kind);
    const { content, pools } = this.options;
    const existing =
      kind === 'prompt'
        ? [...content.prompts.map((p) => p.text), ...(await pools.allPrompts(guildId)).map((p) => p.text)]
        : [...content.questions.map((q) => q.text), ...(await pools.allQuestions(guildId)).map((q) => q.text)];
    if (isDuplicate(text, [...existing, ...(await this.records.pendingTexts(guildId, kind))])) {
      throw new UserError(
        this.t(kind === 'prompt' ? 'contribute.errors.duplicatePrompt' : 'contribute.errors.duplicateQuestion'),
        'duplicate',
      );
    }
    return async () => {
      const submission = await this.records.add({
        guildId,
        kind,
        theme: themeId,
        text,
        authorId,
        senderRef: null,
        sourceChannelId: null,
        sourceMessageId: null,
      });
      await this.postForReview(submission, reviewChannelId);
      return this.t(kind === 'prompt' ? 'contribute.sent.prompt' : 'contribute.sent.question');
    };
  }

  // ---- anonymous small wins ----------------------------------------------

  /** Refuses a member who cannot share now: shares off, blocked, or at the day's limit. */
  async checkCanShare(guildId: string, userId: string): Promise<{ reviewChannelId: string; ref: string }> {
    const { channelId, salt } = await this.reviewChannel(guildId, 'contribute.errors.sharesOff');
    const ref = senderRef(salt, userId);
    if (await this.records.isBlocked(guildId, ref))
      throw new UserError(this.t('contribute.errors.blocked'), 'sender-blocked');
    if ((await this.records.sharesWithin(guildId, ref, SHARE_WINDOW_MS)) >= MAX_SHARES_PER_DAY) {
      throw new UserError(this.t('contribute.errors.shareLimit', { max: MAX_SHARES_PER_DAY }), 'share-limit');
    }
    return { reviewChannelId: channelId, ref };
  }

  /**
   * Checks an anonymous small win, made under the daily post `postId` in `channelId`, and
   * returns the function that stores it and posts it for review, resolving to the answer.
   */
  async share(request: {
    guildId: string;
    userId: string;
    channelId: string;
    postId: string;
    text: string;
  }): Promise<() => Promise<string>> {
    const { guildId, channelId, postId } = request;
    const { reviewChannelId, ref } = await this.checkCanShare(guildId, request.userId);
    const text = this.checkedText(request.text, 'win');
    return async () => {
      const submission = await this.records.add({
        guildId,
        kind: 'win',
        theme: null,
        text,
        authorId: null,
        senderRef: ref,
        sourceChannelId: channelId,
        sourceMessageId: postId,
      });
      await this.postForReview(submission, reviewChannelId);
      return this.t('contribute.sent.win');
    };
  }

  // ---- review ------------------------------------------------------------

  /**
   * Approves or rejects a waiting submission for a moderator (the caller checked Manage
   * Server), and returns the review message as it now reads. An approved suggestion joins
   * the server's own pool; an approved small win is posted under its day's post. A second
   * decision is refused with who made the first.
   */
  async decide(request: {
    guildId: string;
    submissionId: string;
    decision: 'approve' | 'reject';
    moderatorId: string;
  }): Promise<Reply> {
    const { guildId, submissionId, moderatorId } = request;
    const known = await this.records.get(submissionId);
    if (!known || known.guildId !== guildId) throw new UserError(this.t('contribute.errors.gone'), 'submission-gone');
    const result = await this.records.decide(
      submissionId,
      request.decision === 'approve' ? 'approved' : 'rejected',
      moderatorId,
    );
    if (!result) throw new UserError(this.t('contribute.errors.gone'), 'submission-gone');
    const { submission, decided, authorId } = result;
    if (!decided) throw this.alreadyDecided(submission);
    if (submission.status === 'approved') {
      try {
        await this.carryOut(submission);
      } catch (error) {
        // Nothing happened: the submission waits again, as it was.
        await this.records.undoDecision(submissionId, authorId);
        throw error;
      }
    }
    return decidedReviewReply(this.options.content.strings, this.view(submission, authorId), {
      status: submission.status as 'approved' | 'rejected',
      moderatorId,
      at: submission.decidedAt!,
    });
  }

  /** Blocks the unknown sender of an anonymous small win from sharing again in this server. */
  async block(request: { guildId: string; submissionId: string; moderatorId: string }): Promise<string> {
    const submission = await this.records.get(request.submissionId);
    if (!submission || submission.guildId !== request.guildId)
      throw new UserError(this.t('contribute.errors.gone'), 'submission-gone');
    if (submission.kind !== 'win') throw new UserError(this.t('contribute.errors.notAnonymous'), 'submission-gone');
    if (!submission.senderRef) throw new UserError(this.t('contribute.errors.senderForgotten'), 'sender-forgotten');
    const blocked = await this.records.block(request.guildId, submission.senderRef, request.moderatorId);
    return this.t(blocked ? 'contribute.blocked' : 'contribute.alreadyBlocked');
  }

  // ---- helpers -----------------------------------------------------------

  private checkedText(raw: string, kind: Submission['kind']): string {
    const checked = checkText(raw, kind);
    if ('text' in checked) return checked.text;
    if (checked.problem === 'empty') throw new UserError(this.t('contribute.errors.empty'), 'bad-text');
    throw new UserError(this.t('contribute.errors.tooLong', { length: checked.length, max: checked.max }), 'bad-text');
  }

  /** Posts the review message; if it cannot go out, the submission is removed and the member told. */
  private async postForReview(submission: Submission, reviewChannelId: string): Promise<void> {
    let messageId: string;
    try {
      messageId = (
        await this.options.sender.send(
          reviewChannelId,
          reviewMessage(this.options.content.strings, this.view(submission, submission.authorId)),
        )
      ).id;
    } catch (error) {
      await this.records.remove(submission.id);
      // The error alone: who submitted is not logged.
      this.options.logger.warn(
        { err: error, guildId: submission.guildId, channelId: reviewChannelId },
        'could not post a submission for review',
      );
      throw new UserError(this.t('contribute.errors.reviewUnreachable'), 'review-unreachable');
    }
    await this.records.setReviewMessage(submission.id, reviewChannelId, messageId);
  }

  /** What an approval does: a suggestion joins the server's pool; a small win is posted under its day's post. */
  private async carryOut(submission: Submission): Promise<void> {
    const { pools, sender, content } = this.options;
    if (submission.kind === 'prompt' || submission.kind === 'question') {
      const added =
        submission.kind === 'prompt'
          ? await pools.addPrompt(submission.guildId, submission.text)
          : await pools.addQuestion(submission.guildId, submission.theme!, submission.text);
      if (added.status === 'full') {
        const key =
          submission.kind === 'prompt' ? 'contribute.errors.poolFullPrompts' : 'contribute.errors.poolFullQuestions';
        throw new UserError(this.t(key, { limit: added.limit }), 'pool-full');
      }
      // A duplicate added meanwhile: the pool has the text, which is what approving asks.
      return;
    }
    const channelId = submission.sourceChannelId!;
    const postId = submission.sourceMessageId!;
    // A thread started on a message has the message's id.
    if (sender.threadsIn(channelId)) {
      try {
        await sender.send(postId, sharedWinMessage(content.strings, submission.text));
        return;
      } catch (error) {
        this.options.logger.warn(
          { err: error, guildId: submission.guildId, channelId },
          "could not post a small win in the day's thread; replying to the post",
        );
      }
    }
    try {
      await sender.send(channelId, sharedWinMessage(content.strings, submission.text, postId));
    } catch (error) {
      this.options.logger.warn(
        { err: error, guildId: submission.guildId, channelId },
        'could not post an approved small win',
      );
      throw new UserError(this.t('contribute.errors.postFailed', { channel: `<#${channelId}>` }), 'post-failed');
    }
  }

  private alreadyDecided(submission: Submission): UserError {
    const values = {
      moderator: `<@${submission.decidedBy}>`,
      time: `<t:${Math.floor((submission.decidedAt ?? 0) / 1000)}:f>`,
    };
    const key =
      submission.status === 'approved' ? 'contribute.errors.alreadyApproved' : 'contribute.errors.alreadyRejected';
    return new UserError(this.t(key, values), 'already-decided');
  }

  private view(submission: Submission, authorId: string | null): ReviewView {
    if (submission.kind === 'win') return { kind: 'win', submissionId: submission.id, text: submission.text };
    const themeName = submission.theme
      ? (this.options.content.themes.find((th) => th.id === submission.theme)?.name ?? submission.theme)
      : null;
    return { kind: submission.kind, submissionId: submission.id, text: submission.text, themeName, authorId };
  }
}
