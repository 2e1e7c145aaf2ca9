/**
 * How a value a member typed names one item of a numbered list (an article section, a
 * tip). Discord lets members submit free text past autocomplete, so the value may be an
 * id, a number, a title or a part of one.
 */

import { DISCORD_LIMITS } from '@reconnect/discord-limits';

/** Lower case, accents off, every run of other characters one space. */
export function normalise(s: string): string {
  return s.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
}

/** What identifies an item: its id, the number a member sees beside it, and its title. */
export interface TitledKeys {
  id: string;
  number: number;
  title: string;
}

export type TitleMatch<T> = { kind: 'one'; item: T } | { kind: 'several'; items: T[] } | { kind: 'none' };

/**
 * The item a typed value names. Rules, in order; the first rule any item meets decides,
 * and more than one item meeting it is ambiguous: the id; the number; the whole title
 * (with or without its number, any case); a phrase the title contains; words that each
 * start a word of the title.
 */
export function matchTitled<T>(items: readonly T[], value: string, keys: (item: T) => TitledKeys): TitleMatch<T> {
  const typed = value.trim();
  const q = normalise(typed);
  if (!q) return { kind: 'none' };
  const words = q.split(' ');
  const rules: Array<(k: TitledKeys, title: string) => boolean> = [
    (k) => k.id === typed.toLowerCase(),
    (k) => String(k.number) === q,
    (k, title) => title === q || `${k.number} ${title}` === q,
    (_k, title) => title.includes(q),
    (_k, title) => {
      const titleWords = title.split(' ');
      return words.every((w) => titleWords.some((tw) => tw.startsWith(w)));
    },
  ];
  const titled = items.map((item) => ({ item, k: keys(item), title: normalise(keys(item).title) }));
  for (const rule of rules) {
    const hits = titled.filter(({ k, title }) => rule(k, title)).map(({ item }) => item);
    if (hits.length === 1) return { kind: 'one', item: hits[0]! };
    if (hits.length > 1) return { kind: 'several', items: hits };
  }
  return { kind: 'none' };
}

/** Autocomplete over a numbered list: a typed number first, then titles matching the text; everything for an empty query. */
export function searchTitled<T>(items: readonly T[], query: string, keys: (item: T) => TitledKeys, limit = DISCORD_LIMITS.choices): T[] {
  const q = normalise(query);
  if (!q) return items.slice(0, limit);
  const words = q.split(' ');
  const scored = items.flatMap((item, index) => {
    const k = keys(item);
    const title = normalise(k.title);
    const titleWords = title.split(' ');
    const score =
      String(k.number) === q ? 3 : title.includes(q) || `${k.number} ${title}`.startsWith(q) ? 2 : words.every((w) => titleWords.some((tw) => tw.startsWith(w))) ? 1 : 0;
    return score ? [{ item, score, index }] : [];
  });
  return scored
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map((s) => s.item);
}
