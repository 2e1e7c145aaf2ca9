import { ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from 'discord.js';
import type { BotContext, SlashCommand } from '../src/command.ts';
import { drawQuestion, questionPool, reflectReply } from '../src/replies/reflect.ts';
import { answerComponent, toReplyOptions } from '../src/respond.ts';

/** Draws the member's next question and records it, before anything is sent. */
async function nextQuestion(ctx: BotContext, userId: string, themeId: string | null) {
  questionPool(ctx.content, themeId); // refuses an unknown theme before touching the store
  const seen = await ctx.store.reflectHistory(userId);
  const draw = drawQuestion(ctx.content, themeId, seen, ctx.random);
  await ctx.store.saveReflectHistory(userId, draw.seen);
  return draw.question;
}

/** /reflect [theme] [share]: one reflection question, never repeated until the pool is seen. */
export const reflect: SlashCommand = {
  name: 'reflect',
  definition: (content) => ({
    name: 'reflect',
    type: ApplicationCommandType.ChatInput,
    description: 'Draw a reflection question to think about',
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'theme',
        description: 'Only questions on this theme (default: any theme)',
        choices: content.themes.map((t) => ({ name: t.name, value: t.id })),
      },
      { type: ApplicationCommandOptionType.Boolean, name: 'share', description: 'Show the question to the channel (default: only you)' },
    ],
  }),
  async execute(interaction, ctx) {
    const themeId = interaction.options.getString('theme');
    const ephemeral = !interaction.options.getBoolean('share');
    const question = await nextQuestion(ctx, interaction.user.id, themeId);
    await interaction.reply(toReplyOptions(reflectReply(ctx.content, question, { themeId, ephemeral })));
  },
  components: ['reflect-next'],
  async component(interaction, action, ctx) {
    if (action.kind !== 'reflect-next') return;
    const question = await nextQuestion(ctx, interaction.user.id, action.themeId);
    await answerComponent(interaction, (ephemeral) => reflectReply(ctx.content, question, { themeId: action.themeId, ephemeral }));
  },
};
