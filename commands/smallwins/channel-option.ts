import {
  ApplicationCommandOptionType,
  type APIApplicationCommandChannelOption,
  type ChannelType,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
} from 'discord.js';
import { POSTABLE_CHANNEL_TYPES } from '../../src/daily/channel-requirements.ts';
import { UserError } from '../../src/discord/errors.ts';
import type { BotContext } from '../../src/discord/slash-command.ts';

/** The `channel` option of the subcommands: a channel that can carry daily posts. */
export function channelOption<const Required extends boolean>(
  description: string,
  required: Required,
): {
  type: ApplicationCommandOptionType.Channel;
  name: 'channel';
  description: string;
  required: Required;
  channel_types: NonNullable<APIApplicationCommandChannelOption['channel_types']>;
} {
  return {
    type: ApplicationCommandOptionType.Channel,
    name: 'channel',
    description,
    required,
    channel_types: [...POSTABLE_CHANNEL_TYPES],
  };
}

/** The postable channel of this server named by the `channel` option (or, without one, the current channel), checked. */
export function postableChannel(
  interaction: ChatInputCommandInteraction,
  channel: NonNullable<CommandInteractionOption['channel']> | undefined,
  { content: { strings }, servers }: Pick<BotContext, 'content' | 'servers'>,
): string {
  if (!channel) return interaction.channelId;
  // A crafted interaction can name another server's channel, and discord.js then takes the
  // resolved channel to be this server's; the gateway's record of the server says whether
  // it is. Only while the server is not delivered (an outage) does discord.js's word stand.
  const { guildId } = interaction;
  const here =
    guildId !== null &&
    (servers.isAvailable(guildId)
      ? servers.channel(guildId, channel.id) !== undefined
      : 'guildId' in channel && channel.guildId === guildId);
  if (!here) {
    throw new UserError(strings.t('errors.foreignChannel'), 'foreign-channel');
  }
  if (!(POSTABLE_CHANNEL_TYPES as readonly ChannelType[]).includes(channel.type)) {
    throw new UserError(strings.t('smallwins.errors.notPostable'), 'not-postable-channel');
  }
  return channel.id;
}
