import type { ContentPack } from '../content/content-pack.ts';
import { ARTICLE_TITLE } from './article.ts';
import { COLORS, type Reply } from './reply-payload.ts';

/** What the bot is for, its commands, and the support note. Always ephemeral. */
export function aboutReply(content: ContentPack): Reply {
  const commands = [
    `**/article** read "${ARTICLE_TITLE}" section by section`,
    '**/reflect** draw a reflection question, on one theme or any',
    `**/tips** the ${content.tips.length} takeaways, or one in full`,
    '**/smallwins** (moderators) a daily small-wins prompt in a channel, at a local time',
    '**/about** this page',
  ];
  return {
    embeds: [
      {
        title: 'About Reconnect',
        color: COLORS.about,
        description: [
          'Reconnect keeps you company while you think about a relationship that has been strained, distant or broken: a parent or child, a brother or sister, a partner, a friend.',
          'It offers an article to read at your own pace, questions to reflect on, and a few practical tips. It does not tell you what to do, and it cannot promise an outcome.',
          '',
          commands.join('\n'),
          '',
          'Your replies are visible only to you unless you add `share:true`. Reconnect mentions nobody, except a role a moderator chose to be mentioned in a channel’s daily small-wins post.',
        ].join('\n'),
      },
      { title: content.support.title, color: COLORS.about, description: content.support.body },
    ],
    components: [],
    ephemeral: true,
  };
}
