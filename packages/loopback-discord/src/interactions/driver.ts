import { randomBytes } from 'node:crypto';
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIInteraction,
} from 'discord-api-types/v10';
import type { Json } from '../json.ts';
import { isTextLike } from '../permissions.ts';
import { flattenComponents, toApiMessage } from '../world/messages.ts';
import { channelPayload, interactionMember, privateChannelPayload } from '../world/payloads.ts';
import type { ChannelRecord, GuildRecord, PrivateChannelRecord, StoredMessage } from '../world/records.ts';
import type { World } from '../world/world.ts';
import { buildOptions, resolveSelectValues, type OptionValues } from './command-options.ts';
import type { InteractionLifecycle, InteractionOutcome } from './lifecycle.ts';

/**
 * A member running a slash command. `command` is "name", "name sub" or "name group sub".
 * In a server, `channelId` is one of its channels (`guildId` may be left out); in a DM
 * or group DM (openDm, addGroupDm), `channelId` is that channel and `guildId` is left out.
 */
export interface InvokeParams {
  guildId?: string;
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

/** Where an interaction happens: a server's channel, or a DM / group DM. */
type Place =
  | { context: InteractionContextType.Guild; guild: GuildRecord; channel: ChannelRecord }
  | {
      context: InteractionContextType.BotDM | InteractionContextType.PrivateChannel;
      guild: undefined;
      channel: PrivateChannelRecord;
    };

/** What an app without a bot member may do in its answers (Discord's changelog, June 2022). */
const RESPONSE_PERMISSIONS =
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.MentionEveryone |
  PermissionFlagsBits.UseExternalEmojis;
/** `app_permissions` in DMs and group DMs with other users, as documented. */
const PRIVATE_CHANNEL_APP_PERMISSIONS =
  PermissionFlagsBits.AttachFiles | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.MentionEveryone;
/** `app_permissions` in the bot's own DMs: the above and Use External Emojis. */
const BOT_DM_APP_PERMISSIONS = PRIVATE_CHANNEL_APP_PERMISSIONS | PermissionFlagsBits.UseExternalEmojis;

const PLACE_NAMES: Record<InteractionContextType, string> = {
  [InteractionContextType.Guild]: 'servers',
  [InteractionContextType.BotDM]: 'DMs with the bot',
  [InteractionContextType.PrivateChannel]: 'group DMs and DMs between users',
};

/**
 * What a member does in Discord's client, for a test to drive: runs a slash command,
 * types into an autocomplete option, clicks a button, picks in a select menu. Each
 * builds the INTERACTION_CREATE payload Discord would send, after the checks Discord's
 * client makes (where the command is offered: its contexts and installation types
 * against how the app is installed here), and hands it to the lifecycle; wrong input
 * throws with what was wrong.
 */
export class InteractionDriver {
  constructor(
    private readonly world: World,
    private readonly lifecycle: InteractionLifecycle,
  ) {}

  /** Runs a slash command as the member; resolves at the first callback or the deadline. */
  invoke(p: InvokeParams): Promise<InteractionOutcome> {
    const place = this.place(p, true);
    const [name, ...path] = p.command.trim().split(/\s+/);
    const command = this.findCommand(place, name ?? '');
    if (!command)
      throw new Error(
        `invoke: /${name} is not registered ${this.scopeName(place)} (registered: ${this.registeredNames(place)})`,
      );
    const owners = this.authorize(command, place, p.userId);
    const { options, resolved } = buildOptions(
      this.world,
      command,
      path,
      p.options ?? {},
      place.guild,
      place.channel,
      p.userId,
      undefined,
      p.foreignChannels,
    );
    const data = {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      ...(options.length ? { options } : {}),
      ...(Object.keys(resolved).length ? { resolved } : {}),
      ...(command.guild_id ? { guild_id: command.guild_id } : {}),
    };
    return this.start(InteractionType.ApplicationCommand, place, p.userId, owners, data, {
      commandName: [command.name, ...path].join(' '),
    });
  }

