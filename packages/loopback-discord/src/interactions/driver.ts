import { randomBytes } from 'node:crypto';
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import {
  ApplicationCommandType,
  ComponentType,
  InteractionType,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIInteraction,
} from 'discord-api-types/v10';
import type { Json } from '../json.ts';
import { isTextLike } from '../permissions.ts';
import { flattenComponents, toApiMessage } from '../world/messages.ts';
import { channelPayload, interactionMember } from '../world/payloads.ts';
import type { ChannelRecord, GuildRecord, StoredMessage } from '../world/records.ts';
import type { World } from '../world/world.ts';
import { buildOptions, resolveSelectValues, type OptionValues } from './command-options.ts';
import type { InteractionLifecycle, InteractionOutcome } from './lifecycle.ts';

/** A member running a slash command. `command` is "name", "name sub" or "name group sub". */
export interface InvokeParams {
  guildId: string;
  channelId: string;
  userId: string;
  command: string;
  options?: OptionValues;
  /**
   * Lets a channel option name a channel of another server, as a crafted interaction can
   * (Discord's client offers only the server's own). Resolved data describe the channel as
   * it is, with its own guild_id. Default false: such a value throws, as before.
   */
  foreignChannels?: boolean;
}

/** A member typing into an autocomplete option. */
export interface AutocompleteParams extends InvokeParams {
  /** The option being typed into. */
  focused: string;
}


/**
 * What a member does in Discord's client, for a test to drive: runs a slash command,
 * types into an autocomplete option, clicks a button, picks in a select menu. Each
 * builds the INTERACTION_CREATE payload Discord would send, after the checks Discord's
 * client makes, and hands it to the lifecycle; wrong input throws with what was wrong.
 */
export class InteractionDriver {
  constructor(
    private readonly world: World,
    private readonly lifecycle: InteractionLifecycle,
  ) {}

  /** Runs a slash command as the member; resolves at the first callback or the deadline. */
  invoke(p: InvokeParams): Promise<InteractionOutcome> {
    const { guild, channel } = this.place(p.guildId, p.channelId, p.userId);
    const [name, ...path] = p.command.trim().split(/\s+/);
    const command = this.world.commands.find(guild.id, name ?? '');
    if (!command) {
      throw new Error(`invoke: /${name} is not registered globally or in guild ${guild.id} (registered: ${this.registeredNames(guild.id)})`);
    }
    this.checkCommandAccess(command, channel, p.userId);
    const { options, resolved } = buildOptions(this.world, command, path, p.options ?? {}, guild, channel, p.userId, undefined, p.foreignChannels);
    const data = {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      ...(options.length ? { options } : {}),
      ...(Object.keys(resolved).length ? { resolved } : {}),
      ...(command.guild_id ? { guild_id: command.guild_id } : {}),
    };
    return this.start(InteractionType.ApplicationCommand, guild, channel, p.userId, data, { commandName: [command.name, ...path].join(' ') });
  }

  /** Types into an autocomplete option; resolves with the bot's choices or at the deadline. */
  autocomplete(p: AutocompleteParams): Promise<InteractionOutcome> {
    const { guild, channel } = this.place(p.guildId, p.channelId, p.userId);
    const [name, ...path] = p.command.trim().split(/\s+/);
    const command = this.world.commands.find(guild.id, name ?? '');
    if (!command) throw new Error(`autocomplete: /${name} is not registered (registered: ${this.registeredNames(guild.id)})`);
    this.checkCommandAccess(command, channel, p.userId);
    const values = { ...p.options };
    if (!(p.focused in values)) values[p.focused] = '';
    const { options, focusedType } = buildOptions(this.world, command, path, values, guild, channel, p.userId, p.focused);
    const data = {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      options,
      ...(command.guild_id ? { guild_id: command.guild_id } : {}),
    };
    return this.start(InteractionType.ApplicationCommandAutocomplete, guild, channel, p.userId, data, { focusedType });
  }

