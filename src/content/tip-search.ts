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
  const { t } = content.strings;
  const listed = (tips: Tip[]) => tips.map((tip) => tipLabel(content, tip)).join('\n');
  if (match.kind === 'several') {
    const number = content.tips.indexOf(match.items[0]!) + 1;
    throw new UserError(t('tips.errors.ambiguous', { typed: trimmed, matches: listed(match.items), number }), 'ambiguous-tip');
  }
  throw new UserError(t('tips.errors.unknown', { typed: trimmed, tips: listed(content.tips) }), 'unknown-tip');
}

/** "4. Seek support": a tip as /tips numbers it. */
export function tipLabel(content: Pick<ContentPack, 'tips' | 'strings'>, tip: Tip): string {
  return content.strings.t('tips.label', { number: content.tips.indexOf(tip) + 1, title: tip.title });
}

/** Autocomplete choices for the `tip` option: "4. Seek support", valued by id. */
export function tipChoices(content: ContentPack, query: string): Array<{ name: string; value: string }> {
  return searchTitled(content.tips, query, tipKeys(content)).map((tip) => ({ name: tipLabel(content, tip).slice(0, DISCORD_LIMITS.choiceName), value: tip.id }));
}
