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
  const theme = content.themes.find((t) => t.id === question.theme);
  return {
    embeds: [
      {
        title: 'A question to sit with',
        color: COLORS.reflect,
        description: question.text,
        footer: {
          text: `Theme: ${theme?.name ?? question.theme} · There is no right answer, and no need to answer out loud.`,
        },
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: 'Another question',
            custom_id: encodeCustomId({ kind: 'reflect-next', themeId: options.themeId }),
          },
        ],
      },
    ],
    ephemeral: options.ephemeral,
  };
}
