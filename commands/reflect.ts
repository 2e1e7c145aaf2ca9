import { ApplicationCommandOptionType } from 'discord.js';
import { serverCommand, shareOption, type BotContext, type SlashCommand } from '../src/command.ts';
import type { Question } from '../src/content.ts';
import { drawQuestion, questionPool, reflectReply } from '../src/replies/reflect.ts';
import { answerComponent, toReplyOptions } from '../src/respond.ts';

/**
 * Draws the member's next question, shows it with `send`, then records it. The record is
 * written after the answer so the database is off the member's wait; the write's start
 * updates the store's memory at once, so only a second draw arriving within the same
 * few milliseconds could miss it. A failed write is logged:
 * the member has their question, and at worst may meet it again later.
 */
async function drawAndSend(
  ctx: BotContext,
  userId: string,
  themeId: string | null,
  send: (question: Question) => Promise<unknown>,
): Promise<void> {
  questionPool(ctx.content, themeId); // refuses an unknown theme before touching the store
  const draw = drawQuestion(ctx.content, themeId, await ctx.store.reflectHistory(userId), ctx.random);
  await send(draw.question);
  await ctx.store.saveReflectHistory(userId, draw.seen).catch((error: unknown) => ctx.logger.warn({ err: error, userId }, 'could not save a reflection history'));
}

/** /reflect [theme] [share]: one reflection question, never repeated until the pool is seen. */
export const reflect: SlashCommand = {
  name: 'reflect',
  definition: (content) =>
    serverCommand('reflect', 'Draw a reflection question to think about', [
      {
        type: ApplicationCommandOptionType.String,
        name: 'theme',
        description: 'Only questions on this theme (default: any theme)',
        choices: content.themes.map((t) => ({ name: t.name, value: t.id })),
      },
      shareOption('Show the question to the channel (default: only you)'),
    ]),
  async execute(interaction, ctx) {
    const themeId = interaction.options.getString('theme');
    const ephemeral = !interaction.options.getBoolean('share');
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
