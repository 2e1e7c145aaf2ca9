import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { ApplicationCommandOptionType } from 'discord.js';
import type { ContentPack } from '../../src/content/content-pack.ts';
import { focusedOption, readOptions } from '../../src/discord/command-options.ts';
import { managedServerId } from '../../src/discord/preconditions.ts';
import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { promptAddedReply, promptListReply, promptRemovedReply } from '../../src/replies/customize.ts';
import { subcommandGroup } from './group.ts';

type Words = Pick<ContentPack, 'strings'>;

const addDefinition = ({ strings: { t } }: Words) =>
  subcommand('add', t('commands.customize.prompts.add.description'), [
    // No max_length: the answer says how long the text is and how long it may be.
    {
      type: ApplicationCommandOptionType.String,
      name: 'text',
      description: t('commands.customize.prompts.add.text'),
      required: true,
    },
  ]);

/** /customize prompts add text */
const add: SlashSubcommand<string> = {
  definition: addDefinition,
  async execute(interaction, ctx, guildId) {
    const { text } = readOptions(interaction, addDefinition(ctx.content));
    await interaction.reply(
      toReplyOptions(promptAddedReply(ctx.content.strings, await ctx.customize.addPrompt(guildId, text))),
    );
  },
};

const removeDefinition = ({ strings: { t } }: Words) =>
  subcommand('remove', t('commands.customize.prompts.remove.description'), [
    {
      type: ApplicationCommandOptionType.String,
      name: 'prompt',
      description: t('commands.customize.prompts.remove.prompt'),
      required: true,
      autocomplete: true,
      max_length: 100,
    },
  ]);

/** /customize prompts remove prompt (autocomplete over the server's own) */
const remove: SlashSubcommand<string> = {
  definition: removeDefinition,
  async execute(interaction, ctx, guildId) {
    const { prompt } = readOptions(interaction, removeDefinition(ctx.content));
    await interaction.reply(
      toReplyOptions(promptRemovedReply(ctx.content.strings, await ctx.customize.removePrompt(guildId, prompt))),
    );
  },
  async autocomplete(interaction, ctx) {
    const focused = focusedOption(interaction, removeDefinition(ctx.content));
    const guildId = managedServerId(interaction);
    const choices =
      focused && guildId ? await ctx.customize.promptChoices(guildId, focused.value, DISCORD_LIMITS.choices) : [];
    await interaction.respond(choices);
  },
};

const listDefinition = ({ strings: { t } }: Words) =>
  subcommand('list', t('commands.customize.prompts.list.description'), [
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'page',
      description: t('commands.customize.prompts.list.page'),
      min_value: 1,
    },
  ]);

/** /customize prompts list [page] */
const list: SlashSubcommand<string> = {
  definition: listDefinition,
  async execute(interaction, ctx, guildId) {
    const { page } = readOptions(interaction, listDefinition(ctx.content));
    await interaction.reply(
      toReplyOptions(promptListReply(ctx.content.strings, await ctx.customize.listPrompts(guildId, page ?? 1))),
    );
  },
};

/** /customize prompts: the server's own daily prompts. */
export const prompts = subcommandGroup(
  'prompts',
  ({ strings }) => strings.t('commands.customize.prompts.description'),
  [add, remove, list],
);
