import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { ChannelType, MessageFlags, MessageType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import { Errors, invalidForm, type Answer } from '../api-errors.ts';
import { isObject, type Json } from '../json.ts';
import { isTextLike, isThread } from '../permissions.ts';
import { FormErrors } from '../validation/form-errors.ts';
import { isEmptyMessage, validateMessagePayload, validateThreadName } from '../validation/message-payload.ts';
import { toApiMessage } from '../world/messages.ts';
import { anyChannelPayload } from '../world/payloads.ts';
import { isPrivateChannel, type AnyChannelRecord, type StoredMessage } from '../world/records.ts';
import { route, type RestContext, type RouteDefinition } from './routes.ts';

/** How long a nonce sent with enforce_nonce deduplicates, unless the loopback is told otherwise. */
export const NONCE_WINDOW_MS = 5 * 60 * 1000;
const AUTO_ARCHIVE = [60, 1440, 4320, 10080];

/** What the bot may do in its own DM with a user. */
const BOT_DM_PERMISSIONS =
  P.ViewChannel |
  P.SendMessages |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.MentionEveryone |
  P.AddReactions |
  P.UseExternalEmojis;

/**
 * Channels and their messages: reading a channel; sending (with replies and nonce
 * deduplication), listing, reading, editing and deleting messages; starting a thread
 * from a message; pinning, unpinning and listing pins (Pin Messages, at most 50). The bot's permissions in the channel decide each, as on Discord. The
 * bot's own DMs work too; channels of servers it is not in, group DMs and DMs between
 * users answer 403 Missing Access.
 */
export function channelRoutes(ctx: RestContext): RouteDefinition[] {
  return new ChannelRoutes(ctx).routes();
}

class ChannelRoutes {
  private readonly nonces = new Map<string, { messageId: string; at: number }>();

  constructor(private readonly ctx: RestContext) {}

  routes(): RouteDefinition[] {
    return [
      route('GET', '/channels/:channel_id', (r) => {
        const found = this.visibleChannel(r.params.channel_id!);
        if ('status' in found) return found;
        return { status: 200, body: anyChannelPayload(this.ctx.world, found) };
      }),
      // Before /messages/:message_id, which "pins" would match too.
      route('GET', '/channels/:channel_id/messages/pins', (r) => this.listPins(r.params.channel_id!, r.query)),
      route('PUT', '/channels/:channel_id/messages/pins/:message_id', (r) =>
        this.pin(r.params.channel_id!, r.params.message_id!),
      ),
      route('DELETE', '/channels/:channel_id/messages/pins/:message_id', (r) =>
        this.unpin(r.params.channel_id!, r.params.message_id!),
      ),
      // The deprecated paths of the same, still served by Discord.
      route('GET', '/channels/:channel_id/pins', (r) => {
        const answer = this.listPins(r.params.channel_id!, new URLSearchParams());
        const body = answer.body as { items?: Array<{ message: unknown }> } | undefined;
        return answer.status === 200 ? { status: 200, body: body!.items!.map((item) => item.message) } : answer;
      }),
      route('PUT', '/channels/:channel_id/pins/:message_id', (r) =>
        this.pin(r.params.channel_id!, r.params.message_id!),
      ),
      route('DELETE', '/channels/:channel_id/pins/:message_id', (r) =>
        this.unpin(r.params.channel_id!, r.params.message_id!),
      ),
      route('POST', '/channels/:channel_id/messages', (r) => this.createMessage(r.params.channel_id!, r.body)),
      route('GET', '/channels/:channel_id/messages', (r) => this.listMessages(r.params.channel_id!, r.query)),
      route('GET', '/channels/:channel_id/messages/:message_id', (r) => {
        const found = this.channelMessage(r.params.channel_id!, r.params.message_id!);
        if ('status' in found) return found;
        return { status: 200, body: toApiMessage(found.message) };
      }),
      route('PATCH', '/channels/:channel_id/messages/:message_id', (r) =>
        this.editMessage(r.params.channel_id!, r.params.message_id!, r.body),
      ),
      route('DELETE', '/channels/:channel_id/messages/:message_id', (r) => {
        const found = this.channelMessage(r.params.channel_id!, r.params.message_id!);
        if ('status' in found) return found;
        this.ctx.messages.delete(found.message.id);
        return { status: 204 };
      }),
      route('POST', '/channels/:channel_id/messages/:message_id/threads', (r) =>
        this.startThread(r.params.channel_id!, r.params.message_id!, r.body),
      ),
    ];
  }

  private botPermissions(channelId: string): bigint {
    if (this.ctx.world.privateChannels.get(channelId)?.botDm) return BOT_DM_PERMISSIONS;
    return this.ctx.world.permissionsIn(channelId, this.ctx.world.applicationId);
  }

  /** The channel if it exists and the bot can see it; else Discord's error. */
  private visibleChannel(channelId: string): AnyChannelRecord | Answer {
    const channel = this.ctx.world.anyChannel(channelId);
    if (!channel) return Errors.unknownChannel();
    if (!isPrivateChannel(channel) && !this.ctx.world.guilds.get(channel.guild_id)?.botPresent)
      return Errors.missingAccess();
    if (!(this.botPermissions(channelId) & P.ViewChannel)) return Errors.missingAccess();
    return channel;
  }

  private channelMessage(
    channelId: string,
    messageId: string,
  ): { channel: AnyChannelRecord; message: StoredMessage } | Answer {
    const channel = this.visibleChannel(channelId);
    if ('status' in channel) return channel;
    const message = this.ctx.world.messages.get(messageId);
    if (!message || message.channel_id !== channelId || message.ephemeral) return Errors.unknownMessage();
    return { channel, message };
  }

  private createMessage(channelId: string, body: unknown): Answer {
    const { world, messages } = this.ctx;
    const channel = this.visibleChannel(channelId);
    if ('status' in channel) return channel;
    if (!isPrivateChannel(channel) && !isTextLike(channel.type)) return Errors.nonTextChannel();
    if (isPrivateChannel(channel)) {
      const userId = channel.recipientIds[0]!;
      // A bot can open a DM with anyone, but write only to users it shares a server with or who installed it.
      if (!world.sharesGuildWithBot(userId) && !world.userInstalls.has(userId)) return Errors.cannotMessageUser();
    }
    const perms = this.botPermissions(channelId);
    const sendBit = isThread(channel.type) ? P.SendMessagesInThreads : P.SendMessages;
    if (!(perms & sendBit)) return Errors.missingPermissions();
    if (!isPrivateChannel(channel) && channel.thread_metadata?.locked && !(perms & P.ManageThreads))
      return Errors.missingPermissions();
    if (!isObject(body)) return Errors.invalidJson();
    const errors = validateMessagePayload(body);
    const reference = this.replyTarget(channel, body, errors);
    if (!errors.empty) return invalidForm(errors);
    if (reference === 'forbidden') return Errors.missingPermissions();
    if (isEmptyMessage(body)) return Errors.emptyMessage();

    const nonce = body.nonce;
    const nonceKey = nonce !== undefined && nonce !== null ? `${channelId}:${String(nonce)}` : undefined;
    if (nonceKey && body.enforce_nonce === true) {
      const seen = this.nonces.get(nonceKey);
      const original =
        seen && Date.now() - seen.at < this.ctx.nonceWindowMs ? world.messages.get(seen.messageId) : undefined;
      if (original) return { status: 200, body: toApiMessage(original) };
    }
    const message = messages.create({
      channel,
      body,
      canMentionEveryone: (perms & P.MentionEveryone) !== 0n,
      embedsAllowed: (perms & P.EmbedLinks) !== 0n,
      ...(reference ? { referenced: reference } : {}),
    });
    if (nonceKey) {
      this.nonces.set(nonceKey, { messageId: message.id, at: Date.now() });
      if (this.nonces.size > 10_000) this.sweepNonces();
    }
    return { status: 200, body: toApiMessage(message) };
  }

  /** Resolves `message_reference` for a reply, adding errors as Discord words them. */
  private replyTarget(
    channel: AnyChannelRecord,
    body: Json,
    errors: FormErrors,
  ): StoredMessage | 'forbidden' | undefined {
    const ref = body.message_reference;
    if (ref === undefined || ref === null) return undefined;
    if (!isObject(ref) || typeof ref.message_id !== 'string') {
      errors.add(['message_reference', 'message_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
      return undefined;
    }
    if (ref.type === 1) return undefined;
    const target = this.ctx.world.messages.get(ref.message_id);
    const inChannel =
      target && !target.ephemeral && target.channel_id === ((ref.channel_id as string | undefined) ?? channel.id);
    if (!inChannel) {
      if (ref.fail_if_not_exists !== false)
        errors.add(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
      return undefined;
    }
    if (!(this.botPermissions(channel.id) & P.ReadMessageHistory)) return 'forbidden';
    return target;
  }

  private sweepNonces(): void {
    const cutoff = Date.now() - this.ctx.nonceWindowMs;
    for (const [key, v] of this.nonces) if (v.at < cutoff) this.nonces.delete(key);
  }

  private listMessages(channelId: string, query: URLSearchParams): Answer {
    const channel = this.visibleChannel(channelId);
    if ('status' in channel) return channel;
    const limitRaw = query.get('limit');
    const limit = limitRaw === null ? 50 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > DISCORD_LIMITS.messagesPerPage) {
      const errors = new FormErrors();
      errors.add(['limit'], 'NUMBER_TYPE_MAX', `int value should be between 1 and ${DISCORD_LIMITS.messagesPerPage}.`);
      return invalidForm(errors);
    }
    if (!(this.botPermissions(channelId) & P.ReadMessageHistory)) return { status: 200, body: [] };
    const ids = this.ctx.world.channelMessages.get(channelId) ?? [];
    const before = query.get('before');
    const after = query.get('after');
    const around = query.get('around');
    const big = (id: string) => BigInt(id);
    let picked: string[];
    if (after) picked = ids.filter((id) => big(id) > big(after)).slice(0, limit);
    else if (around) {
      const i = ids.findIndex((id) => big(id) >= big(around));
      const start = Math.max(0, (i < 0 ? ids.length : i) - Math.floor(limit / 2));
      picked = ids.slice(start, start + limit);
    } else {
      const older = before ? ids.filter((id) => big(id) < big(before)) : ids;
      picked = older.slice(-limit);
    }
    const list = picked
      .map((id) => this.ctx.world.messages.get(id))
      .filter((m): m is StoredMessage => m !== undefined)
      .reverse()
      .map(toApiMessage);
    return { status: 200, body: list };
  }

  /** A message the bot may pin or unpin: in the channel, not a system message, with Pin Messages. */
  private pinnable(channelId: string, messageId: string): StoredMessage | Answer {
    const found = this.channelMessage(channelId, messageId);
    if ('status' in found) return found;
    if (!(this.botPermissions(channelId) & P.PinMessages)) return Errors.missingPermissions();
    const { type } = found.message;
    if (type !== MessageType.Default && type !== MessageType.Reply && type !== MessageType.ChatInputCommand)
      return Errors.systemMessage();
    return found.message;
  }

  /** Pins a message: 204, also when it is pinned already; refused past the channel's limit of pins. */
  private pin(channelId: string, messageId: string): Answer {
    const message = this.pinnable(channelId, messageId);
    if ('status' in message) return message;
    if (!message.pinned) {
      if ((this.ctx.world.channelPins.get(channelId)?.length ?? 0) >= DISCORD_LIMITS.pinsPerChannel)
        return Errors.maxPins();
      this.ctx.messages.pin(messageId);
    }
    return { status: 204 };
  }

  private unpin(channelId: string, messageId: string): Answer {
    const message = this.pinnable(channelId, messageId);
    if ('status' in message) return message;
    this.ctx.messages.unpin(messageId);
    return { status: 204 };
  }

  /** The channel's pins, newest first, paged by `before` (a time); none without Read Message History. */
  private listPins(channelId: string, query: URLSearchParams): Answer {
    const channel = this.visibleChannel(channelId);
    if ('status' in channel) return channel;
    const limitRaw = query.get('limit');
    const limit = limitRaw === null ? DISCORD_LIMITS.pinsPerChannel : Number(limitRaw);
    const beforeRaw = query.get('before');
    const before = beforeRaw === null ? null : Date.parse(beforeRaw);
    const errors = new FormErrors();
    if (!Number.isInteger(limit) || limit < 1 || limit > DISCORD_LIMITS.pinsPerChannel) {
      errors.add(['limit'], 'NUMBER_TYPE_MAX', `int value should be between 1 and ${DISCORD_LIMITS.pinsPerChannel}.`);
    }
    if (before !== null && Number.isNaN(before))
      errors.add(['before'], 'DATE_TYPE_PARSE', `Could not parse ${beforeRaw}. Should be ISO8601.`);
    if (!errors.empty) return invalidForm(errors);
    if (!(this.botPermissions(channelId) & P.ReadMessageHistory))
      return { status: 200, body: { items: [], has_more: false } };
    const pins = (this.ctx.world.channelPins.get(channelId) ?? []).filter(
      (p) => before === null || Date.parse(p.pinnedAt) < before,
    );
    const items = pins.slice(0, limit).flatMap((p) => {
      const message = this.ctx.world.messages.get(p.messageId);
      return message ? [{ pinned_at: p.pinnedAt, message: toApiMessage(message) }] : [];
    });
    return { status: 200, body: { items, has_more: pins.length > limit } };
  }

  private editMessage(channelId: string, messageId: string, body: unknown): Answer {
    const found = this.channelMessage(channelId, messageId);
    if ('status' in found) return found;
    const { message } = found;
    if (message.author.id !== this.ctx.world.applicationId) return Errors.cannotEditOthers();
    if (!isObject(body)) return Errors.invalidJson();
    const errors = validateMessagePayload(body);
    if (!errors.empty) return invalidForm(errors);
    if (isEmptyMessage(body, message)) return Errors.emptyMessage();
    const perms = this.botPermissions(channelId);
    const edited = this.ctx.messages.edit(message.id, body, {
      canMentionEveryone: (perms & P.MentionEveryone) !== 0n,
      embedsAllowed: (perms & P.EmbedLinks) !== 0n,
      markEdited: true,
    });
    return { status: 200, body: toApiMessage(edited) };
  }

  private startThread(channelId: string, messageId: string, body: unknown): Answer {
    const { world, messages } = this.ctx;
    const found = this.channelMessage(channelId, messageId);
    if ('status' in found) return found;
    const { channel, message } = found;
    if (
      isPrivateChannel(channel) ||
      (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement)
    )
      return Errors.wrongChannelType();
    if (!(this.botPermissions(channelId) & P.CreatePublicThreads)) return Errors.missingPermissions();
    if (!isObject(body)) return Errors.invalidJson();
    const errors = validateThreadName(body.name);
    const archive = body.auto_archive_duration ?? 1440;
    if (typeof archive !== 'number' || !AUTO_ARCHIVE.includes(archive)) {
      errors.add(['auto_archive_duration'], 'BASE_TYPE_CHOICES', `Value must be one of {${AUTO_ARCHIVE.join(', ')}}.`);
    }
    if (!errors.empty) return invalidForm(errors);
    if (message.thread || world.channels.has(message.id)) return Errors.threadExists();
    const thread = world.createThreadFromMessage(channel, message, body.name as string, archive as number);
    const payload = anyChannelPayload(world, thread);
    messages.replace({ ...message, thread: payload, flags: (message.flags ?? 0) | MessageFlags.HasThread }, true);
    return { status: 201, body: payload };
  }
}
