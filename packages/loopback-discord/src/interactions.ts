import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
  type APIApplicationCommandOptionChoice,
  type APIInteraction,
} from 'discord-api-types/v10';
import { Errors, invalidForm, type Answer } from './errors.ts';
import { FormErrors, isEmptyMessage, nestUnder, validateAutocompleteResult, validateMessagePayload } from './limits.ts';
import { flattenComponents, toApiMessage, type MessageStore } from './messages.ts';
import { isTextLike } from './permissions.ts';
import type { ChannelRecord, GuildRecord, StoredMessage, World } from './state.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Interaction tokens stay valid for follow-ups and edits this long. */
const TOKEN_LIFETIME_MS = 15 * 60 * 1000;
/** Discord's upload limit for a server without boosts. */
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

/** Option values a test passes to invoke(): coerced using the registered option types. */
export type OptionValues = Record<string, string | number | boolean>;

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

/** What happened to one interaction, seen from the member's side. Fields other than
 * `interaction` are live: reading them later shows the current state. */
export interface InteractionOutcome {
  /** Exactly what was dispatched to the bot. */
  readonly interaction: APIInteraction;
  /** 'responded' once a callback was accepted; 'timeout' when none was (deadline passed or the callback was rejected). */
  readonly status: 'responded' | 'timeout';
  readonly response?: { type: InteractionResponseType; data?: any };
  /** For type 4 (or 5 once edited): the @original message, current state. */
  readonly reply?: StoredMessage;
  /** For types 6 and 7: the component's message, current state. */
  readonly updated?: StoredMessage;
  /** For type 8: the suggested choices. */
  readonly choices?: APIApplicationCommandOptionChoice[];
  /** Follow-up messages, current state. */
  readonly followUps: StoredMessage[];
  /** Set when the first callback was refused, with what the bot got back. */
  readonly error?: { status: number; body: any };
}

interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  payload: APIInteraction;
  guildId: string;
  channelId: string;
  userId: string;
  createdAt: number;
  deadlineAt: number;
  /** The registered option type of the focused option (autocomplete). */
  focusedType?: number;
  /** Full command name with subcommands, for slash commands. */
  commandName?: string;
  /** The message a component was clicked on. */
  sourceMessageId?: string;
  response?: { type: InteractionResponseType; data?: any };
  /** The @original message: the reply for types 4/5, the component's message for 6/7. */
  originalMessageId?: string;
  followUpIds: string[];
  error?: { status: number; body: any };
  outcome: InteractionOutcome;
  settle: () => void;
  settled: boolean;
  timer?: NodeJS.Timeout;
}

/** What the interaction engine tells the rest of the loopback. */
export interface InteractionHooks {
  dispatch(event: string, data: unknown, intent?: number): void;
  changed(): void;
  responded(outcome: InteractionOutcome, response: { type: number; data?: unknown }): void;
}

/** Callback types Discord accepts for each interaction type. */
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  [InteractionType.ApplicationCommand]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
  ],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

const SUBCOMMANDS = new Set<number>([ApplicationCommandOptionType.Subcommand, ApplicationCommandOptionType.SubcommandGroup]);

/**
 * Interactions end to end: builds the INTERACTION_CREATE payloads Discord sends,
 * enforces the callback deadline and the one-acknowledgement rule, turns callbacks
 * and interaction webhooks into messages, and reports each outcome.
 */
export class Interactions {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();
  private closed = false;

  constructor(
    private readonly world: World,
    private readonly messages: MessageStore,
    private readonly hooks: InteractionHooks,
    private readonly deadlineMs: number,
  ) {}

  // ---- driving -----------------------------------------------------------

