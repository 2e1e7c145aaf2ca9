import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { InteractionResponseType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import { Errors, invalidForm, type Answer } from '../api-errors.ts';
import { isObject } from '../json.ts';
import { isEmptyMessage, validateMessagePayload } from '../validation/message-payload.ts';
import { toApiMessage, type MessageStore } from '../world/messages.ts';
import type { StoredMessage } from '../world/records.ts';
import type { World } from '../world/world.ts';
import type { InteractionLifecycle, InteractionRecord } from './lifecycle.ts';

/** Follow-ups an interaction authorized only by a user install may send (Discord's documented cap). */
const USER_INSTALL_FOLLOW_UPS = 5;

/**
 * The interaction webhooks, /webhooks/:application_id/:interaction_token: follow-up
 * messages, and reading, editing and deleting the original response or a follow-up,
 * for as long as the interaction's token is valid.
 */
export class InteractionWebhooks {
  constructor(
    private readonly world: World,
    private readonly messages: MessageStore,
    private readonly lifecycle: InteractionLifecycle,
    /** Anything changed: waiters re-check. */
    private readonly changed: () => void,
  ) {}

  /** The interaction behind /webhooks/:app/:token, or the error Discord gives. */
  private webhook(appId: string, token: string): InteractionRecord | Answer {
    if (appId !== this.world.applicationId) return Errors.unknownWebhook();
    const rec = this.lifecycle.withToken(token);
    if (!rec || Date.now() - rec.createdAt > DISCORD_LIMITS.interactionTokenMs) return Errors.invalidWebhookToken();
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
    const channel = this.world.anyChannel(rec.channelId);
    if (!channel) return Errors.unknownChannel();
    const canMentionEveryone = this.lifecycle.canMentionEveryone(rec, channel);
    const original = rec.originalMessageId ? this.world.messages.get(rec.originalMessageId) : undefined;
    if (
      rec.response.type === InteractionResponseType.DeferredChannelMessageWithSource &&
      original &&
      (original.flags ?? 0) & MessageFlags.Loading
    ) {
      // Documented backwards compatibility: the first follow-up after a deferral fills
      // in the loading message, keeping its ephemeral state.
      const { flags: _ignored, ...rest } = body;
      const filled = this.messages.edit(original.id, rest, { canMentionEveryone, markEdited: false });
      this.changed();
      return { status: 200, body: toApiMessage(filled) };
    }
    if (rec.followUpIds.length >= USER_INSTALL_FOLLOW_UPS && Object.keys(rec.owners).join() === '1') {
      // Discord caps follow-ups when only the member's own install authorized the interaction.
      return Errors.maxFollowUps();
    }
    const message = this.lifecycle.createResponseMessage(rec, channel, body, canMentionEveryone, false, true);
    rec.followUpIds.push(message.id);
    this.changed();
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
    const channel = this.world.anyChannel(message.channel_id);
    if (!channel) return Errors.unknownChannel();
    const wasLoading = ((message.flags ?? 0) & MessageFlags.Loading) !== 0;
    const edited = this.messages.edit(message.id, body, {
      canMentionEveryone: this.lifecycle.canMentionEveryone(rec, channel),
      markEdited: !wasLoading,
    });
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
