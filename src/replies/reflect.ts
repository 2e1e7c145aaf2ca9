import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { ContentPack, Question } from '../content/content-pack.ts';
import { encodeCustomId } from '../discord/custom-ids.ts';
import { showsContentNote } from '../members/preferences.ts';
import { COLORS, noticeReply, type Reply } from './reply-payload.ts';

/** One reflection question, with a button for another from the same pool. */
export function reflectReply(
  content: ContentPack,
  question: Question,
  options: { themeId: string | null; ephemeral: boolean; contentNotes?: boolean },
): Reply {
  const { t } = content.strings;
  const theme = content.themes.find((th) => th.id === question.theme);
  return {
    embeds: [
      {
        title: t('reflect.title'),
        color: COLORS.reflect,
        // A heavier question waits behind a spoiler, under its note, until the member taps it.
        description: showsContentNote(question.note, {
          contentNotes: options.contentNotes ?? true,
          ephemeral: options.ephemeral,
        })
          ? `${t('contentNote.question', { note: question.note })}\n\n||${question.text}||`
          : question.text,
        footer: { text: t('reflect.footer', { theme: theme?.name ?? question.theme }) },
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: t('reflect.another'),
            custom_id: encodeCustomId({ kind: 'reflect-next', themeId: options.themeId }),
          },
        ],
      },
    ],
    ephemeral: options.ephemeral,
  };
}

/**
 * The answer to /reflect on a theme the member left out of their draws: it says so, and
 * offers to draw one on it this once (shared, if they asked to share).
 */
export function reflectExcludedReply(content: ContentPack, themeId: string, options: { share: boolean }): Reply {
  const { t } = content.strings;
  const theme = content.themes.find((th) => th.id === themeId);
  return {
    ...noticeReply(t('reflect.excluded', { theme: theme?.name ?? themeId })),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: t('reflect.drawOnce'),
            custom_id: encodeCustomId({ kind: 'reflect-once', themeId, share: options.share }),
          },
        ],
      },
    ],
  };
}
