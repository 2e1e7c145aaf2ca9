/**
 * Finding a tip from what a member typed: autocomplete choices while they type, and the
 * tip a submitted value names (see title-match.ts). Members see tips by number.
 */
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { UserError } from '../discord/errors.ts';
import type { ContentPack, Tip } from './content-pack.ts';
import { matchTitled, searchTitled, type TitledKeys } from './title-match.ts';

const tipKeys = (content: ContentPack) => (tip: Tip): TitledKeys => ({ id: tip.id, number: content.tips.indexOf(tip) + 1, title: tip.title });

/**
 * Resolves a submitted `tip` value: an id (what autocomplete sends), the number /tips
 * shows beside it, a title or a phrase of one. Ambiguous or unknown values get a list.
 */
export function resolveTip(content: ContentPack, value: string): Tip {
  const trimmed = value.trim().slice(0, 100);
  const match = matchTitled(content.tips, trimmed, tipKeys(content));
  if (match.kind === 'one') return match.item;
  const listed = (tips: Tip[]) => tips.map((t) => `${content.tips.indexOf(t) + 1}. ${t.title}`).join('\n');
  if (match.kind === 'several') {
    throw new UserError(`"${trimmed}" matches more than one tip:\n${listed(match.items)}\nUse its number, e.g. \`/tips tip:${content.tips.indexOf(match.items[0]!) + 1}\`.`, 'ambiguous-tip');
  }
  throw new UserError(`There is no tip "${trimmed}". The tips are:\n${listed(content.tips)}`, 'unknown-tip');
}

/** Autocomplete choices for the `tip` option: "4. Seek support", valued by id. */
export function tipChoices(content: ContentPack, query: string): Array<{ name: string; value: string }> {
  return searchTitled(content.tips, query, tipKeys(content)).map((t) => ({ name: `${content.tips.indexOf(t) + 1}. ${t.title}`.slice(0, DISCORD_LIMITS.choiceName), value: t.id }));
}
