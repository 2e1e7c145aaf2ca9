import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import type { Strings } from '../content/strings.ts';
import { encodeCustomId } from '../discord/custom-ids.ts';
import type { Reply } from './reply-payload.ts';

const REVIEW_COLOR = 0x9b8ec4;
/** The one field of the modals; its value is what the member wrote. */
export const FORM_TEXT_FIELD = 'text';

/**
 * Text a member wrote, made safe to show anywhere: every @ is followed by a zero-width
 * space, so no @everyone, <@id> or <@&id> in it can ever be read as a mention (and
 * allowed_mentions stays empty besides).
 */
export function plainText(text: string): string {
  return text.replaceAll('@', '@\u200b');
}

/** A Discord timestamp: each reader sees it in their own time zone. */
function when(at: number): string {
  return `<t:${Math.floor(at / 1000)}:f>`;
}

/** What a review message shows. An anonymous small win carries nothing about its sender: not even a field for it. */
export type ReviewView =
  | {
      kind: 'prompt' | 'question';
      submissionId: string;
      text: string;
      themeName: string | null;
      authorId: string | null;
    }
  | { kind: 'win'; submissionId: string; text: string };

export interface Decision {
  status: 'approved' | 'rejected';
  moderatorId: string;
  at: number;
}

function reviewEmbed(strings: Strings, view: ReviewView, decision: Decision | null): APIEmbed {
  const { t } = strings;
  const fields: NonNullable<APIEmbed['fields']> = [];
  if (view.kind !== 'win' && view.authorId)
    fields.push({ name: t('contribute.review.suggestedBy'), value: `<@${view.authorId}>` });
  if (decision) {
    const values = { moderator: `<@${decision.moderatorId}>`, time: when(decision.at) };
    fields.push({
      name: t('contribute.review.decision'),
      value: t(decision.status === 'approved' ? 'contribute.review.approved' : 'contribute.review.rejected', values),
    });
  }
  const title =
    view.kind === 'win'
      ? t('contribute.review.winTitle')
      : view.kind === 'prompt'
        ? t('contribute.review.promptTitle')
        : t('contribute.review.questionTitle', { theme: view.themeName ?? '' });
  return {
    title,
    color: REVIEW_COLOR,
    description: plainText(view.text),
    ...(fields.length ? { fields } : {}),
    ...(view.kind === 'win' ? { footer: { text: t('contribute.review.winFooter') } } : {}),
  };
}

function reviewButtons(
  strings: Strings,
  view: ReviewView,
  decided: boolean,
): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const { t } = strings;
  const { submissionId } = view;
  const buttons: APIComponentInMessageActionRow[] = [];
  if (!decided) {
    buttons.push(
      {
        type: ComponentType.Button,
        style: ButtonStyle.Success,
        label: t('contribute.review.approve'),
        custom_id: encodeCustomId({ kind: 'contribute-decide', submissionId, decision: 'approve' }),
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Danger,
        label: t('contribute.review.reject'),
        custom_id: encodeCustomId({ kind: 'contribute-decide', submissionId, decision: 'reject' }),
      },
    );
  }
  // Blocking stays possible after a decision: a rejected share may be the reason to block.
  if (view.kind === 'win') {
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: t('contribute.review.block'),
      custom_id: encodeCustomId({ kind: 'contribute-block', submissionId }),
    });
  }
  return buttons.length ? [{ type: ComponentType.ActionRow, components: buttons }] : [];
}

/** A submission's message in the review channel, as first posted: Approve, Reject (and Block for an anonymous share). */
export function reviewMessage(strings: Strings, view: ReviewView): RESTPostAPIChannelMessageJSONBody {
  return {
    embeds: [reviewEmbed(strings, view, null)],
    components: reviewButtons(strings, view, false),
    allowed_mentions: { parse: [] },
  };
}

/** The review message once decided: who decided and when, and no more Approve or Reject. */
export function decidedReviewReply(strings: Strings, view: ReviewView, decision: Decision): Reply {
  return {
    embeds: [reviewEmbed(strings, view, decision)],
    components: reviewButtons(strings, view, true),
    ephemeral: false,
  };
}

/** An approved small win as posted under the day's post: nobody named, nothing that can mention. */
export function sharedWinMessage(strings: Strings, text: string, replyTo?: string): RESTPostAPIChannelMessageJSONBody {
  return {
    content: strings.t('contribute.shared', { text: plainText(text) }),
    allowed_mentions: { parse: [] },
    ...(replyTo ? { message_reference: { message_id: replyTo, fail_if_not_exists: false } } : {}),
  };
}

/** The row under a daily post when its server reviews submissions. */
export function shareWinRow(strings: Strings): APIActionRowComponent<APIComponentInMessageActionRow> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: strings.t('contribute.shareButton'),
        custom_id: encodeCustomId({ kind: 'contribute-share' }),
      },
    ],
  };
}

function form(
  customId: string,
  title: string,
  label: string,
  maxLength: number,
  placeholder?: string,
): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId,
    title,
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: FORM_TEXT_FIELD,
            style: TextInputStyle.Paragraph,
            label,
            min_length: 1,
            max_length: maxLength,
            required: true,
            ...(placeholder ? { placeholder } : {}),
          },
        ],
      },
    ],
  };
}

/** The form /suggest opens when no text was given. */
export function suggestionForm(
  strings: Strings,
  kind: 'prompt' | 'question',
  themeId: string | null,
  maxLength: number,
): APIModalInteractionResponseCallbackData {
  const { t } = strings;
  const title = kind === 'prompt' ? t('contribute.form.promptTitle') : t('contribute.form.questionTitle');
  return form(
    encodeCustomId({ kind: 'contribute-suggest-form', suggestionKind: kind, themeId }),
    title,
    t('contribute.form.suggestionLabel'),
    maxLength,
  );
}

/** The form the daily post's button opens; it names the post, never the member. */
export function winForm(strings: Strings, postId: string, maxLength: number): APIModalInteractionResponseCallbackData {
  const { t } = strings;
  return form(
    encodeCustomId({ kind: 'contribute-share-form', postId }),
    t('contribute.form.winTitle'),
    t('contribute.form.winLabel'),
    maxLength,
    t('contribute.form.winPlaceholder'),
  );
}
