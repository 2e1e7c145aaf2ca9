import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
} from 'discord-api-types/v10';
import type { ContentPack } from '../content/content-pack.ts';
import { sectionLabel, sectionsHint } from '../content/section-search.ts';
import { DISABLED_NEXT_ID, DISABLED_PREVIOUS_ID, encodeCustomId } from '../discord/custom-ids.ts';
import { UserError } from '../discord/errors.ts';
import { showsContentNote } from '../members/preferences.ts';
import { COLORS, type Reply } from './reply-payload.ts';

/** The contents: every section with its summary, and a menu that opens one. */
export function articleContentsReply(content: ContentPack, options: { ephemeral: boolean }): Reply {
  const { t } = content.strings;
  const lines = content.sections.map((s) => `**${sectionLabel(content, s)}**\n${s.summary}`);
  return {
    embeds: [
      {
        title: t('article.title'),
        color: COLORS.article,
        description: `${t('article.contents.intro', { count: content.sections.length })}\n\n${lines.join('\n\n')}`,
        footer: { text: t('article.contents.footer') },
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.StringSelect,
            custom_id: encodeCustomId({ kind: 'article-open' }),
            placeholder: t('article.contents.menu'),
            options: content.sections.map((s) => ({
              label: sectionLabel(content, s).slice(0, DISCORD_LIMITS.selectOptionText),
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
export function articleSectionReply(
  content: ContentPack,
  sectionId: string,
  options: { ephemeral: boolean; contentNotes?: boolean },
): Reply {
  const { t } = content.strings;
  const index = content.sections.findIndex((s) => s.id === sectionId);
  const section = content.sections[index];
  if (!section)
    throw new UserError(t('article.errors.sectionGone', { sections: sectionsHint(content) }), 'stale-component');
  const previous = content.sections[index - 1];
  const next = content.sections[index + 1];
  const total = content.sections.length;
  const row: APIActionRowComponent<APIComponentInMessageActionRow> = {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: t('article.section.previous'),
        emoji: { name: '◀️' },
        custom_id: previous ? encodeCustomId({ kind: 'article-go', sectionId: previous.id }) : DISABLED_PREVIOUS_ID,
        disabled: !previous,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: t('article.section.contents'),
        custom_id: encodeCustomId({ kind: 'article-contents' }),
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: t('article.section.next'),
        emoji: { name: '▶️' },
        custom_id: next ? encodeCustomId({ kind: 'article-go', sectionId: next.id }) : DISABLED_NEXT_ID,
        disabled: !next,
      },
    ],
  };
  return {
    embeds: [
      {
        author: { name: t('article.title') },
        title: sectionLabel(content, section),
        color: COLORS.article,
        description: showsContentNote(section.note, {
          contentNotes: options.contentNotes ?? true,
          ephemeral: options.ephemeral,
        })
          ? `${t('contentNote.section', { note: section.note })}\n\n${section.body}`
          : section.body,
        footer: {
          text: next
            ? t('article.section.footer', { number: section.order, total, next: next.title })
            : t('article.section.lastFooter', { number: section.order, total }),
        },
      },
    ],
    components: [row],
    ephemeral: options.ephemeral,
  };
}
