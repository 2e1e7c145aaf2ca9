import type { ContentPack } from '../content/content-pack.ts';
import { UserError } from '../discord/errors.ts';
import { COLORS, type Reply } from './reply-payload.ts';

/** The id of the tip that carries the support note. */
const SUPPORT_TIP_ID = 'support';

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
