import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import type { ContentPack } from '../../src/content/content-pack.ts';
import { readOptions } from '../../src/discord/command-options.ts';
import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { importReply } from '../../src/replies/customize.ts';

const definition = ({ strings: { t } }: Pick<ContentPack, 'strings'>) =>
  subcommand('import', t('commands.customize.import.description'), [
    {
      type: ApplicationCommandOptionType.Attachment,
      name: 'file',
      description: t('commands.customize.import.file'),
      required: true,
    },
  ]);

/** /customize import file: all of the file's content (its /smallwins settings for this server's channels), or none of it. */
export const importContent: SlashSubcommand<string> = {
  definition,
  async execute(interaction, ctx, guildId) {
    const { file } = readOptions(interaction, definition(ctx.content));
    // The file is downloaded from Discord's CDN first, which can take a while.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const summary = await ctx.customize.importAttachment(guildId, { url: file.url, size: file.size }, ctx.daily);
    const { content } = toReplyOptions(importReply(ctx.content.strings, summary));
    await interaction.editReply({ content: content ?? null, allowedMentions: { parse: [] } });
  },
};
