import type { ContentPack } from '../content/content-pack.ts';
import { COLORS, type Reply } from './reply-payload.ts';

/** What the bot is for, its commands, what it keeps about members, and the support note. Always ephemeral. */
export function aboutReply(content: ContentPack): Reply {
  const { t } = content.strings;
  const commands = [
    t('about.commands.article', { title: t('article.title') }),
    t('about.commands.reflect'),
    t('about.commands.tips', { count: content.tips.length }),
    t('about.commands.preferences'),
    t('about.commands.mydata'),
    t('about.commands.suggest'),
    t('about.commands.smallwins'),
    t('about.commands.customize'),
    t('about.commands.about'),
  ];
  return {
    embeds: [
      {
        title: t('about.title'),
        color: COLORS.about,
        description: t('about.description', { commands: commands.join('\n') }),
        // What is kept, for how long, who sees it and how to erase it (README, "Members' data", says the same).
        fields: [{ name: t('about.privacy.title'), value: t('about.privacy.text') }],
      },
      { title: content.support.title, color: COLORS.about, description: content.support.body },
    ],
    components: [],
    ephemeral: true,
  };
}