  /** Types into an autocomplete option; resolves with the bot's choices or at the deadline. */
  autocomplete(p: AutocompleteParams): Promise<InteractionOutcome> {
    const place = this.place(p, true);
    const [name, ...path] = p.command.trim().split(/\s+/);
    const command = this.findCommand(place, name ?? '');
    if (!command)
      throw new Error(
        `autocomplete: /${name} is not registered ${this.scopeName(place)} (registered: ${this.registeredNames(place)})`,
      );
    const owners = this.authorize(command, place, p.userId);
    const values = { ...p.options };
    if (!(p.focused in values)) values[p.focused] = '';
    const { options, focusedType } = buildOptions(
      this.world,
      command,
      path,
      values,
      place.guild,
      place.channel,
      p.userId,
      p.focused,
    );
    const data = {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      options,
      ...(command.guild_id ? { guild_id: command.guild_id } : {}),
    };
    return this.start(InteractionType.ApplicationCommandAutocomplete, place, p.userId, owners, data, { focusedType });
  }

  /** Clicks a button or picks in a select menu on a stored message. */
  component(
    p: { messageId: string; customId: string; userId: string; values?: string[] },
    kind: 'button' | 'select',
  ): Promise<InteractionOutcome> {
    const verb = kind === 'button' ? 'clickButton' : 'selectMenu';
    const message = this.world.messages.get(p.messageId);
    if (!message) throw new Error(`${verb}: no message ${p.messageId} (deleted, or never sent)`);
    const viewer = this.world.ephemeralViewer.get(message.id);
    if (message.ephemeral && viewer !== p.userId) {
      throw new Error(
        `${verb}: message ${message.id} is ephemeral and only user ${viewer} can see it, not ${p.userId}`,
      );
    }
    const channel = this.world.anyChannel(message.channel_id);
    if (!channel) throw new Error(`${verb}: the message's channel ${message.channel_id} no longer exists`);
    const place = this.place({ channelId: channel.id, userId: p.userId }, false);
    const owners = this.componentOwners(message, place);
    // An id that is not on the message is still sent, as a crafted client could: bots
    // must not trust custom ids, and tests need to show that they do not.
    const component = flattenComponents(message.components).find((c) => c.custom_id === p.customId);
    if (component?.disabled === true) throw new Error(`${verb}: component "${p.customId}" is disabled`);
    let data: Json;
    if (kind === 'button') {
      if (component && component.type !== ComponentType.Button)
        throw new Error(`clickButton: "${p.customId}" is not a button (type ${String(component.type)})`);
      data = { custom_id: p.customId, component_type: ComponentType.Button };
    } else {
      const values = p.values ?? [];
      const type = (component?.type as number | undefined) ?? ComponentType.StringSelect;
      if (type === ComponentType.Button || type === ComponentType.ActionRow)
        throw new Error(`selectMenu: "${p.customId}" is not a select menu`);
      if (component) {
        const min = (component.min_values as number | undefined) ?? 1;
        const max = (component.max_values as number | undefined) ?? 1;
        if (values.length < min || values.length > max) {
          throw new Error(`selectMenu: "${p.customId}" takes ${min} to ${max} values, got ${values.length}`);
        }
        if (type === ComponentType.StringSelect) {
          const known = ((component.options as Json[] | undefined) ?? []).map((o) => o.value);
          for (const v of values)
            if (!known.includes(v))
              throw new Error(
                `selectMenu: "${v}" is not an option of "${p.customId}" (options: ${JSON.stringify(known)})`,
              );
        }
      }
      data = { custom_id: p.customId, component_type: type, values };
      const resolved = resolveSelectValues(this.world, type, values, place.guild, place.channel, p.userId);
      if (resolved) data.resolved = resolved;
    }
    return this.start(InteractionType.MessageComponent, place, p.userId, owners, data, { message });
  }

