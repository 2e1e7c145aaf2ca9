import type { ContentPack } from '../../src/content/content-pack.ts';
import { MANAGE_SERVER_ONLY, requireManageServer } from '../../src/discord/preconditions.ts';
import { serverCommand, type SlashCommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { UserError } from '../../src/discord/errors.ts';
import { exportContent } from './export.ts';
import type { CustomizePart } from './group.ts';
import { importContent } from './import.ts';
import { prompts } from './prompts.ts';
import { questions } from './questions.ts';
import { reviewOff } from './review-off.ts';
import { review } from './review.ts';
import { support } from './support.ts';
import { use } from './use.ts';

/** One file per subcommand or group; the command's definition is built from theirs. */
const groups = [prompts, questions, support];
const subcommands: ReadonlyArray<SlashSubcommand<string>> = [use, exportContent, importContent, review, reviewOff];

const definition = (content: ContentPack) =>
  serverCommand(
    'customize',
    content.strings.t('commands.customize.description'),
    [...groups.map((g) => g.definition(content)), ...subcommands.map((s) => s.definition(content))],
    MANAGE_SERVER_ONLY,
  );

/** The group or subcommand an interaction names. */
function partOf(
  content: ContentPack,
  group: string | null,
  sub: string | null,
): CustomizePart | SlashSubcommand<string> | undefined {
  if (group !== null) return groups.find((g) => g.name === group);
  return subcommands.find((s) => s.definition(content).name === sub);
}

/** /customize: moderators make the bot their server's own (issue 10). */
export const customize: SlashCommand = {
  name: 'customize',
  definition,
  async execute(interaction, ctx) {
    const { t } = ctx.content.strings;
    const guildId = requireManageServer(interaction, {
      outsideServer: t('customize.errors.outsideServer'),
      notManager: t('customize.errors.notManager'),
    });
    const part = partOf(
      ctx.content,
      interaction.options.getSubcommandGroup(false),
      interaction.options.getSubcommand(false),
    );
    if (!part) throw new UserError(t('errors.unknownSubcommand'), 'unknown-command');
    await part.execute(interaction, ctx, guildId);
  },
  async autocomplete(interaction, ctx) {
    const part = partOf(
      ctx.content,
      interaction.options.getSubcommandGroup(false),
      interaction.options.getSubcommand(false),
    );
    if (part?.autocomplete) await part.autocomplete(interaction, ctx, interaction.guildId ?? '');
    else await interaction.respond([]);
  },
};
