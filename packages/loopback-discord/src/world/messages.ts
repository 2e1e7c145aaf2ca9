import { GatewayIntentBits, MessageFlags, MessageType, type APIMessage, type APIUser } from 'discord-api-types/v10';
import { isObject, type Json } from '../json.ts';
import { memberPayload } from './payloads.ts';
import { isPrivateChannel, type AnyChannelRecord, type StoredMessage } from './records.ts';
import type { World } from './world.ts';

/** Flags a bot may set when it creates or edits a message; Discord ignores the rest. */
const SETTABLE_FLAGS =
  MessageFlags.SuppressEmbeds |
  MessageFlags.SuppressNotifications |
  MessageFlags.IsComponentsV2 |
  MessageFlags.IsVoiceMessage;

/** The message as the API returns it: the loopback's own fields left out. */
export function toApiMessage(m: StoredMessage): APIMessage {
  const { ephemeral: _e, allowedMentions: _a, history: _h, ...api } = m;
  return structuredClone<APIMessage>(api);
}

/** The mentions Discord computes for a message. */
export interface Mentions {
  mentions: APIUser[];
  mention_roles: string[];
  mention_everyone: boolean;
}

/**
 * Computes who a message pings, as Discord does: mentions written in the content
 * count only when `allowed_mentions` lets them (its `parse` list or its explicit ids;
 * no `allowed_mentions` at all parses everything). @everyone/@here and roles that are
 * not mentionable also need the author's Mention Everyone permission.
 */
export function computeMentions(
  world: World,
  channel: AnyChannelRecord,
  content: string,
  allowed: unknown,
  canMentionEveryone: boolean,
  repliedUserId?: string,
): Mentions {
  const am = isObject(allowed) ? allowed : undefined;
  const parse = new Set<string>(
    am ? (Array.isArray(am.parse) ? (am.parse as string[]) : []) : ['users', 'roles', 'everyone'],
  );
  const allowedUsers = new Set<string>(am && Array.isArray(am.users) ? (am.users as string[]) : []);
  const allowedRoles = new Set<string>(am && Array.isArray(am.roles) ? (am.roles as string[]) : []);
  const repliedUser = am ? am.replied_user === true : true;
  const guild = isPrivateChannel(channel) ? undefined : world.guilds.get(channel.guild_id);

  const userIds: string[] = [];
  for (const match of content.matchAll(/<@!?(\d{17,20})>/g)) {
    const id = match[1]!;
    if (!userIds.includes(id) && (parse.has('users') || allowedUsers.has(id)) && world.users.has(id)) userIds.push(id);
  }
  if (repliedUserId && repliedUser && !userIds.includes(repliedUserId) && world.users.has(repliedUserId))
    userIds.push(repliedUserId);

  const roleIds: string[] = [];
  for (const match of content.matchAll(/<@&(\d{17,20})>/g)) {
    const id = match[1]!;
    const role = guild?.roles.get(id);
    if (!role || roleIds.includes(id)) continue;
    if ((parse.has('roles') || allowedRoles.has(id)) && (role.mentionable || canMentionEveryone)) roleIds.push(id);
  }

  const mentionEveryone = /@(everyone|here)\b/.test(content) && parse.has('everyone') && canMentionEveryone;
  return {
    mentions: userIds.map((id) => structuredClone(world.users.get(id)!)),
    mention_roles: roleIds,
    mention_everyone: mentionEveryone,
  };
}

/** Embeds as Discord stores them: typed "rich" unless said otherwise. */
function normalizeEmbeds(embeds: unknown): unknown[] {
  if (!Array.isArray(embeds)) return [];
  return embeds.filter(isObject).map((e) => ({ type: 'rich', ...stripNulls(structuredClone(e)) }));
}

function stripNulls(o: Json): Json {
  for (const [k, v] of Object.entries(o)) {
    if (v === null || v === undefined) delete o[k];
    else if (isObject(v)) stripNulls(v);
  }
  return o;
}

/**
 * Components as Discord returns them: each gets a numeric `id`, unique in the
 * message, numbered in order where the bot did not set one.
 */
