import { ApplicationCommandOptionType } from 'discord.js';
import type { ContentPack } from '../src/content/content-pack.ts';
import { drawQuestion, questionPool } from '../src/content/question-draw.ts';
import { readOptions } from '../src/discord/command-options.ts';
import { answerComponent, toReplyOptions } from '../src/discord/respond.ts';
import { memberCommand, shareOption, type BotContext, type SlashCommand } from '../src/discord/slash-command.ts';
import { preferencesOf } from '../src/members/member-choices.ts';
import { reflectExcludedReply, reflectReply } from '../src/replies/reflect.ts';
import type { Reply } from '../src/replies/reply-payload.ts';

/** The themes to choose from come from the content pack. */
const definition = ({ themes, strings }: Pick<ContentPack, 'themes' | 'strings'>) =>
  memberCommand('reflect', strings.t('commands.reflect.description'), [
    {
      type: ApplicationCommandOptionType.String,
      name: 'theme',
      description: strings.t('commands.reflect.theme'),
      choices: themes.map((t) => ({ name: t.name, value: t.id })),
    },
    shareOption(strings.t('commands.reflect.share')),
  ]);

/**
 * Draws the member's next question, records it, then shows it with `send`. The draw is
 * recorded in memory before the answer goes out: a member who presses "Another question"
 * as soon as the answer shows can reach the bot (over the gateway) before the answer's
 * own HTTP request returns, and that press must already see this draw. The write to
 * disk follows within a moment; a failed write is logged, and at worst the member meets
 * the question again after a restart. The member's preferences apply: themes they left
 * out are not drawn from, and a theme they left out but named is drawn from only `once`
 * they confirm (until then `send` gets a notice that offers it).
 */
async function drawAndSend(
  ctx: BotContext,
  where: { userId: string; guildId: string | null },
  themeId: string | null,
  options: { share: boolean; once?: boolean },
  send: (build: (ephemeral: boolean) => Reply, what: 'question' | 'notice') => Promise<unknown>,
): Promise<void> {
  const { userId } = where;
  // The server's pools in use (its own, the pack's or both).
  const { content, keepInHistory } = await ctx.customize.contentForReflect(where.guildId);
  questionPool(content, themeId); // refuses an unknown theme before touching the history
  const [seen, prefs] = await Promise.all([ctx.store.reflectHistory(userId), preferencesOf(ctx, userId)]);
  if (themeId !== null && !options.once && prefs.excludedThemes.includes(themeId)) {
    await send(() => reflectExcludedReply(ctx.content, themeId, { share: options.share }), 'notice');
    return;
  }
  const draw = drawQuestion(content, themeId, seen, ctx.random, keepInHistory, prefs.excludedThemes);
  const saved = ctx.store
    .saveReflectHistory(userId, draw.seen)
    .catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not save a reflection history'));
  await send(
    (ephemeral) => reflectReply(ctx.content, draw.question, { themeId, ephemeral, contentNotes: prefs.contentNotes }),
    'question',
  );
  await saved;
}

/** /reflect [theme] [share]: one reflection question, never repeated until the pool is seen. */
export const reflect: SlashCommand = {
  name: 'reflect',
  definition,
  async execute(interaction, ctx) {
    const { theme, share } = readOptions(interaction, definition(ctx.content));
    await drawAndSend(
      ctx,
      { userId: interaction.user.id, guildId: interaction.guildId },
      theme ?? null,
      { share: share ?? false },
      (build) => interaction.reply(toReplyOptions(build(!share))),
    );
  },
  components: ['reflect-next', 'reflect-once'],
  async component(interaction, action, ctx) {
    const where = { userId: interaction.user.id, guildId: interaction.guildId };
    if (action.kind === 'reflect-next') {
      // A notice is the clicker's alone: it never replaces a question shared in the channel.
      await drawAndSend(ctx, where, action.themeId, { share: false }, (build, what) =>
        what === 'notice' ? interaction.reply(toReplyOptions(build(true))) : answerComponent(interaction, build),
      );
    } else if (action.kind === 'reflect-once') {
      // The notice was private; a member who asked to share gets the question in the channel.
      await drawAndSend(ctx, where, action.themeId, { share: action.share, once: true }, (build) =>
        action.share ? interaction.reply(toReplyOptions(build(false))) : answerComponent(interaction, build),
      );
    }
  },
};
