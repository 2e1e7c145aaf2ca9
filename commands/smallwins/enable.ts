import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { ApplicationCommandOptionType } from 'discord.js';
import { suggestZones } from '../../src/daily/legacy-zones.ts';
import { focusedOption, readOptions } from '../../src/discord/command-options.ts';
import { toReplyOptions } from '../../src/discord/respond.ts';
import { subcommand, type SlashSubcommand } from '../../src/discord/slash-command.ts';
import { enabledReply } from '../../src/replies/smallwins.ts';
import { channelOption, postableChannel } from './channel-option.ts';

const definition = subcommand('enable', 'Post a small-wins prompt in a channel every day, or change its settings', [
  channelOption('The text or announcement channel to post in', true),
  {
    type: ApplicationCommandOptionType.String,
    name: 'time',
    description: 'Local time of day, e.g. 09:00, 9am, 9:30pm, 21:30',
    required: true,
    max_length: 20,
  },
  {
    type: ApplicationCommandOptionType.String,
    name: 'timezone',
    description: 'Time zone, e.g. Europe/London or UTC (start typing a city)',
    required: true,
    autocomplete: true,
    max_length: 64,
  },
  { type: ApplicationCommandOptionType.Role, name: 'role', description: 'A role to mention in each post (default: none)' },
  { type: ApplicationCommandOptionType.Boolean, name: 'thread', description: 'Start a thread on each post for replies (default: no)' },
]);

/** /smallwins enable channel time timezone [role] [thread]: opts a channel in, or changes its settings. */
export const enable: SlashSubcommand<string> = {
  definition,
  async execute(interaction, ctx, guildId) {
    const options = readOptions(interaction, definition);
    const enabled = await ctx.daily.enable({
      guildId,
      channelId: postableChannel(interaction, options.channel),
      time: options.time,
      zone: options.timezone,
      roleId: options.role?.id ?? null,
      thread: options.thread ?? false,
    });
    await interaction.reply(toReplyOptions(enabledReply(enabled.subscription, enabled.nextAt, enabled.updated)));
  },
  async autocomplete(interaction) {
    const focused = focusedOption(interaction, definition);
    const names = focused?.name === 'timezone' ? suggestZones(focused.value, DISCORD_LIMITS.choices) : [];
    await interaction.respond(names.map((name) => ({ name, value: name })));
  },
};