  /**
   * Submits the modal the bot showed as its answer to `opened`, as the member who opened
   * it, with each text input's value by its custom id. Checks what Discord's client does:
   * the answer was a modal, required inputs are filled, lengths are within min_length and
   * max_length, and no input is made up.
   */
  modalSubmit(p: { opened: InteractionOutcome; values: Record<string, string> }): Promise<InteractionOutcome> {
    const { opened } = p;
    if (opened.response?.type !== InteractionResponseType.Modal)
      throw new Error('submitModal: the bot did not answer that interaction with a modal');
    const modal = opened.response.data as { custom_id: string; components: Json[] };
    const opening = opened.interaction as unknown as {
      channel_id: string;
      guild_id?: string;
      member?: { user: { id: string } };
      user?: { id: string };
      message?: { id: string };
    };
    const userId = opening.member?.user.id ?? opening.user!.id;
    const inputs = flattenComponents(modal.components).filter((c) => c.type === ComponentType.TextInput);
    for (const id of Object.keys(p.values)) {
      if (!inputs.some((c) => c.custom_id === id)) throw new Error(`submitModal: the modal has no text input "${id}"`);
    }
    const rows: Json[] = [];
    for (const input of inputs) {
      const value = p.values[input.custom_id as string] ?? '';
      const min = (input.min_length as number | undefined) ?? 0;
      const max = (input.max_length as number | undefined) ?? 4000;
      if (input.required !== false && value.length === 0)
        throw new Error(`submitModal: "${String(input.custom_id)}" is required`);
      if (value.length > 0 && (value.length < min || value.length > max))
        throw new Error(
          `submitModal: "${String(input.custom_id)}" takes ${min} to ${max} characters, got ${value.length}`,
        );
      rows.push({
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.TextInput, custom_id: input.custom_id, value }],
      });
    }
    const place = this.place(
      { ...(opening.guild_id ? { guildId: opening.guild_id } : {}), channelId: opening.channel_id, userId },
      false,
    );
    const owners = (opened.interaction as unknown as { authorizing_integration_owners: Record<string, string> })
      .authorizing_integration_owners;
    const message = opening.message ? this.world.messages.get(opening.message.id) : undefined;
    return this.start(
      InteractionType.ModalSubmit,
      place,
      userId,
      owners,
      { custom_id: modal.custom_id, components: rows },
      message ? { message } : {},
    );
  }

  /**
   * Where the member acts, after the checks Discord's client makes: they are in the DM or
   * group DM, or a member of the server who can see the text channel. `needsApp`: the app
   * must be reachable there (installed to the server, or to the member) for them to start
   * using it; a component on a message is reachable through whoever's install sent it.
   */
  private place(p: { guildId?: string; channelId: string; userId: string }, needsApp: boolean): Place {
    const privateChannel = this.world.privateChannels.get(p.channelId);
    if (privateChannel) {
      const what = privateChannel.type === ChannelType.GroupDM ? 'group DM' : 'DM';
      if (p.guildId !== undefined)
        throw new Error(`channel ${p.channelId} is a ${what}, not a channel of guild ${p.guildId}; leave guildId out`);
      if (!privateChannel.recipientIds.includes(p.userId))
        throw new Error(`user ${p.userId} is not in ${what} ${p.channelId}`);
      const context = privateChannel.botDm ? InteractionContextType.BotDM : InteractionContextType.PrivateChannel;
      return { context, guild: undefined, channel: privateChannel };
    }
    const guildId = p.guildId ?? this.world.channels.get(p.channelId)?.guild_id ?? '(none)';
    const guild = this.world.guilds.get(guildId);
    if (!guild || (needsApp && !guild.botPresent && !this.world.userInstalls.has(p.userId))) {
      const installed = guild ? `, and user ${p.userId} has not installed the app (installForUser)` : '';
      throw new Error(`no guild ${guildId} with the bot in it${installed}`);
    }
    const channel = this.world.channels.get(p.channelId);
    if (!channel || channel.guild_id !== guild.id) throw new Error(`no channel ${p.channelId} in guild ${guild.id}`);
    if (!isTextLike(channel.type)) throw new Error(`channel ${p.channelId} is not a text channel`);
    if (!guild.members.has(p.userId))
      throw new Error(`user ${p.userId} is not a member of guild ${guild.id}; add them with addMember`);
    if (!(this.world.permissionsIn(p.channelId, p.userId) & PermissionFlagsBits.ViewChannel)) {
      throw new Error(`user ${p.userId} cannot see channel ${p.channelId}`);
    }
    return { context: InteractionContextType.Guild, guild, channel };
  }

  /** A command by name: the guild's own (only where the app is installed to it), else a global one. */
  private findCommand(place: Place, name: string): APIApplicationCommand | undefined {
    if (place.guild?.botPresent) return this.world.commands.find(place.guild.id, name);
    return this.world.commands.find(undefined, name);
  }

  /**
   * What Discord's client enforces before a member can run a command, and the
   * `authorizing_integration_owners` it then sends: the command must be offered in this
   * context (`contexts`; a guild command only in its guild), and through an installation
   * it supports (`integration_types`) that exists here: the app installed to the server
   * (or, in the bot's DM, to any server), or to the member's account. Not
   * default_member_permissions: server admins can open a command to anyone through
   * integration settings, so the bot must check for itself, and tests need to see it do so.
   */
  private authorize(command: APIApplicationCommand, place: Place, userId: string): Record<string, string> {
    const guildCommand = command.guild_id !== undefined;
    const contexts = guildCommand ? [InteractionContextType.Guild] : effectiveContexts(command);
    if (!contexts.includes(place.context)) {
      throw new Error(
        `/${command.name} is not available in ${PLACE_NAMES[place.context]} (contexts ${JSON.stringify(contexts)})`,
      );
    }
    // Guild commands belong to the server's install; integration_types is for global ones.
    const types = guildCommand
      ? [ApplicationIntegrationType.GuildInstall]
      : (command.integration_types ?? [ApplicationIntegrationType.GuildInstall]);
    const owners: Record<string, string> = {};
    if (types.includes(ApplicationIntegrationType.GuildInstall)) {
      const guildInstall = this.guildInstallOwner(place);
      if (guildInstall !== undefined) owners[ApplicationIntegrationType.GuildInstall] = guildInstall;
    }
    if (types.includes(ApplicationIntegrationType.UserInstall) && this.world.userInstalls.has(userId))
      owners[ApplicationIntegrationType.UserInstall] = userId;
    if (Object.keys(owners).length === 0) {
      const installs = [
        place.guild?.botPresent ? `to guild ${place.guild.id}` : undefined,
        this.world.userInstalls.has(userId) ? `to user ${userId}` : undefined,
      ].filter((s) => s !== undefined);
      throw new Error(
        `/${command.name} is not offered to user ${userId} in ${PLACE_NAMES[place.context]}: it supports integration_types ${JSON.stringify(types)} ` +
          `and the app is installed ${installs.length ? installs.join(' and ') : 'neither to this server nor to the user'} here`,
      );
    }
    if (
      place.context === InteractionContextType.Guild &&
      !(this.world.permissionsIn(place.channel.id, userId) & PermissionFlagsBits.UseApplicationCommands)
    ) {
      throw new Error(`user ${userId} may not use application commands in ${place.channel.id}`);
    }
    return owners;
  }

  /**
   * The GUILD_INSTALL owner Discord names here, if the server install reaches this place:
   * the guild's id in a server the bot is in, "0" in the bot's DM (when the app is in any
   * server), none in group DMs and DMs between users.
   */
  private guildInstallOwner(place: Place): string | undefined {
    if (place.context === InteractionContextType.Guild) return place.guild.botPresent ? place.guild.id : undefined;
    if (place.context === InteractionContextType.BotDM && [...this.world.guilds.values()].some((g) => g.botPresent))
      return '0';
    return undefined;
  }

  /**
   * A component's interaction is authorized by whoever's install sent the message (the
   * interaction that made it), not by the member clicking; a message the bot posted itself
   * is the server install's. Installs that no longer reach the place drop out.
   */
  private componentOwners(message: StoredMessage, place: Place): Record<string, string> {
    const fromMessage = (
      message.interaction_metadata as { authorizing_integration_owners?: Record<string, string> } | undefined
    )?.authorizing_integration_owners;
    const owners: Record<string, string> = {};
    const guildInstall = this.guildInstallOwner(place);
    if (guildInstall !== undefined && (!fromMessage || ApplicationIntegrationType.GuildInstall in fromMessage))
      owners[ApplicationIntegrationType.GuildInstall] = guildInstall;
    const installer = fromMessage?.[ApplicationIntegrationType.UserInstall];
    if (installer !== undefined && this.world.userInstalls.has(installer))
      owners[ApplicationIntegrationType.UserInstall] = installer;
    if (Object.keys(owners).length === 0) {
      throw new Error(
        place.guild
          ? `no guild ${place.guild.id} with the bot in it`
          : `the app that sent message ${message.id} is no longer installed here`,
      );
    }
    return owners;
  }

  /** `app_permissions`: the bot's where it is a member, else what Discord grants an app's answers. */
  private appPermissions(place: Place): bigint {
    if (!place.guild)
      return place.context === InteractionContextType.BotDM ? BOT_DM_APP_PERMISSIONS : PRIVATE_CHANNEL_APP_PERMISSIONS;
    if (place.guild.botPresent) return this.world.permissionsIn(place.channel.id, this.world.applicationId);
    return (
      (this.world.everyonePermissionsIn(place.channel.id) & RESPONSE_PERMISSIONS) |
      PermissionFlagsBits.AttachFiles |
      PermissionFlagsBits.EmbedLinks
    );
  }

  /** Builds the INTERACTION_CREATE payload Discord would send and starts the interaction's lifecycle. */
  private start(
    type: InteractionType,
    place: Place,
    userId: string,
    owners: Record<string, string>,
    data: Json,
    extra: { commandName?: string; focusedType?: number; message?: StoredMessage },
  ): Promise<InteractionOutcome> {
    const id = this.world.ids.next();
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
    const appPermissions = this.appPermissions(place);
    const { guild, channel } = place;
    // In a server: guild and member. Elsewhere: the user, and no guild at all.
    const where = guild
      ? {
          channel: {
            ...(channelPayload(channel) as unknown as Json),
            permissions: this.world.permissionsIn(channel.id, userId).toString(),
          },
          guild: { id: guild.id, locale: 'en-US', features: [] },
          guild_id: guild.id,
          guild_locale: 'en-US',
          member: interactionMember(this.world, guild, userId, channel.id),
        }
      : { channel: privateChannelPayload(this.world, channel), user: structuredClone(this.world.users.get(userId)!) };
    const payload = {
      app_permissions: appPermissions.toString(),
      application_id: this.world.applicationId,
      attachment_size_limit: DISCORD_LIMITS.attachmentBytes,
      authorizing_integration_owners: owners,
      channel_id: channel.id,
      context: place.context,
      data,
      entitlements: [],
      id,
      locale: 'en-US',
      ...where,
      ...(extra.message ? { message: toApiMessage(extra.message) } : {}),
      token,
      type,
      version: 1,
    } as unknown as APIInteraction;
    // Use External Apps only matters where the server did not install the app itself.
    const forceEphemeral =
      guild !== undefined &&
      !guild.botPresent &&
      !(this.world.permissionsIn(channel.id, userId) & PermissionFlagsBits.UseExternalApps);
    return this.lifecycle.start({
      id,
      token,
      type,
      payload,
      ...(guild ? { guildId: guild.id } : {}),
      channelId: channel.id,
      userId,
      owners,
      appPermissions,
      forceEphemeral,
      ...(extra.focusedType !== undefined ? { focusedType: extra.focusedType } : {}),
      ...(extra.commandName !== undefined ? { commandName: extra.commandName } : {}),
      ...(extra.message ? { sourceMessageId: extra.message.id } : {}),
    });
  }

  private scopeName(place: Place): string {
    return place.guild?.botPresent ? `globally or in guild ${place.guild.id}` : 'globally';
  }

  private registeredNames(place: Place): string {
    const names = this.world.commands.names(place.guild?.botPresent ? place.guild.id : undefined);
    return names.length ? names.join(', ') : 'none';
  }
}

/**
 * Where a global command is offered: its `contexts`, or by default everywhere (Discord's
 * default, all three) except the bot's DMs when the deprecated `dm_permission` is false.
 */
function effectiveContexts(command: APIApplicationCommand): InteractionContextType[] {
  if (Array.isArray(command.contexts)) return command.contexts;
  const all = [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel];
  return command.dm_permission === false ? all.filter((c) => c !== InteractionContextType.BotDM) : all;
}
