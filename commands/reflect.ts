import { ApplicationCommandOptionType } from 'discord.js';
import type { ContentPack, Question } from '../src/content/content-pack.ts';
import { drawQuestion, questionPool } from '../src/content/question-draw.ts';
import { readOptions } from '../src/discord/command-options.ts';
import { answerComponent, toReplyOptions } from '../src/discord/respond.ts';
import { memberCommand, shareOption, type BotContext, type SlashCommand } from '../src/discord/slash-command.ts';
import { reflectReply } from '../src/replies/reflect.ts';

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
 * the question again after a restart.
 */
async function drawAndSend(
  ctx: BotContext,
  userId: string,
  themeId: string | null,
  send: (question: Question) => Promise<unknown>,
): Promise<void> {
  questionPool(ctx.content, themeId); // refuses an unknown theme before touching the store
  const draw = drawQuestion(ctx.content, themeId, await ctx.store.reflectHistory(userId), ctx.random);
  const saved = ctx.store
    .saveReflectHistory(userId, draw.seen)
    .catch((error: unknown) => ctx.logger.warn({ err: error, userId }, 'could not save a reflection history'));
  await send(draw.question);
  await saved;
}

/** /reflect [theme] [share]: one reflection question, never repeated until the pool is seen. */
export const reflect: SlashCommand = {
  name: 'reflect',
  definition,
  async execute(interaction, ctx) {
    const { theme, share } = readOptions(interaction, definition(ctx.content));
    const themeId = theme ?? null;
    const ephemeral = !share;
    await drawAndSend(ctx, interaction.user.id, themeId, (question) =>
      interaction.reply(toReplyOptions(reflectReply(ctx.content, question, { themeId, ephemeral }))),
    );
  },
  components: ['reflect-next'],
  async component(interaction, action, ctx) {
    if (action.kind !== 'reflect-next') return;
    await drawAndSend(ctx, interaction.user.id, action.themeId, (question) =>
      answerComponent(interaction, (ephemeral) => reflectReply(ctx.content, question, { themeId: action.themeId, ephemeral })),
    );
  },
};