  /** Runs a slash command as the member; resolves at the first callback or the deadline. */
  invoke(p: InvokeParams): Promise<InteractionOutcome> {
    const { guild, channel } = this.place(p.guildId, p.channelId, p.userId);
    const [name, ...path] = p.command.trim().split(/\s+/);
    const command = this.world.findCommand(guild.id, name ?? '');
    if (!command) {
      throw new Error(`invoke: /${name} is not registered globally or in guild ${guild.id} (registered: ${this.registeredNames(guild.id)})`);
    }
    this.checkCommandAccess(command, channel, p.userId);
    const { options, resolved } = this.buildOptions(command, path, p.options ?? {}, guild, channel, p.userId, undefined, p.foreignChannels);
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
    const command = this.world.findCommand(guild.id, name ?? '');
    if (!command) throw new Error(`autocomplete: /${name} is not registered (registered: ${this.registeredNames(guild.id)})`);
    this.checkCommandAccess(command, channel, p.userId);
    const values = { ...p.options };
    if (!(p.focused in values)) values[p.focused] = '';
    const { options, focusedType } = this.buildOptions(command, path, values, guild, channel, p.userId, p.focused);
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
      const resolved = this.resolveSelectValues(type, values, guild, channel, p.userId);
      if (resolved) data.resolved = resolved;
    }
    return this.start(InteractionType.MessageComponent, guild, channel, p.userId, data, { message });
  }

  private registeredNames(guildId: string): string {
    const names = [...(this.world.commands.get(guildId)?.values() ?? []), ...(this.world.commands.get('global')?.values() ?? [])].map((c) => `/${c.name}`);
    return names.length ? names.join(', ') : 'none';
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

  /**
   * Turns test-friendly values into the typed option tree Discord sends, following
   * the registered definitions, with `resolved` entries for users, roles and channels.
   */
  private buildOptions(
    command: APIApplicationCommand,
    path: string[],
    values: OptionValues,
    guild: GuildRecord,
    channel: ChannelRecord,
    userId: string,
    focused?: string,
    foreignChannels = false,
  ): { options: Json[]; resolved: Json; focusedType?: number } {
    let defs = (command.options ?? []) as APIApplicationCommandOption[];
    const wrappers: Json[] = [];
    for (const part of path) {
      const sub = defs.find((d) => d.name === part && SUBCOMMANDS.has(d.type));
      if (!sub) throw new Error(`/${command.name} has no subcommand or group "${part}" (has: ${defs.filter((d) => SUBCOMMANDS.has(d.type)).map((d) => d.name).join(', ') || 'none'})`);
      wrappers.push({ type: sub.type, name: sub.name, options: [] });
      defs = ((sub as { options?: APIApplicationCommandOption[] }).options ?? []) as APIApplicationCommandOption[];
    }
    if (defs.some((d) => SUBCOMMANDS.has(d.type))) {
      throw new Error(`/${[command.name, ...path].join(' ')} needs a subcommand: ${defs.map((d) => d.name).join(', ')}`);
    }
    for (const key of Object.keys(values)) {
      if (!defs.some((d) => d.name === key)) throw new Error(`/${[command.name, ...path].join(' ')} has no option "${key}" (has: ${defs.map((d) => d.name).join(', ') || 'none'})`);
    }
    const resolved: Record<string, Json> = {};
    const add = (kind: string, id: string, value: unknown) => {
      (resolved[kind] ??= {})[id] = value;
    };
    const leaf: Json[] = [];
    let focusedType: number | undefined;
    for (const def of defs) {
      const raw = values[def.name];
      if (raw === undefined) {
        if ((def as { required?: boolean }).required && focused === undefined) throw new Error(`/${command.name}: option "${def.name}" is required`);
        continue;
      }
      if (focused === def.name) {
        if (!(def as { autocomplete?: boolean }).autocomplete) throw new Error(`/${command.name}: option "${def.name}" has no autocomplete`);
        focusedType = def.type;
        leaf.push({ type: def.type, name: def.name, value: String(raw), focused: true });
        continue;
      }
      leaf.push({ type: def.type, name: def.name, value: this.coerce(def, raw, guild, channel, userId, add, foreignChannels) });
    }
    let options: Json[] = leaf;
    for (let i = wrappers.length - 1; i >= 0; i--) {
      const w = wrappers[i]!;
      w.options = options;
      options = [w];
    }
    return { options, resolved, ...(focusedType !== undefined ? { focusedType } : {}) };
  }

  private coerce(
    def: APIApplicationCommandOption,
    raw: string | number | boolean,
    guild: GuildRecord,
    channel: ChannelRecord,
    userId: string,
    add: (kind: string, id: string, value: unknown) => void,
    foreignChannels = false,
  ): string | number | boolean {
    const where = `option "${def.name}"`;
    switch (def.type) {
      case ApplicationCommandOptionType.String:
        return String(raw);
      case ApplicationCommandOptionType.Integer: {
        const n = Number(raw);
        if (!Number.isSafeInteger(n)) throw new Error(`${where} is an integer; got ${JSON.stringify(raw)}`);
        return n;
      }
      case ApplicationCommandOptionType.Number: {
        const n = Number(raw);
        if (!Number.isFinite(n)) throw new Error(`${where} is a number; got ${JSON.stringify(raw)}`);
        return n;
      }
      case ApplicationCommandOptionType.Boolean:
        if (raw === true || raw === 'true') return true;
        if (raw === false || raw === 'false') return false;
        throw new Error(`${where} is a boolean; got ${JSON.stringify(raw)}`);
      case ApplicationCommandOptionType.User:
        return this.resolveUser(String(raw), guild, channel, add, where);
      case ApplicationCommandOptionType.Channel: {
        const id = String(raw);
        const target = this.world.channel(id) ?? [...this.world.channels.values()].find((c) => c.guild_id === guild.id && c.name === id.replace(/^#/, ''));
        if (!target || (target.guild_id !== guild.id && !foreignChannels)) throw new Error(`${where}: no channel ${id} in guild ${guild.id}`);
        add('channels', target.id, this.resolvedChannel(target, userId));
        return target.id;
      }
      case ApplicationCommandOptionType.Role: {
        const role = this.findRole(guild, String(raw));
        if (!role) throw new Error(`${where}: no role ${String(raw)} in guild ${guild.id}`);
        add('roles', role.id, structuredClone(role));
        return role.id;
      }
      case ApplicationCommandOptionType.Mentionable: {
        const role = this.findRole(guild, String(raw));
        if (role) {
          add('roles', role.id, structuredClone(role));
          return role.id;
        }
        return this.resolveUser(String(raw), guild, channel, add, where);
      }
      default:
        throw new Error(`${where}: option type ${def.type} cannot be driven by invoke()`);
    }
  }

  private findRole(guild: GuildRecord, idOrName: string) {
    return guild.roles.get(idOrName) ?? [...guild.roles.values()].find((r) => r.name === idOrName.replace(/^@/, ''));
  }

  private resolveUser(id: string, guild: GuildRecord, channel: ChannelRecord, add: (kind: string, id: string, value: unknown) => void, where: string): string {
    const user = this.world.user(id);
    if (!user) throw new Error(`${where}: no user ${id}`);
    add('users', id, structuredClone(user));
    const member = guild.members.get(id);
    if (member) {
      // Resolved members are partial: no user, deaf or mute.
      const { user: _u, deaf: _d, mute: _m, ...partial } = this.world.memberPayload(member) as unknown as Json;
      add('members', id, { ...partial, permissions: this.world.permissionsIn(channel.id, id).toString() });
    }
    return id;
  }

  private resolvedChannel(c: ChannelRecord, userId: string): Json {
    return {
      id: c.id,
      name: c.name,
      type: c.type,
      permissions: this.world.permissionsIn(c.id, userId).toString(),
      last_message_id: c.last_message_id,
      nsfw: c.nsfw,
      parent_id: c.parent_id,
      guild_id: c.guild_id,
      flags: c.flags,
      rate_limit_per_user: c.rate_limit_per_user,
      topic: c.topic,
      position: c.position,
      ...(c.thread_metadata ? { thread_metadata: structuredClone(c.thread_metadata) } : {}),
    };
  }

  private resolveSelectValues(type: number, values: string[], guild: GuildRecord, channel: ChannelRecord, userId: string): Json | undefined {
    if (type === ComponentType.StringSelect) return undefined;
    const resolved: Record<string, Json> = {};
    const add = (kind: string, id: string, value: unknown) => {
      (resolved[kind] ??= {})[id] = value;
    };
    for (const v of values) {
      if (type === ComponentType.UserSelect) this.resolveUser(v, guild, channel, add, 'select value');
      else if (type === ComponentType.RoleSelect) {
        const role = guild.roles.get(v);
        if (!role) throw new Error(`selectMenu: no role ${v}`);
        add('roles', v, structuredClone(role));
      } else if (type === ComponentType.ChannelSelect) {
        const c = this.world.channel(v);
        if (!c) throw new Error(`selectMenu: no channel ${v}`);
        add('channels', v, this.resolvedChannel(c, userId));
      } else if (guild.roles.has(v)) add('roles', v, structuredClone(guild.roles.get(v)));
      else this.resolveUser(v, guild, channel, add, 'select value');
    }
    return resolved;
  }

  /** Builds the payload, dispatches it, and returns the outcome promise. */
  private start(
    type: InteractionType,
    guild: GuildRecord,
    channel: ChannelRecord,
    userId: string,
    data: Json,
    extra: { commandName?: string; focusedType?: number; message?: StoredMessage },
  ): Promise<InteractionOutcome> {
    if (this.closed) return Promise.reject(new Error('the loopback Discord is closed'));
    this.prune();
    const id = this.world.ids.next();
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
    const channelPerms = this.world.permissionsIn(channel.id, userId);
    const payload = {
      app_permissions: this.world.permissionsIn(channel.id, this.world.applicationId).toString(),
      application_id: this.world.applicationId,
      attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
      authorizing_integration_owners: { '0': guild.id },
      channel: { ...(this.world.channelPayload(channel) as unknown as Json), permissions: channelPerms.toString() },
      channel_id: channel.id,
      context: 0,
      data,
      entitlements: [],
      guild: { id: guild.id, locale: 'en-US', features: [] },
      guild_id: guild.id,
      guild_locale: 'en-US',
      id,
      locale: 'en-US',
      member: this.world.interactionMember(guild, userId, channel.id),
      ...(extra.message ? { message: toApiMessage(extra.message) } : {}),
      token,
      type,
      version: 1,
    } as unknown as APIInteraction;
    const now = Date.now();
    let resolveOutcome!: (o: InteractionOutcome) => void;
    const promise = new Promise<InteractionOutcome>((r) => (resolveOutcome = r));
    const rec: InteractionRecord = {
      id,
      token,
      type,
      payload,
      guildId: guild.id,
      channelId: channel.id,
      userId,
      createdAt: now,
      deadlineAt: now + this.deadlineMs,
      ...(extra.focusedType !== undefined ? { focusedType: extra.focusedType } : {}),
      ...(extra.commandName !== undefined ? { commandName: extra.commandName } : {}),
      ...(extra.message ? { sourceMessageId: extra.message.id } : {}),
      followUpIds: [],
      outcome: undefined as unknown as InteractionOutcome,
      settled: false,
      settle: () => {
        if (rec.settled) return;
        rec.settled = true;
        if (rec.timer) clearTimeout(rec.timer);
        resolveOutcome(rec.outcome);
      },
    };
    rec.outcome = this.makeOutcome(rec);
    this.byId.set(id, rec);
    this.byToken.set(token, rec);
    rec.timer = setTimeout(() => {
      rec.settle();
      this.hooks.changed();
    }, this.deadlineMs);
    this.hooks.dispatch('INTERACTION_CREATE', payload);
    return promise;
  }

  private makeOutcome(rec: InteractionRecord): InteractionOutcome {
    const msg = (id: string | undefined) => (id ? this.world.messages.get(id) : undefined);
    const outcome = { interaction: rec.payload } as InteractionOutcome;
    const getters: Record<string, () => unknown> = {
      status: () => (rec.response ? 'responded' : 'timeout'),
      response: () => rec.response,
      reply: () => {
        const t = rec.response?.type;
        if (t === InteractionResponseType.ChannelMessageWithSource) return msg(rec.originalMessageId);
        if (t === InteractionResponseType.DeferredChannelMessageWithSource) {
          const m = msg(rec.originalMessageId);
          return m && !((m.flags ?? 0) & MessageFlags.Loading) ? m : undefined;
        }
        return undefined;
      },
      updated: () => {
        const t = rec.response?.type;
        return t === InteractionResponseType.UpdateMessage || t === InteractionResponseType.DeferredMessageUpdate ? msg(rec.sourceMessageId) : undefined;
      },
      choices: () => (rec.response?.type === InteractionResponseType.ApplicationCommandAutocompleteResult ? rec.response.data?.choices : undefined),
      followUps: () => rec.followUpIds.map((id) => this.world.messages.get(id)).filter((m): m is StoredMessage => m !== undefined),
      error: () => rec.error,
    };
    for (const [key, get] of Object.entries(getters)) Object.defineProperty(outcome, key, { get, enumerable: true });
    return outcome;
  }

  /** Forgets interactions whose tokens expired; records are in creation order. */
  private prune(): void {
    const cutoff = Date.now() - TOKEN_LIFETIME_MS;
    for (const [id, rec] of this.byId) {
      if (rec.createdAt >= cutoff) break;
      this.byId.delete(id);
      this.byToken.delete(rec.token);
    }
  }

  /** Resolves every pending outcome (as timed out) and stops the deadline timers. */
  close(): void {
    this.closed = true;
    for (const rec of this.byId.values()) rec.settle();
  }

  // ---- callbacks ---------------------------------------------------------

  private refuse(rec: InteractionRecord, answer: Answer): Answer {
    if (!rec.response && !rec.error) rec.error = { status: answer.status, body: answer.body };
    rec.settle();
    this.hooks.changed();
    return answer;
  }

  /** Callbacks still to refuse with 10062 Unknown interaction (see failCallbacks). */
  private callbacksToFail = 0;

  /** Refuses the next `count` first callbacks with 10062 Unknown interaction, as after a lost deadline. */
  failCallbacks(count: number): void {
    this.callbacksToFail = count;
  }

  /** POST /interactions/:id/:token/callback */
  callback(id: string, token: string, body: unknown, withResponse: boolean): Answer {
    const rec = this.byId.get(id);
    if (!rec || rec.token !== token) return Errors.unknownInteraction();
    if (rec.response) return Errors.alreadyAcknowledged();
    if (this.callbacksToFail > 0) {
      this.callbacksToFail--;
      return this.refuse(rec, Errors.unknownInteraction());
    }
    if (Date.now() > rec.deadlineAt) return this.refuse(rec, Errors.unknownInteraction());
    if (!isObject(body)) {
      const errors = new FormErrors();
      errors.add([], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return this.refuse(rec, invalidForm(errors));
    }
    const type = body.type as number;
    const allowed = ALLOWED_CALLBACKS[rec.type] ?? [];
    if (!allowed.includes(type)) {
      const errors = new FormErrors();
      errors.add(['type'], 'BASE_TYPE_CHOICES', `Value must be one of {${allowed.join(', ')}}.`);
      return this.refuse(rec, invalidForm(errors));
    }
    const data = isObject(body.data) ? body.data : undefined;
    const channel = this.world.channel(rec.channelId);
    if (!channel) return this.refuse(rec, Errors.unknownChannel());
    const canMentionEveryone = this.botCanMentionEveryone(channel);
    let message: StoredMessage | undefined;

    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource: {
        const errors = validateMessagePayload(data ?? {});
        if (!errors.empty) return this.refuse(rec, invalidForm(nestUnder('data', errors)));
        if (isEmptyMessage(data ?? {})) return this.refuse(rec, Errors.emptyMessage());
        message = this.createResponseMessage(rec, channel, data ?? {}, canMentionEveryone, false);
        rec.originalMessageId = message.id;
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const flags = typeof data?.flags === 'number' ? data.flags & MessageFlags.Ephemeral : 0;
        message = this.createResponseMessage(rec, channel, { content: '', flags }, canMentionEveryone, true);
        rec.originalMessageId = message.id;
        break;
      }
      case InteractionResponseType.DeferredMessageUpdate:
        rec.originalMessageId = rec.sourceMessageId;
        break;
      case InteractionResponseType.UpdateMessage: {
        const source = rec.sourceMessageId ? this.world.messages.get(rec.sourceMessageId) : undefined;
        if (!source) return this.refuse(rec, Errors.unknownMessage());
        const errors = validateMessagePayload(data ?? {});
        if (!errors.empty) return this.refuse(rec, invalidForm(nestUnder('data', errors)));
        if (isEmptyMessage(data ?? {}, source)) return this.refuse(rec, Errors.emptyMessage());
        message = this.messages.edit(source.id, data ?? {}, { canMentionEveryone, markEdited: true });
        rec.originalMessageId = source.id;
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult: {
        const errors = validateAutocompleteResult(data, rec.focusedType ?? ApplicationCommandOptionType.String);
        if (!errors.empty) return this.refuse(rec, invalidForm(errors));
        break;
      }
      case InteractionResponseType.Modal: {
        const errors = new FormErrors();
        const title = data?.title;
        const customId = data?.custom_id;
        if (typeof customId !== 'string' || customId.length < 1 || customId.length > 100) errors.add(['data', 'custom_id'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
        if (typeof title !== 'string' || title.length < 1 || title.length > 45) errors.add(['data', 'title'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 45 in length.');
        if (!Array.isArray(data?.components) || data.components.length < 1 || data.components.length > 5) {
          errors.add(['data', 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
        }
        if (!errors.empty) return this.refuse(rec, invalidForm(errors));
        break;
      }
    }
    rec.response = { type, ...(data !== undefined ? { data: structuredClone(data) } : {}) };
    rec.settle();
    this.hooks.responded(rec.outcome, rec.response);
    this.hooks.changed();
    if (!withResponse) return { status: 204 };
    const loading = type === InteractionResponseType.DeferredChannelMessageWithSource;
    return {
      status: 200,
      body: {
        interaction: {
          id: rec.id,
          type: rec.type,
          ...(message
            ? { response_message_id: message.id, response_message_loading: loading, response_message_ephemeral: message.ephemeral }
            : {}),
        },
        resource: {
          type,
          ...(message && (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.UpdateMessage)
            ? { message: toApiMessage(message) }
            : {}),
        },
      },
    };
  }

  private botCanMentionEveryone(channel: ChannelRecord): boolean {
    return (this.world.permissionsIn(channel.id, this.world.applicationId) & PermissionFlagsBits.MentionEveryone) !== 0n;
  }

  private createResponseMessage(rec: InteractionRecord, channel: ChannelRecord, body: Json, canMentionEveryone: boolean, loading: boolean, followUp = false): StoredMessage {
    const user = structuredClone(this.world.users.get(rec.userId)!);
    const commandName = rec.commandName;
    const ephemeral = typeof body.flags === 'number' && (body.flags & MessageFlags.Ephemeral) !== 0;
    const metadata: Json = {
      id: rec.id,
      type: rec.type,
      user,
      authorizing_integration_owners: { '0': rec.guildId },
      ...(commandName ? { name: commandName, command_type: ApplicationCommandType.ChatInput } : {}),
      ...(rec.sourceMessageId ? { interacted_message_id: rec.sourceMessageId } : {}),
      ...(followUp && rec.originalMessageId ? { original_response_message_id: rec.originalMessageId } : {}),
    };
    return this.messages.create({
      channel,
      body,
      type: rec.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default,
      extraFlags: (ephemeral ? MessageFlags.Ephemeral : 0) | (loading ? MessageFlags.Loading : 0),
      viewerId: rec.userId,
      canMentionEveryone,
      embedsAllowed: true,
      interaction: {
        metadata,
        ...(commandName ? { legacy: { id: rec.id, type: rec.type, name: commandName, user } } : {}),
      },
    });
  }

  // ---- interaction webhooks ---------------------------------------------

  /** The interaction behind /webhooks/:app/:token, or the error Discord gives. */
  private webhook(appId: string, token: string): InteractionRecord | Answer {
    if (appId !== this.world.applicationId) return Errors.unknownWebhook();
    const rec = this.byToken.get(token);
    if (!rec || Date.now() - rec.createdAt > TOKEN_LIFETIME_MS) return Errors.invalidWebhookToken();
    return rec;
  }

  /** The id a webhook message route names, if it belongs to this interaction. */
  private webhookMessage(rec: InteractionRecord, messageId: string): StoredMessage | undefined {
    const id = messageId === '@original' ? rec.originalMessageId : messageId;
    if (!id) return undefined;
    if (id !== rec.originalMessageId && !rec.followUpIds.includes(id)) return undefined;
    return this.world.messages.get(id);
  }

  /** POST /webhooks/:app/:token — a follow-up (or, right after a deferral, the reply). */
  followUp(appId: string, token: string, body: unknown): Answer {
    const rec = this.webhook(appId, token);
    if ('status' in rec) return rec;
    if (!rec.response || rec.type === InteractionType.ApplicationCommandAutocomplete) return Errors.unknownWebhook();
    if (!isObject(body)) return Errors.invalidJson();
    const errors = validateMessagePayload(body);
    if (!errors.empty) return invalidForm(errors);
    if (isEmptyMessage(body)) return Errors.emptyMessage();
    const channel = this.world.channel(rec.channelId);
    if (!channel) return Errors.unknownChannel();
    const canMentionEveryone = this.botCanMentionEveryone(channel);
    const original = rec.originalMessageId ? this.world.messages.get(rec.originalMessageId) : undefined;
    if (rec.response.type === InteractionResponseType.DeferredChannelMessageWithSource && original && (original.flags ?? 0) & MessageFlags.Loading) {
      // Documented backwards compatibility: the first follow-up after a deferral fills
      // in the loading message, keeping its ephemeral state.
      const { flags: _ignored, ...rest } = body;
      const filled = this.messages.edit(original.id, rest, { canMentionEveryone, markEdited: false });
      this.hooks.changed();
      return { status: 200, body: toApiMessage(filled) };
    }
    const message = this.createResponseMessage(rec, channel, body, canMentionEveryone, false, true);
    rec.followUpIds.push(message.id);
    this.hooks.changed();
    return { status: 200, body: toApiMessage(message) };
  }

  /** GET /webhooks/:app/:token/messages/:id */
  getWebhookMessage(appId: string, token: string, messageId: string): Answer {
    const rec = this.webhook(appId, token);
    if ('status' in rec) return rec;
    const message = this.webhookMessage(rec, messageId);
    return message ? { status: 200, body: toApiMessage(message) } : Errors.unknownMessage();
  }

  /** PATCH /webhooks/:app/:token/messages/:id */
  editWebhookMessage(appId: string, token: string, messageId: string, body: unknown): Answer {
    const rec = this.webhook(appId, token);
    if ('status' in rec) return rec;
    const message = this.webhookMessage(rec, messageId);
    if (!message) return Errors.unknownMessage();
    if (!isObject(body)) return Errors.invalidJson();
    const errors = validateMessagePayload(body);
    if (!errors.empty) return invalidForm(errors);
    if (isEmptyMessage(body, message)) return Errors.emptyMessage();
    const channel = this.world.channel(message.channel_id);
    if (!channel) return Errors.unknownChannel();
    const wasLoading = ((message.flags ?? 0) & MessageFlags.Loading) !== 0;
    const edited = this.messages.edit(message.id, body, { canMentionEveryone: this.botCanMentionEveryone(channel), markEdited: !wasLoading });
    return { status: 200, body: toApiMessage(edited) };
  }

  /** DELETE /webhooks/:app/:token/messages/:id */
  deleteWebhookMessage(appId: string, token: string, messageId: string): Answer {
    const rec = this.webhook(appId, token);
    if ('status' in rec) return rec;
    const message = this.webhookMessage(rec, messageId);
    if (!message) return Errors.unknownMessage();
    this.messages.delete(message.id);
    return { status: 204 };
  }
}
