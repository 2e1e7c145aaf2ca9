import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { ApplicationCommandOptionType } from 'discord.js';
import type { ContentPack } from '../../src/content/content-pack.ts';
import { focusedOption, readOptions } from '../../src/discord/command-options.ts';
import { managedServerId } from '../../src/discord/preconditions.ts';
import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { questionAddedReply, questionListReply, questionRemovedReply } from '../../src/replies/customize.ts';
import { subcommandGroup } from './group.ts';

type Words = Pick<ContentPack, 'strings'>;

const addDefinition = ({ strings: { t }, themes }: Pick<ContentPack, 'strings' | 'themes'>) =>
  subcommand('add', t('commands.customize.questions.add.description'), [
    {
      type: ApplicationCommandOptionType.String,
      name: 'theme',
      description: t('commands.customize.questions.add.theme'),
      required: true,
      choices: themes.map((theme) => ({ name: theme.name, value: theme.id })),
    },
    // No max_length: the answer says how long the text is and how long it may be.
    {
      type: ApplicationCommandOptionType.String,
      name: 'text',
      description: t('commands.customize.questions.add.text'),
      required: true,
    },
  ]);

/** /customize questions add theme text */
const add: SlashSubcommand<string> = {
  definition: addDefinition,
  async execute(interaction, ctx, guildId) {
    const { theme, text } = readOptions(interaction, addDefinition(ctx.content));
    const question = await ctx.customize.addQuestion(guildId, theme, text);
    await interaction.reply(toReplyOptions(questionAddedReply(ctx.content.strings, ctx.content.themes, question)));
  },
};

const removeDefinition = ({ strings: { t } }: Words) =>
  subcommand('remove', t('commands.customize.questions.remove.description'), [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      description: t('commands.customize.questions.remove.question'),
      required: true,
      autocomplete: true,
      max_length: 100,
    },
  ]);

/** /customize questions remove question (autocomplete over the server's own) */
const remove: SlashSubcommand<string> = {
  definition: removeDefinition,
  async execute(interaction, ctx, guildId) {
    const { question } = readOptions(interaction, removeDefinition(ctx.content));
    await interaction.reply(
      toReplyOptions(questionRemovedReply(ctx.content.strings, await ctx.customize.removeQuestion(guildId, question))),
    );
  },
  async autocomplete(interaction, ctx) {
    const focused = focusedOption(interaction, removeDefinition(ctx.content));
    const guildId = managedServerId(interaction);
    const choices =
      focused && guildId ? await ctx.customize.questionChoices(guildId, focused.value, DISCORD_LIMITS.choices) : [];
    await interaction.respond(choices);
  },
};

const listDefinition = ({ strings: { t } }: Words) =>
  subcommand('list', t('commands.customize.questions.list.description'), [
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'page',
      description: t('commands.customize.questions.list.page'),
      min_value: 1,
    },
  ]);

/** /customize questions list [page] */
const list: SlashSubcommand<string> = {
  definition: listDefinition,
  async execute(interaction, ctx, guildId) {
    const { page } = readOptions(interaction, listDefinition(ctx.content));
    const shown = await ctx.customize.listQuestions(guildId, page ?? 1);
    await interaction.reply(toReplyOptions(questionListReply(ctx.content.strings, ctx.content.themes, shown)));
  },
};

/** /customize questions: the server's own reflection questions. */
export const questions = subcommandGroup(
  'questions',
  ({ strings }) => strings.t('commands.customize.questions.description'),
  [add, remove, list],
);
