import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { ApplicationCommandOptionType } from 'discord.js';
import type { ContentPack } from '../../src/content/content-pack.ts';
import { suggestZones } from '../../src/daily/legacy-zones.ts';
import { MAX_DAYS_INPUT_LENGTH, suggestPostDays } from '../../src/daily/post-days.ts';
import { focusedOption, readOptions } from '../../src/discord/command-options.ts';
import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { enabledReply } from '../../src/replies/smallwins.ts';
import { channelOption, postableChannel } from './channel-option.ts';

const definition = ({ strings: { t } }: Pick<ContentPack, 'strings'>) =>
  subcommand('enable', t('commands.smallwins.enable.description'), [
    channelOption(t('commands.smallwins.enable.channel'), true),
    {
      type: ApplicationCommandOptionType.String,
      name: 'time',
      description: t('commands.smallwins.enable.time'),
      required: true,
      max_length: 20,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'timezone',
      description: t('commands.smallwins.enable.timezone'),
      required: true,
      autocomplete: true,
      max_length: 64,
    },
    { type: ApplicationCommandOptionType.Role, name: 'role', description: t('commands.smallwins.enable.role') },
    { type: ApplicationCommandOptionType.Boolean, name: 'thread', description: t('commands.smallwins.enable.thread') },
    {
      type: ApplicationCommandOptionType.String,
      name: 'days',
      description: t('commands.smallwins.enable.days'),
      autocomplete: true,
      max_length: MAX_DAYS_INPUT_LENGTH,
    },
    { type: ApplicationCommandOptionType.Boolean, name: 'pin', description: t('commands.smallwins.enable.pin') },
  ]);

/** /smallwins enable channel time timezone [role] [thread] [days] [pin]: opts a channel in, or changes its settings. */
export const enable: SlashSubcommand<string> = {
  definition,
  async execute(interaction, ctx, guildId) {
    const { strings } = ctx.content;
    const options = readOptions(interaction, definition(ctx.content));
    const enabled = await ctx.daily.enable({
      guildId,
      channelId: postableChannel(interaction, options.channel, ctx),
      time: options.time,
      zone: options.timezone,
      roleId: options.role?.id ?? null,
      thread: options.thread ?? false,
      ...(options.days !== undefined ? { days: options.days } : {}),
      pin: options.pin ?? false,
    });
    await interaction.reply(
      toReplyOptions(enabledReply(strings, enabled.subscription, enabled.nextAt, enabled.updated)),
    );
  },
  async autocomplete(interaction, ctx) {
    const focused = focusedOption(interaction, definition(ctx.content));
    const names =
      focused?.name === 'timezone'
        ? suggestZones(focused.value, DISCORD_LIMITS.choices)
        : focused?.name === 'days'
          ? suggestPostDays(focused.value, DISCORD_LIMITS.choices)
          : [];
    await interaction.respond(names.map((name) => ({ name, value: name })));
  },
};
