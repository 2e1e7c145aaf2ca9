import type { ContentPack } from '../content/content-pack.ts';
import { tipLabel } from '../content/tip-search.ts';
import { UserError } from '../discord/errors.ts';
import { COLORS, type Reply } from './reply-payload.ts';

/** The id of the tip that carries the support note. */
const SUPPORT_TIP_ID = 'support';

/** All tips in one embed, in their short forms. */
export function tipsOverviewReply(content: ContentPack, options: { ephemeral: boolean }): Reply {
  const { t } = content.strings;
  return {
    embeds: [
      {
        title: t('tips.overview.title', { count: content.tips.length }),
        color: COLORS.tips,
        fields: content.tips.map((tip) => ({ name: tipLabel(content, tip), value: tip.short })),
        footer: { text: t('tips.overview.footer') },
      },
    ],
    components: [],
    ephemeral: options.ephemeral,
  };
}

/** One tip in its longer form; the support tip also carries the support note. */
export function tipReply(content: ContentPack, tipId: string, options: { ephemeral: boolean }): Reply {
  const { t } = content.strings;
  const index = content.tips.findIndex((tip) => tip.id === tipId);
  const tip = content.tips[index];
  if (!tip) {
    throw new UserError(
      t('tips.errors.unknownId', { tip: tipId.slice(0, 100), tips: content.tips.map((each) => each.title).join(', ') }),
      'unknown-tip',
    );
  }
  const description =
    tip.id === SUPPORT_TIP_ID ? `${tip.long}\n\n**${content.support.title}**\n${content.support.body}` : tip.long;
  return {
    embeds: [
      {
        title: tip.title,
        color: COLORS.tips,
        description,
        footer: { text: t('tips.tip.footer', { number: index + 1, total: content.tips.length }) },
      },
    ],
    components: [],
    ephemeral: options.ephemeral,
  };
}
