/**
 * Finding an article section from what a member typed: autocomplete choices while they
 * type, and the section a submitted value names (see title-match.ts).
 */
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { UserError } from '../discord/errors.ts';
import type { ContentPack, Section } from './content-pack.ts';
import { matchTitled, normalise } from './title-match.ts';

/**
 * Sections matching what a member typed, best first: any typed word may match the
 * start of any word of the title (any case); an empty query lists every section.
 */
function searchSections(content: ContentPack, query: string): Section[] {
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
  return searchSections(content, query).map((s) => ({ name: sectionLabel(content, s).slice(0, DISCORD_LIMITS.choiceName), value: s.id }));
}

/**
 * Resolves a submitted `section` value: an id (what autocomplete sends), a number, a
 * title or a phrase of one (see matchTitled). An ambiguous value lists the sections it
 * matches; an unknown one lists them all, since Discord lets members submit free text
 * past autocomplete.
 */
export function resolveSection(content: ContentPack, value: string): Section {
  const { t } = content.strings;
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw new UserError(t('article.errors.unknown', { sections: sectionsHint(content) }), 'unknown-section');
  const match = matchTitled(content.sections, trimmed, (s) => ({ id: s.id, number: s.order, title: s.title }));
  if (match.kind === 'one') return match.item;
  if (match.kind === 'several') {
    const matches = match.items.map((s) => sectionLabel(content, s)).join('\n');
    throw new UserError(t('article.errors.ambiguous', { typed: trimmed, matches, number: match.items[0]!.order }), 'ambiguous-section');
  }
  // A word of a summary alone, when only one section has it.
  const found = searchSections(content, trimmed);
  if (found.length === 1) return found[0]!;
  throw new UserError(t('article.errors.unknownNamed', { typed: trimmed, sections: sectionsHint(content) }), 'unknown-section');
}

/** Every section by number and title, for a member who named one that is not there. */
export function sectionsHint(content: ContentPack): string {
  return content.strings.t('article.errors.sections', { sections: content.sections.map((s) => sectionLabel(content, s)).join('\n') });
}

/** "4. Rebuilding trust": a section as members see it listed. */
export function sectionLabel(content: Pick<ContentPack, 'strings'>, section: Pick<Section, 'order' | 'title'>): string {
  return content.strings.t('article.sectionLabel', { number: section.order, title: section.title });
}
