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

const definition = serverCommand(
  'smallwins',
  'Daily small-wins prompts in a channel (moderators)',
  subcommands.map((s) => s.definition),
  MANAGE_SERVER_ONLY,
);

const bySubcommand = (name: string | null) => subcommands.find((s) => s.definition.name === name);

/** /smallwins: moderators opt channels in to a daily small-wins prompt. */
export const smallwins: SlashCommand = {
  name: definition.name,
  definition: () => definition,
  async execute(interaction, ctx) {
    const guildId = requireManageServer(interaction, {
      outsideServer: 'Small wins is set up inside a server.',
      notManager: 'Only members with the Manage Server permission can set up small wins.',
    });
    const sub = bySubcommand(interaction.options.getSubcommand());
    if (!sub) throw new UserError('Unknown subcommand.', 'unknown-command');
    await sub.execute(interaction, ctx, guildId);
  },
  async autocomplete(interaction, ctx) {
    const sub = bySubcommand(interaction.options.getSubcommand(false));
    if (sub?.autocomplete) await sub.autocomplete(interaction, ctx);
    else await interaction.respond([]);
  },
};
