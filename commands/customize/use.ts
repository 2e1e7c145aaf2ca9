import { ApplicationCommandOptionType } from 'discord.js';
import type { ContentPack } from '../../src/content/content-pack.ts';
import { readOptions } from '../../src/discord/command-options.ts';
import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { useReply } from '../../src/replies/customize.ts';
import type { PoolChoice } from '../../src/storage/store.ts';

const poolChoices = ({ strings: { t } }: Pick<ContentPack, 'strings'>) =>
  [
    { name: t('commands.customize.use.choices.builtIn'), value: 'built-in' },
    { name: t('commands.customize.use.choices.server'), value: 'server' },
    { name: t('commands.customize.use.choices.both'), value: 'both' },
  ] as const satisfies ReadonlyArray<{ name: string; value: PoolChoice }>;

const definition = (content: Pick<ContentPack, 'strings'>) =>
  subcommand('use', content.strings.t('commands.customize.use.description'), [
    {
      type: ApplicationCommandOptionType.String,
      name: 'prompts',
      description: content.strings.t('commands.customize.use.prompts'),
      choices: [...poolChoices(content)],
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'questions',
      description: content.strings.t('commands.customize.use.questions'),
      choices: [...poolChoices(content)],
    },
  ]);

/** A value Discord let through (a crafted interaction can send any string): anything else changes nothing. */
const asPool = (value: string | undefined): PoolChoice | undefined =>
  value === 'built-in' || value === 'server' || value === 'both' ? value : undefined;

/** /customize use [prompts] [questions]: which pools the server draws from; without options, shows them. */
export const use: SlashSubcommand<string> = {
  definition,
  async execute(interaction, ctx, guildId) {
    const options = readOptions(interaction, definition(ctx.content));
    const settings = await ctx.customize.use(guildId, {
      prompts: asPool(options.prompts),
      questions: asPool(options.questions),
    });
    await interaction.reply(toReplyOptions(useReply(ctx.content.strings, settings)));
  },
};