export function normalizeComponents(components: unknown): unknown[] {
  if (!Array.isArray(components)) return [];
  const copy = structuredClone(components) as unknown[];
  const taken = new Set<number>();
  const all: Json[] = [];
  const walk = (list: unknown[]) => {
    for (const c of list) {
      if (!isObject(c)) continue;
      all.push(c);
      if (typeof c.id === 'number') taken.add(c.id);
      if (Array.isArray(c.components)) walk(c.components);
      if (isObject(c.accessory)) walk([c.accessory]);
    }
  };
  walk(copy);
  let next = 1;
  for (const c of all) {
    if (typeof c.id === 'number') continue;
    while (taken.has(next)) next++;
    c.id = next;
    taken.add(next);
  }
  return copy;
}

/** Every component of a message, nested ones included. */
export function flattenComponents(components: unknown): Json[] {
  const out: Json[] = [];
  const walk = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const c of list) {
      if (!isObject(c)) continue;
      out.push(c);
      walk(c.components);
      if (isObject(c.accessory)) walk([c.accessory]);
    }
  };
  walk(components);
  return out;
}

/** What a new message needs besides its payload. */
export interface NewMessage {
  channel: AnyChannelRecord;
  body: Json;
  type?: MessageType;
  /** Flags the loopback sets (ephemeral, loading) on top of the settable ones from the body. */
  extraFlags?: number;
  /** For ephemeral messages: the only member who sees it. */
  viewerId?: string;
  canMentionEveryone: boolean;
  /** False drops embeds, as Discord does without Embed Links. */
  embedsAllowed: boolean;
  /** Interaction responses: the fields that tie the message to its interaction. */
  interaction?: { metadata: Json; legacy?: Json };
  referenced?: StoredMessage;
}

/** Callbacks the message store uses to tell the rest of the loopback. */
export interface MessageHooks {
  dispatch(event: string, data: unknown, intent?: number, guildId?: string): void;
  changed(): void;
  message(message: StoredMessage, kind: 'create' | 'update' | 'delete'): void;
}

/**
 * Creates, edits and deletes messages: keeps the stored snapshots (a new object per
 * change, so a test's earlier reference stays what it saw), the per-channel order
 * and the gateway events.
 */
/** The files sent with a message (multipart), put on the CDN as its attachments. */
function uploadedFiles(world: World, body: Json): unknown[] {
  const uploads =
    (body as { _uploads?: Array<{ filename: string; contentType: string; data: Buffer }> })._uploads ?? [];
  return uploads.map((u) => world.addFile(u.filename, u.data, u.contentType));
}

export class MessageStore {
  constructor(
    private readonly world: World,
    private readonly hooks: MessageHooks,
  ) {}

  create(opts: NewMessage): StoredMessage {
    const { world, hooks } = this;
    const { channel, body } = opts;
    const id = world.ids.next();
    const content = typeof body.content === 'string' ? body.content : '';
    const flags = ((typeof body.flags === 'number' ? body.flags : 0) & SETTABLE_FLAGS) | (opts.extraFlags ?? 0);
    const ephemeral = (flags & MessageFlags.Ephemeral) !== 0;
    const mentions = computeMentions(
      world,
      channel,
      content,
      body.allowed_mentions,
      opts.canMentionEveryone,
      opts.referenced?.author.id,
    );
    const message = {
      id,
      channel_id: channel.id,
      author: structuredClone(world.botUser),
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: body.tts === true,
      ...mentions,
      attachments: uploadedFiles(world, body),
      embeds: opts.embedsAllowed ? normalizeEmbeds(body.embeds) : [],
      pinned: false,
      type: opts.type ?? (opts.referenced ? MessageType.Reply : MessageType.Default),
      flags,
      components: normalizeComponents(body.components),
      ...(body.nonce !== undefined && body.nonce !== null ? { nonce: body.nonce } : {}),
      ...(opts.interaction
        ? {
            webhook_id: world.applicationId,
            application_id: world.applicationId,
            interaction_metadata: opts.interaction.metadata,
            ...(opts.interaction.legacy ? { interaction: opts.interaction.legacy } : {}),
          }
        : {}),
      ...(opts.referenced
        ? {
            message_reference: {
              type: 0,
              message_id: opts.referenced.id,
              channel_id: opts.referenced.channel_id,
              ...(isPrivateChannel(channel) ? {} : { guild_id: channel.guild_id }),
            },
            referenced_message: toApiMessage(opts.referenced),
          }
        : {}),
      ephemeral,
      allowedMentions: structuredClone(body.allowed_mentions),
      history: [structuredClone(body)],
    } as unknown as StoredMessage;
    world.messages.set(id, message);
    if (ephemeral) {
      if (opts.viewerId) world.ephemeralViewer.set(id, opts.viewerId);
    } else {
      let list = world.channelMessages.get(channel.id);
      if (!list) world.channelMessages.set(channel.id, (list = []));
      list.push(id);
      channel.last_message_id = id;
      if (channel.message_count !== undefined) {
        channel.message_count++;
        channel.total_message_sent = (channel.total_message_sent ?? 0) + 1;
      }
      this.dispatch(channel, 'MESSAGE_CREATE', this.gatewayPayload(message));
    }
    hooks.message(message, 'create');
    hooks.changed();
    return message;
  }

