import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import type { ContentPack, Tip } from '../content/content-pack.ts';
import { UserError } from '../discord/errors.ts';
import { COLORS, type Reply } from './reply.ts';
import { matchTitled, searchTitled, type TitledKeys } from '../content/title-match.ts';

/** The id of the tip that carries the support note. */
export const SUPPORT_TIP_ID = 'support';

/** All tips in one embed, in their short forms. */
export function tipsOverviewReply(content: ContentPack, options: { ephemeral: boolean }): Reply {
  return {
    embeds: [
      {
        title: `${content.tips.length} takeaways for reconnecting`,
        color: COLORS.tips,
        fields: content.tips.map((tip, i) => ({ name: `${i + 1}. ${tip.title}`, value: tip.short })),
        footer: { text: 'Read one in full with /tips tip:<number or name>' },
      },
    ],
    components: [],
    ephemeral: options.ephemeral,
  };
}

/** One tip in its longer form; the support tip also carries the support note. */
export function tipReply(content: ContentPack, tipId: string, options: { ephemeral: boolean }): Reply {
  const index = content.tips.findIndex((t) => t.id === tipId);
  const tip = content.tips[index];
  if (!tip) {
    throw new UserError(`There is no tip "${tipId.slice(0, 100)}". Tips: ${content.tips.map((t) => t.title).join(', ')}.`, 'unknown-tip');
  }
  const description =
    tip.id === SUPPORT_TIP_ID ? `${tip.long}\n\n**${content.support.title}**\n${content.support.body}` : tip.long;
  return {
    embeds: [
      {
        title: tip.title,
        color: COLORS.tips,
        description,
        footer: { text: `Tip ${index + 1} of ${content.tips.length} · /tips lists them all` },
      },
    ],
    components: [],
    ephemeral: options.ephemeral,
  };
}

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
