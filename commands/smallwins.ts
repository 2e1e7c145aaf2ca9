import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { ApplicationCommandOptionType, ChannelType, MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { serverCommand, type BotContext, type SlashCommand } from '../src/discord/slash-command.ts';
import { missingPermissions, POSTABLE_CHANNEL_TYPES, roleExists } from '../src/daily/discord-sender.ts';
import { FOREIGN_CHANNEL_MESSAGE, UserError } from '../src/discord/errors.ts';
import { disabledReply, enabledReply, legacyZoneMessage, postedNowReply, previewReply, statusReply } from '../src/replies/smallwins.ts';
import { legacyZone, suggestZones } from '../src/daily/legacy-zones.ts';
import { formatTimeOfDay, parseTimeOfDay, resolveZone } from '../src/daily/time-rules.ts';
import { toReplyOptions, toUpdateOptions } from '../src/discord/respond.ts';

const channelOption = (description: string, required: boolean) => ({
  type: ApplicationCommandOptionType.Channel as const,
  name: 'channel',
  description,
  required,
  channel_types: [...POSTABLE_CHANNEL_TYPES],
});

/** The postable channel of this server named by the `channel` option (or the current one), checked. */
function channelOf(interaction: ChatInputCommandInteraction, required: boolean): string {
  const channel = interaction.options.getChannel('channel', required);
  if (!channel) return interaction.channelId;
  // A crafted interaction can name another server's channel, and discord.js then files the
  // resolved channel under this server too; the gateway's record of it says where it is.
  const known = interaction.client.channels.cache.get(channel.id);
  const home = known && 'guildId' in known ? known.guildId : 'guildId' in channel ? channel.guildId : null;
  if (home !== interaction.guildId) {
    interaction.guild?.channels.cache.delete(channel.id);
    throw new UserError(FOREIGN_CHANNEL_MESSAGE, 'foreign-channel');
  }
  if (!(POSTABLE_CHANNEL_TYPES as readonly ChannelType[]).includes(channel.type)) {
    throw new UserError('Small wins can only post in a text or announcement channel.', 'not-postable-channel');
  }
  return channel.id;
}

function subscribed(ctx: BotContext, guildId: string, channelId: string) {
  const sub = ctx.scheduler.subscription(channelId);
  if (!sub || sub.guildId !== guildId) {
    throw new UserError(`Small wins is not on in <#${channelId}>. Turn it on with \`/smallwins enable\`.`, 'not-subscribed');
  }
  return sub;
}

/**
 * The subscription /smallwins preview shows: the `channel` option's; else this channel's,
 * if it is opted in; else the server's only one. Several and no option: ask which.
 */
function previewed(interaction: ChatInputCommandInteraction, ctx: BotContext, guildId: string) {
  if (interaction.options.getChannel('channel')) return subscribed(ctx, guildId, channelOf(interaction, true));
  const here = ctx.scheduler.subscription(interaction.channelId);
  if (here?.guildId === guildId) return here;
  const all = ctx.scheduler.subscriptionsOf(guildId);
  if (all.length === 1) return all[0]!;
  if (all.length === 0) throw new UserError('Small wins is not on in any channel here. Start it with `/smallwins enable`.', 'not-subscribed');
  const listed = all.slice(0, 20).map((s) => `<#${s.channelId}>`).join(', ');
  throw new UserError(`Small wins is on in ${listed}. Say which to preview with \`/smallwins preview channel:\`.`, 'which-channel');
}

/** /smallwins: moderators opt channels in to a daily small-wins prompt. */
export const smallwins: SlashCommand = {
  name: 'smallwins',
  definition: () =>
    serverCommand(
      'smallwins',
      'Daily small-wins prompts in a channel (moderators)',
      [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'enable',
          description: 'Post a small-wins prompt in a channel every day, or change its settings',
          options: [
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
          ],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'disable',
          description: 'Stop the daily posts in a channel',
          options: [channelOption('The channel to stop posting in', true)],
        },
        { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Every channel with daily posts here, and any problem' },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'preview',
          description: "The prompt a channel's next post will carry",
          options: [channelOption('The channel (default: this one)', false)],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'post-now',
          description: 'A test post now; the daily schedule is unchanged',
          options: [channelOption('The channel to post in', true)],
        },
      ],
      { default_member_permissions: PermissionFlagsBits.ManageGuild.toString() },
    ),
  async execute(interaction, ctx) {
    if (!interaction.inGuild()) throw new UserError('Small wins is set up inside a server.', 'not-in-server');
    if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
      throw new UserError('Only members with the Manage Server permission can set up small wins.', 'not-moderator');
    }
    const guildId = interaction.guildId;
    const sub = interaction.options.getSubcommand();
    let reply;
    if (sub === 'enable') {
      const channelId = channelOf(interaction, true);
      const timeInput = interaction.options.getString('time', true);
      const time = parseTimeOfDay(timeInput);
      if (!time) throw new UserError(`"${timeInput.slice(0, 20)}" is not a time of day. Try 09:00, 9am, 9:30pm or 21:30.`, 'bad-time');
      const zoneInput = interaction.options.getString('timezone', true);
      // EST, CET, Etc/GMT+5...: rarely what was meant (EST has no summer time), so never stored;
      // the moderator runs the command again with a city zone.
      const legacy = legacyZone(zoneInput);
      if (legacy) throw new UserError(legacyZoneMessage(legacy), 'legacy-zone');
      const zone = resolveZone(zoneInput);
      if (!zone) {
        const close = suggestZones(zoneInput, 3);
        throw new UserError(`"${zoneInput.slice(0, 64)}" is not a time zone I know.${close.length ? ` Did you mean ${close.join(', ')}?` : ' Use a name like Europe/London, America/New_York or UTC.'}`, 'bad-zone');
      }
      const role = interaction.options.getRole('role');
      if (role?.id === guildId) {
        throw new UserError('@everyone cannot be the role to mention: the daily post would ping the whole server. Choose a role members can join, or leave `role` out.', 'everyone-role');
      }
      const thread = interaction.options.getBoolean('thread') ?? false;
      const settings = { guildId, channelId, time: formatTimeOfDay(time), zone, roleId: role?.id ?? null, thread };
      const missing = missingPermissions(interaction.client, settings);
      if (missing === null) throw new UserError('I cannot see that channel. Check that I am in this server and can view it.', 'channel-not-visible');
      if (missing.length) {
        throw new UserError(`I need these permissions in <#${channelId}> first:\n${missing.map((m) => `- ${m}`).join('\n')}`, 'missing-permissions');
      }
      const existing = ctx.scheduler.subscription(channelId);
      const updated = existing !== undefined && !existing.switchedOff;
      const saved = await ctx.scheduler.enable(settings);
      reply = enabledReply(saved, ctx.scheduler.nextPostAt(channelId)!, updated);
    } else if (sub === 'disable') {
      const channelId = channelOf(interaction, true);
      const existing = ctx.scheduler.subscription(channelId);
      const known = await ctx.scheduler.disable(channelId, guildId);
      reply = disabledReply(channelId, !known ? 'off' : existing?.guildId === guildId && existing.switchedOff ? 'switched-off' : 'on');
    } else if (sub === 'status') {
      reply = statusReply(
        ctx.scheduler.subscriptionsOf(guildId).map((s) => ({
          sub: s,
          nextAt: ctx.scheduler.nextPostAt(s.channelId),
          roleGone: s.roleId !== null && !roleExists(interaction.client, guildId, s.roleId),
        })),
      );
    } else if (sub === 'preview') {
      const subscription = previewed(interaction, ctx, guildId);
      const prompt = await ctx.scheduler.previewPrompt(subscription.channelId);
      // As the post will go out: without a role deleted since enable.
      const roleId = subscription.roleId && roleExists(interaction.client, guildId, subscription.roleId) ? subscription.roleId : null;
      reply = previewReply({ ...subscription, roleId }, prompt, ctx.scheduler.nextPostAt(subscription.channelId));
    } else if (sub === 'post-now') {
      const channelId = channelOf(interaction, true);
      const subscription = subscribed(ctx, guildId, channelId);
      const missing = missingPermissions(interaction.client, { ...subscription, roleId: null, thread: false });
      if (missing?.length) throw new UserError(`I need these permissions in <#${channelId}> first:\n${missing.map((m) => `- ${m}`).join('\n')}`, 'missing-permissions');
      // The post can wait on the channel's rate limit for seconds: answer first.
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await ctx.scheduler.testPost(channelId, ctx.random);
      await interaction.editReply(toUpdateOptions(postedNowReply(channelId, ctx.scheduler.nextPostAt(channelId))));
      return;
    } else {
      throw new UserError('Unknown subcommand.', 'unknown-command');
    }
    await interaction.reply(toReplyOptions(reply));
  },
  async autocomplete(interaction) {
    const focused = interaction.options.getFocused(true);
    const names = focused.name === 'timezone' ? suggestZones(focused.value, DISCORD_LIMITS.choices) : [];
    await interaction.respond(names.map((name) => ({ name, value: name })));
  },
};
