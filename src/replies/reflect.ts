import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { ContentPack, Question } from '../content/content-pack.ts';
import { encodeCustomId } from '../discord/custom-ids.ts';
import { COLORS, type Reply } from './reply-payload.ts';

/** One reflection question, with a button for another from the same pool. */
export function reflectReply(
  content: ContentPack,
  question: Question,
  options: { themeId: string | null; ephemeral: boolean },
): Reply {
  const { t } = content.strings;
  const theme = content.themes.find((th) => th.id === question.theme);
  return {
    embeds: [
      {
        title: t('reflect.title'),
        color: COLORS.reflect,
        description: question.text,
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
