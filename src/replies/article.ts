import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord-api-types/v10';
import type { ContentPack, Section } from '../content/content-pack.ts';
import { DISABLED_NEXT_ID, DISABLED_PREVIOUS_ID, encodeCustomId } from '../discord/custom-ids.ts';
import { UserError } from '../discord/errors.ts';
import { COLORS, type Reply } from './reply.ts';
import { matchTitled, normalise } from '../content/title-match.ts';

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
  if (!section) throw new UserError(`That section no longer exists. ${validSectionsHint(content)}`, 'stale-component');
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

/**
 * Sections matching what a member typed, best first: any typed word may match the
 * start of any word of the title (any case); an empty query lists every section.
 */
export function searchSections(content: ContentPack, query: string): Section[] {
  const q = normalise(query);
  if (!q) return content.sections.slice(0, DISCORD_LIMITS.choices);
  const words = q.split(' ');
  const scored: Array<{ section: Section; score: number }> = [];
  for (const section of content.sections) {
    const title = normalise(section.title);
    const titleWords = title.split(' ');
    let score = 0;
    if (title === q || section.id === query.trim().toLowerCase() || String(section.order) === q) score = 100;
    else if (title.startsWith(q)) score = 80;
    else if (title.includes(q)) score = 60;
    else {
      const hits = words.filter((w) => titleWords.some((tw) => tw.startsWith(w))).length;
      if (hits) score = 20 + (20 * hits) / words.length;
      else if (words.some((w) => w.length >= 3 && normalise(section.summary).includes(w))) score = 10;
    }
    if (score) scored.push({ section, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.section.order - b.section.order)
    .slice(0, DISCORD_LIMITS.choices)
    .map((s) => s.section);
}

/** Autocomplete choices for the `section` option. */
export function sectionChoices(content: ContentPack, query: string): Array<{ name: string; value: string }> {
  return searchSections(content, query).map((s) => ({ name: `${s.order}. ${s.title}`.slice(0, DISCORD_LIMITS.choiceName), value: s.id }));
}

/**
 * Resolves a submitted `section` value: an id (what autocomplete sends), a number, a
 * title or a phrase of one (see matchTitled). An ambiguous value lists the sections it
 * matches; an unknown one lists them all, since Discord lets members submit free text
 * past autocomplete.
 */
export function resolveSection(content: ContentPack, value: string): Section {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw new UserError(`I don't know that section. ${validSectionsHint(content)}`, 'unknown-section');
  const match = matchTitled(content.sections, trimmed, (s) => ({ id: s.id, number: s.order, title: s.title }));
  if (match.kind === 'one') return match.item;
  if (match.kind === 'several') {
    throw new UserError(
      `"${trimmed}" matches more than one section:\n${match.items.map((s) => `${s.order}. ${s.title}`).join('\n')}\nUse its number, e.g. \`/article section:${match.items[0]!.order}\`, or more of its title.`,
      'ambiguous-section',
    );
  }
  // A word of a summary alone, when only one section has it.
  const found = searchSections(content, trimmed);
  if (found.length === 1) return found[0]!;
  throw new UserError(`I don't know the section "${trimmed}". ${validSectionsHint(content)}`, 'unknown-section');
}

function validSectionsHint(content: ContentPack): string {
  return `The sections are:\n${content.sections.map((s) => `${s.order}. ${s.title}`).join('\n')}`;
}
