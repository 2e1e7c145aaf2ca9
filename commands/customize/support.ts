import { ApplicationCommandOptionType } from 'discord.js';
import type { ContentPack } from '../../src/content/content-pack.ts';
import { readOptions } from '../../src/discord/command-options.ts';
import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { supportReply, supportResetReply } from '../../src/replies/customize.ts';
import { subcommandGroup } from './group.ts';

type Words = Pick<ContentPack, 'strings'>;

const setDefinition = ({ strings: { t } }: Words) =>
  subcommand('set', t('commands.customize.support.set.description'), [
    {
      type: ApplicationCommandOptionType.String,
      name: 'text',
      description: t('commands.customize.support.set.text'),
      required: true,
    },
  ]);

/** /customize support set text */
const set: SlashSubcommand<string> = {
  definition: setDefinition,
  async execute(interaction, ctx, guildId) {
    const { text } = readOptions(interaction, setDefinition(ctx.content));
    const body = await ctx.customize.setSupport(guildId, text);
    await interaction.reply(
      toReplyOptions(supportReply(ctx.content.strings, 'set', { title: ctx.content.support.title, body })),
    );
  },
};

/** /customize support show */
const show: SlashSubcommand<string> = {
  definition: ({ strings: { t } }) => subcommand('show', t('commands.customize.support.show.description')),
  async execute(interaction, ctx, guildId) {
    const { note, own } = await ctx.customize.support(guildId);
    await interaction.reply(toReplyOptions(supportReply(ctx.content.strings, own ? 'showOwn' : 'showPack', note)));
  },
};

/** /customize support reset */
const reset: SlashSubcommand<string> = {
  definition: ({ strings: { t } }) => subcommand('reset', t('commands.customize.support.reset.description')),
  async execute(interaction, ctx, guildId) {
    await ctx.customize.resetSupport(guildId);
    await interaction.reply(toReplyOptions(supportResetReply(ctx.content.strings)));
  },
};

/** /customize support: the server's own support note. */
export const support = subcommandGroup(
  'support',
  ({ strings }) => strings.t('commands.customize.support.description'),
  [set, show, reset],
);
