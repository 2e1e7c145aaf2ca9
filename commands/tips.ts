import { resolveTip, tipChoices } from '../src/content/tip-search.ts';
import { browseCommand } from '../src/discord/browse-command.ts';
import type { SlashCommand } from '../src/discord/slash-command.ts';
import { tipReply, tipsOverviewReply } from '../src/replies/tips.ts';

/** /tips [tip] [share]: the five takeaways, or one in its longer form. */
export const tips: SlashCommand = browseCommand({
  name: 'tips',
  option: 'tip',
  describe: (strings) => ({ command: strings.t('commands.tips.description'), option: strings.t('commands.tips.tip') }),
  list: tipsOverviewReply,
  item: (content, value, options) => tipReply(content, resolveTip(content, value).id, options),
  choices: tipChoices,
  // A tip in full may carry the support note: this server's own, if it has one.
  itemContent: (ctx, guildId) => ctx.customize.contentWithSupport(guildId),
});