  /**
   * Applies an edit: fields present in the body replace the stored ones (null
   * clears), mentions are recomputed, and the payload joins the history.
   */
  edit(
    id: string,
    body: Json,
    opts: { canMentionEveryone: boolean; embedsAllowed?: boolean; markEdited: boolean },
  ): StoredMessage {
    const old = this.world.messages.get(id);
    if (!old) throw new Error(`edit: no message ${id}`);
    const channel = this.world.anyChannel(old.channel_id);
    const next = { ...old } as StoredMessage;
    if ('content' in body) next.content = typeof body.content === 'string' ? body.content : '';
    if ('embeds' in body)
      next.embeds = (opts.embedsAllowed !== false ? normalizeEmbeds(body.embeds) : []) as StoredMessage['embeds'];
    if ('components' in body) next.components = normalizeComponents(body.components) as StoredMessage['components'];
    if (typeof body.flags === 'number') {
      const keep = (old.flags ?? 0) & ~(MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2);
      next.flags = keep | (body.flags & (MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2));
    }
    next.flags = (next.flags ?? 0) & ~MessageFlags.Loading;
    if ('allowed_mentions' in body) next.allowedMentions = structuredClone(body.allowed_mentions);
    if (channel) {
      const referencedAuthor = old.referenced_message?.author.id;
      Object.assign(
        next,
        computeMentions(
          this.world,
          channel,
          next.content,
          next.allowedMentions,
          opts.canMentionEveryone,
          referencedAuthor,
        ),
      );
    }
    if (opts.markEdited) next.edited_timestamp = new Date().toISOString();
    next.history = [...old.history, structuredClone(body)];
    this.replace(next, true);
    return next;
  }

  /** Stores a changed snapshot and tells the gateway (for visible messages) and listeners. */
  replace(next: StoredMessage, dispatch: boolean): void {
    this.world.messages.set(next.id, next);
    const channel = this.world.anyChannel(next.channel_id);
    if (dispatch && !next.ephemeral && channel) this.dispatch(channel, 'MESSAGE_UPDATE', this.gatewayPayload(next));
    this.hooks.message(next, 'update');
    this.hooks.changed();
  }

  /**
   * Pins a visible message: marks it pinned, lists it first among the channel's pins, posts
   * Discord's "pinned a message" notice, and tells the gateway. Limits are the route's.
   */
  pin(id: string): void {
    const m = this.world.messages.get(id);
    const channel = m && this.world.anyChannel(m.channel_id);
    if (!m || !channel || m.pinned) return;
    const pins = this.world.channelPins.get(m.channel_id) ?? [];
    const pinnedAt = new Date().toISOString();
    this.world.channelPins.set(m.channel_id, [{ messageId: id, pinnedAt }, ...pins]);
    this.replace({ ...m, pinned: true }, true);
    const notice = this.create({
      channel,
      body: { content: '' },
      type: MessageType.ChannelPinnedMessage,
      canMentionEveryone: false,
      embedsAllowed: false,
    });
    const guildId = isPrivateChannel(channel) ? {} : { guild_id: channel.guild_id };
    this.replace(
      { ...notice, message_reference: { type: 0, message_id: id, channel_id: m.channel_id, ...guildId } },
      false,
    );
    this.pinsUpdate(channel);
  }

