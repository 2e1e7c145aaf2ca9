import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord-api-types/v10';
import type { ContentPack } from '../content/content-pack.ts';
import { sectionsHint } from '../content/section-search.ts';
import { DISABLED_NEXT_ID, DISABLED_PREVIOUS_ID, encodeCustomId } from '../discord/custom-ids.ts';
import { UserError } from '../discord/errors.ts';
import { COLORS, type Reply } from './reply-payload.ts';

export const ARTICLE_TITLE = 'Reconnecting after hardship';

/** The contents: every section with its summary, and a menu that opens one. */
export function articleContentsReply(content: ContentPack, options: { ephemeral: boolean }): Reply {
  const lines = content.sections.map((s) => `**${s.order}. ${s.title}**\n${s.summary}`);
  return {
    embeds: [
      {
        title: ARTICLE_TITLE,
        color: COLORS.article,
        description: `A short read in ${content.sections.length} parts. Take it one section at a time.\n\n${lines.join('\n\n')}`,
        footer: { text: 'Pick a section below, or use /article section:<name>' },
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.StringSelect,
            custom_id: encodeCustomId({ kind: 'article-open' }),
            placeholder: 'Open a section…',
            options: content.sections.map((s) => ({
              label: `${s.order}. ${s.title}`.slice(0, DISCORD_LIMITS.selectOptionText),
              value: s.id,
              description: s.summary,
            })),
          },
        ],
      },
    ],
    ephemeral: options.ephemeral,
  };
}

/** One section with Previous / Contents / Next buttons that page in place. */
export function articleSectionReply(content: ContentPack, sectionId: string, options: { ephemeral: boolean }): Reply {
  const index = content.sections.findIndex((s) => s.id === sectionId);
  const section = content.sections[index];
  if (!section) throw new UserError(`That section no longer exists. ${sectionsHint(content)}`, 'stale-component');
  const previous = content.sections[index - 1];
  const next = content.sections[index + 1];
  const total = content.sections.length;
  const row: APIActionRowComponent<APIComponentInMessageActionRow> = {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Previous',
        emoji: { name: '◀️' },
        custom_id: previous ? encodeCustomId({ kind: 'article-go', sectionId: previous.id }) : DISABLED_PREVIOUS_ID,
        disabled: !previous,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Contents',
        custom_id: encodeCustomId({ kind: 'article-contents' }),
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: 'Next',
        emoji: { name: '▶️' },
        custom_id: next ? encodeCustomId({ kind: 'article-go', sectionId: next.id }) : DISABLED_NEXT_ID,
        disabled: !next,
      },
    ],
  };
  return {
    embeds: [
      {
        author: { name: ARTICLE_TITLE },
        title: `${section.order}. ${section.title}`,
        color: COLORS.article,
        description: section.body,
        footer: {
          text: next
            ? `Section ${section.order} of ${total} · Next: ${next.title}`
            : `Section ${section.order} of ${total} · /reflect for a question, /tips for the takeaways`,
        },
      },
    ],
    components: [row],
    ephemeral: options.ephemeral,
  };
}