  /** Clicks a button or picks in a select menu on a stored message. */
  component(p: { messageId: string; customId: string; userId: string; values?: string[] }, kind: 'button' | 'select'): Promise<InteractionOutcome> {
    const verb = kind === 'button' ? 'clickButton' : 'selectMenu';
    const message = this.world.messages.get(p.messageId);
    if (!message) throw new Error(`${verb}: no message ${p.messageId} (deleted, or never sent)`);
    const viewer = this.world.ephemeralViewer.get(message.id);
    if (message.ephemeral && viewer !== p.userId) {
      throw new Error(`${verb}: message ${message.id} is ephemeral and only user ${viewer} can see it, not ${p.userId}`);
    }
    const channel = this.world.channel(message.channel_id);
    if (!channel) throw new Error(`${verb}: the message's channel ${message.channel_id} no longer exists`);
    const { guild } = this.place(channel.guild_id, channel.id, p.userId);
    // An id that is not on the message is still sent, as a crafted client could: bots
    // must not trust custom ids, and tests need to show that they do not.
    const component = flattenComponents(message.components).find((c) => c.custom_id === p.customId);
    if (component?.disabled === true) throw new Error(`${verb}: component "${p.customId}" is disabled`);
    let data: Json;
    if (kind === 'button') {
      if (component && component.type !== ComponentType.Button) throw new Error(`clickButton: "${p.customId}" is not a button (type ${String(component.type)})`);
      data = { custom_id: p.customId, component_type: ComponentType.Button };
    } else {
      const values = p.values ?? [];
      const type = (component?.type as number | undefined) ?? ComponentType.StringSelect;
      if (type === ComponentType.Button || type === ComponentType.ActionRow) throw new Error(`selectMenu: "${p.customId}" is not a select menu`);
      if (component) {
        const min = (component.min_values as number | undefined) ?? 1;
        const max = (component.max_values as number | undefined) ?? 1;
        if (values.length < min || values.length > max) {
          throw new Error(`selectMenu: "${p.customId}" takes ${min} to ${max} values, got ${values.length}`);
        }
        if (type === ComponentType.StringSelect) {
          const known = ((component.options as Json[] | undefined) ?? []).map((o) => o.value);
          for (const v of values) if (!known.includes(v)) throw new Error(`selectMenu: "${v}" is not an option of "${p.customId}" (options: ${JSON.stringify(known)})`);
        }
      }
      data = { custom_id: p.customId, component_type: type, values };
      const resolved = resolveSelectValues(this.world, type, values, guild, channel, p.userId);
      if (resolved) data.resolved = resolved;
    }
    return this.start(InteractionType.MessageComponent, guild, channel, p.userId, data, { message });
  }

  private place(guildId: string, channelId: string, userId: string): { guild: GuildRecord; channel: ChannelRecord } {
    const guild = this.world.guild(guildId);
    if (!guild) throw new Error(`no guild ${guildId} with the bot in it`);
    const channel = this.world.channel(channelId);
    if (!channel || channel.guild_id !== guildId) throw new Error(`no channel ${channelId} in guild ${guildId}`);
    if (!isTextLike(channel.type)) throw new Error(`channel ${channelId} is not a text channel`);
    if (!guild.members.has(userId)) throw new Error(`user ${userId} is not a member of guild ${guildId}; add them with addMember`);
    if (!(this.world.permissionsIn(channelId, userId) & PermissionFlagsBits.ViewChannel)) {
      throw new Error(`user ${userId} cannot see channel ${channelId}`);
    }
    return { guild, channel };
  }

  /**
   * What Discord's client enforces before a member can run a command. Not
   * default_member_permissions: server admins can open a command to anyone through
   * integration settings, so the bot must check for itself, and tests need to see it do so.
   */
  private checkCommandAccess(command: APIApplicationCommand, channel: ChannelRecord, userId: string): void {
    const contexts = (command as { contexts?: number[] | null }).contexts;
    if (Array.isArray(contexts) && !contexts.includes(0)) throw new Error(`/${command.name} is not available in servers (contexts ${JSON.stringify(contexts)})`);
    if (!(this.world.permissionsIn(channel.id, userId) & PermissionFlagsBits.UseApplicationCommands)) {
      throw new Error(`user ${userId} may not use application commands in ${channel.id}`);
    }
  }

  /** Builds the INTERACTION_CREATE payload Discord would send and starts the interaction's lifecycle. */
  private start(
    type: InteractionType,
    guild: GuildRecord,
    channel: ChannelRecord,
    userId: string,
    data: Json,
    extra: { commandName?: string; focusedType?: number; message?: StoredMessage },
  ): Promise<InteractionOutcome> {
    const id = this.world.ids.next();
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
    const channelPerms = this.world.permissionsIn(channel.id, userId);
    const payload = {
      app_permissions: this.world.permissionsIn(channel.id, this.world.applicationId).toString(),
      application_id: this.world.applicationId,
      attachment_size_limit: DISCORD_LIMITS.attachmentBytes,
      authorizing_integration_owners: { '0': guild.id },
      channel: { ...(channelPayload(channel) as unknown as Json), permissions: channelPerms.toString() },
      channel_id: channel.id,
      context: 0,
      data,
      entitlements: [],
      guild: { id: guild.id, locale: 'en-US', features: [] },
      guild_id: guild.id,
      guild_locale: 'en-US',
      id,
      locale: 'en-US',
      member: interactionMember(this.world, guild, userId, channel.id),
      ...(extra.message ? { message: toApiMessage(extra.message) } : {}),
      token,
      type,
      version: 1,
    } as unknown as APIInteraction;
    return this.lifecycle.start({
      id,
      token,
      type,
      payload,
      guildId: guild.id,
      channelId: channel.id,
      userId,
      ...(extra.focusedType !== undefined ? { focusedType: extra.focusedType } : {}),
      ...(extra.commandName !== undefined ? { commandName: extra.commandName } : {}),
      ...(extra.message ? { sourceMessageId: extra.message.id } : {}),
    });
  }

  private registeredNames(guildId: string): string {
    const names = this.world.commands.names(guildId);
    return names.length ? names.join(', ') : 'none';
  }
}