  /** Unpins a message; one not pinned is left as it is. */
  unpin(id: string): void {
    const m = this.world.messages.get(id);
    const channel = m && this.world.anyChannel(m.channel_id);
    if (!m || !channel || !m.pinned) return;
    this.removePin(m);
    this.replace({ ...m, pinned: false }, true);
    this.pinsUpdate(channel);
  }

  private removePin(m: StoredMessage): void {
    const pins = this.world.channelPins.get(m.channel_id);
    if (pins)
      this.world.channelPins.set(
        m.channel_id,
        pins.filter((p) => p.messageId !== m.id),
      );
  }

  /** CHANNEL_PINS_UPDATE, with the time of the newest pin left (Guilds intent; Direct Messages in the bot's DM). */
  private pinsUpdate(channel: AnyChannelRecord): void {
    const last = this.world.channelPins.get(channel.id)?.[0]?.pinnedAt ?? null;
    if (isPrivateChannel(channel)) {
      if (channel.botDm)
        this.hooks.dispatch(
          'CHANNEL_PINS_UPDATE',
          { channel_id: channel.id, last_pin_timestamp: last },
          GatewayIntentBits.DirectMessages,
        );
      return;
    }
    if (!this.world.guilds.get(channel.guild_id)?.botPresent) return;
    const data = { guild_id: channel.guild_id, channel_id: channel.id, last_pin_timestamp: last };
    this.hooks.dispatch('CHANNEL_PINS_UPDATE', data, GatewayIntentBits.Guilds, channel.guild_id);
  }

  delete(id: string): void {
    const m = this.world.messages.get(id);
    if (!m) return;
    if (m.pinned) this.removePin(m);
    this.world.messages.delete(id);
    this.world.ephemeralViewer.delete(id);
    const list = this.world.channelMessages.get(m.channel_id);
    if (list) {
      const i = list.indexOf(id);
      if (i >= 0) list.splice(i, 1);
    }
    const channel = this.world.anyChannel(m.channel_id);
    if (!m.ephemeral && channel) {
      const guildId = isPrivateChannel(channel) ? {} : { guild_id: channel.guild_id };
      this.dispatch(channel, 'MESSAGE_DELETE', { id, channel_id: m.channel_id, ...guildId });
    }
    this.hooks.message(m, 'delete');
    this.hooks.changed();
  }

  /**
   * A message event, to whoever sees it: in a guild, the shard owning it (Guild Messages
   * intent) if the bot is in it; in the bot's own DM, shard 0 (Direct Messages intent).
   * Group DMs and DMs between users never reach the bot over the gateway.
   */
  private dispatch(channel: AnyChannelRecord, event: string, data: Json): void {
    if (isPrivateChannel(channel)) {
      if (channel.botDm) this.hooks.dispatch(event, data, GatewayIntentBits.DirectMessages);
      return;
    }
    if (this.world.guilds.get(channel.guild_id)?.botPresent)
      this.hooks.dispatch(event, data, GatewayIntentBits.GuildMessages, channel.guild_id);
  }

  /** MESSAGE_CREATE/UPDATE carry the guild id and the author's member object. */
  gatewayPayload(m: StoredMessage): Json {
    const channel = this.world.channels.get(m.channel_id);
    const guild = channel ? this.world.guilds.get(channel.guild_id) : undefined;
    const member = guild?.members.get(m.author.id);
    const { user: _u, ...memberNoUser } = member ? memberPayload(this.world, member) : { user: undefined };
    return {
      ...toApiMessage(m),
      ...(guild ? { guild_id: guild.id } : {}),
      ...(member ? { member: memberNoUser } : {}),
    };
  }
}
