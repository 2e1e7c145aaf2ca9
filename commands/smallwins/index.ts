import type { ContentPack } from '../../src/content/content-pack.ts';
import { MANAGE_SERVER_ONLY, requireManageServer } from '../../src/discord/preconditions.ts';
import { serverCommand, type SlashCommand } from '../../src/discord/slash-command.ts';
import { UserError } from '../../src/discord/errors.ts';
import { disable } from './disable.ts';
import { enable } from './enable.ts';
import { postNow } from './post-now.ts';
import { preview } from './preview.ts';
import { status } from './status.ts';

/** One file per subcommand; the command's definition is built from theirs. */
const subcommands = [enable, disable, status, preview, postNow];

const definition = (content: ContentPack) =>
  serverCommand(
    'smallwins',
    content.strings.t('commands.smallwins.description'),
    subcommands.map((s) => s.definition(content)),
    MANAGE_SERVER_ONLY,
  );

const bySubcommand = (content: ContentPack, name: string | null) =>
  subcommands.find((s) => s.definition(content).name === name);

/** /smallwins: moderators opt channels in to a daily small-wins prompt. */
export const smallwins: SlashCommand = {
  name: 'smallwins',
  definition,
  async execute(interaction, ctx) {
    const { t } = ctx.content.strings;
    const guildId = requireManageServer(interaction, {
      outsideServer: t('smallwins.errors.outsideServer'),
      notManager: t('smallwins.errors.notManager'),
    });
    const sub = bySubcommand(ctx.content, interaction.options.getSubcommand());
    if (!sub) throw new UserError(t('errors.unknownSubcommand'), 'unknown-command');
    await sub.execute(interaction, ctx, guildId);
  },
  async autocomplete(interaction, ctx) {
    const sub = bySubcommand(ctx.content, interaction.options.getSubcommand(false));
    if (sub?.autocomplete) await sub.autocomplete(interaction, ctx);
    else await interaction.respond([]);
  },
};
