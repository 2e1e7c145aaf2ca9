import {
  ApplicationCommandOptionType,
  type APIApplicationCommandChannelOption,
  type ChannelType,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
} from 'discord.js';
import type { Strings } from '../../src/content/strings.ts';
import { POSTABLE_CHANNEL_TYPES } from '../../src/daily/channel-requirements.ts';
import { UserError } from '../../src/discord/errors.ts';

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
  strings: Strings,
): string {
  if (!channel) return interaction.channelId;
  // A crafted interaction can name another server's channel, and discord.js then files the
  // resolved channel under this server too; the gateway's record of it says where it is.
  const known = interaction.client.channels.cache.get(channel.id);
  const home = known && 'guildId' in known ? known.guildId : 'guildId' in channel ? channel.guildId : null;
  if (home !== interaction.guildId) {
    interaction.guild?.channels.cache.delete(channel.id);
    throw new UserError(strings.t('errors.foreignChannel'), 'foreign-channel');
  }
  if (!(POSTABLE_CHANNEL_TYPES as readonly ChannelType[]).includes(channel.type)) {
    throw new UserError(strings.t('smallwins.errors.notPostable'), 'not-postable-channel');
  }
  return channel.id;
}
