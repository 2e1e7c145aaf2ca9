import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type APIApplicationCommandOptionChoice,
  type APIInteraction,
} from 'discord-api-types/v10';
import { Errors, invalidForm, type Answer } from '../api-errors.ts';
import { isObject, type Json } from '../json.ts';
import { validateAutocompleteResult } from '../validation/command-definition.ts';
import { FormErrors, between, nestUnder } from '../validation/form-errors.ts';
import { isEmptyMessage, validateMessagePayload } from '../validation/message-payload.ts';
import { toApiMessage, type MessageStore } from '../world/messages.ts';
import { isPrivateChannel, type AnyChannelRecord, type StoredMessage } from '../world/records.ts';
import type { World } from '../world/world.ts';

/** What happened to one interaction, seen from the member's side. Fields other than
 * `interaction` are live: reading them later shows the current state. */
export interface InteractionOutcome {
  /** Exactly what was dispatched to the bot. */
  readonly interaction: APIInteraction;
  /** 'responded' once a callback was accepted; 'timeout' when none was (deadline passed or the callback was rejected). */
  readonly status: 'responded' | 'timeout';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bot's JSON as sent, which tests read freely
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
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bot's JSON as sent, which tests read freely
  readonly error?: { status: number; body: any };
}

/** One interaction as the loopback tracks it, from dispatch until its token expires. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  payload: APIInteraction;
  /** Undefined in DMs and group DMs. */
  guildId?: string;
  channelId: string;
  userId: string;
  /** `authorizing_integration_owners`: the installations that let the member use the app here. */
  owners: Record<string, string>;
  /** `app_permissions`, as sent. */
  appPermissions: bigint;
  /**
   * Every message answering it is ephemeral, whatever the bot asks: a user-installed app
   * in a server that did not install it, where the member lacks Use External Apps.
   */
  forceEphemeral: boolean;
  createdAt: number;
  deadlineAt: number;
  /** The registered option type of the focused option (autocomplete). */
  focusedType?: number;
  /** Full command name with subcommands, for slash commands. */
  commandName?: string;
  /** The message a component was clicked on. */
  sourceMessageId?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bot's JSON as sent, which tests read freely
  response?: { type: InteractionResponseType; data?: any };
  /** The @original message: the reply for types 4/5, the component's message for 6/7. */
  originalMessageId?: string;
  followUpIds: string[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bot's JSON as sent, which tests read freely
  error?: { status: number; body: any };
  outcome: InteractionOutcome;
  settle: () => void;
  settled: boolean;
  timer?: NodeJS.Timeout;
}

/** What the driver hands over to start an interaction: its ids and the payload it built. */
export type NewInteraction = Pick<
  InteractionRecord,
  | 'id'
  | 'token'
  | 'type'
  | 'payload'
  | 'guildId'
  | 'channelId'
  | 'userId'
  | 'owners'
  | 'appPermissions'
  | 'forceEphemeral'
  | 'focusedType'
  | 'commandName'
  | 'sourceMessageId'
>;

/** What the interaction engine tells the rest of the loopback. */
export interface InteractionHooks {
  dispatch(event: string, data: unknown, intent?: number, guildId?: string): void;
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

/**
 * An interaction's life on Discord's side: dispatches INTERACTION_CREATE, enforces the
 * callback deadline and the one-acknowledgement rule, turns the first callback into a
 * message or an update, and reports each outcome. The driver starts interactions; the
 * interaction webhooks (follow-ups.ts) continue them.
 */
export class InteractionLifecycle {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();
  private closed = false;
  /** Callbacks still to refuse with 10062 Unknown interaction (see failCallbacks). */
  private callbacksToFail = 0;

  constructor(
    private readonly world: World,
    private readonly messages: MessageStore,
    private readonly hooks: InteractionHooks,
    private readonly deadlineMs: number,
  ) {}

  /**
   * Registers an interaction and dispatches it; the promise settles at the first
   * callback (accepted or refused) or at the deadline.
   */
  start(interaction: NewInteraction): Promise<InteractionOutcome> {
    if (this.closed) return Promise.reject(new Error('the loopback Discord is closed'));
    this.prune();
    const { id, token, payload } = interaction;
    const now = Date.now();
    let resolveOutcome!: (o: InteractionOutcome) => void;
    const promise = new Promise<InteractionOutcome>((r) => (resolveOutcome = r));
    const rec: InteractionRecord = {
      ...interaction,
      createdAt: now,
      deadlineAt: now + this.deadlineMs,
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
    // INTERACTION_CREATE needs no intent; it goes to the shard owning its guild, or shard 0 outside guilds.
    this.hooks.dispatch('INTERACTION_CREATE', payload, undefined, rec.guildId);
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
        return t === InteractionResponseType.UpdateMessage || t === InteractionResponseType.DeferredMessageUpdate
          ? msg(rec.sourceMessageId)
          : undefined;
      },
      choices: () =>
        rec.response?.type === InteractionResponseType.ApplicationCommandAutocompleteResult
          ? (rec.response.data as { choices?: APIApplicationCommandOptionChoice[] } | undefined)?.choices
          : undefined,
      followUps: () =>
        rec.followUpIds.map((id) => this.world.messages.get(id)).filter((m): m is StoredMessage => m !== undefined),
      error: () => rec.error,
    };
    for (const [key, get] of Object.entries(getters)) Object.defineProperty(outcome, key, { get, enumerable: true });
    return outcome;
  }

  /** Forgets interactions whose tokens expired; records are in creation order. */
  private prune(): void {
    const cutoff = Date.now() - DISCORD_LIMITS.interactionTokenMs;
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
    // Files sent beside the callback (multipart) belong to its message.
    const data = isObject(body.data)
      ? body._uploads
        ? { ...body.data, _uploads: body._uploads }
        : body.data
      : undefined;
    // Interaction responses need no bot in the channel: they also answer in DMs, group DMs
    // and servers where only the member installed the app.
    const channel = this.world.anyChannel(rec.channelId);
    if (!channel) return this.refuse(rec, Errors.unknownChannel());
    const canMentionEveryone = this.canMentionEveryone(rec, channel);
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
        const { customId: idMax, modalTitle: titleMax, modalComponents: componentsMax } = DISCORD_LIMITS;
        if (typeof customId !== 'string' || customId.length < 1 || customId.length > idMax)
          errors.add(['data', 'custom_id'], 'BASE_TYPE_BAD_LENGTH', between(1, idMax));
        if (typeof title !== 'string' || title.length < 1 || title.length > titleMax)
          errors.add(['data', 'title'], 'BASE_TYPE_BAD_LENGTH', between(1, titleMax));
        if (!Array.isArray(data?.components) || data.components.length < 1 || data.components.length > componentsMax) {
          errors.add(['data', 'components'], 'BASE_TYPE_BAD_LENGTH', between(1, componentsMax));
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
            ? {
                response_message_id: message.id,
                response_message_loading: loading,
                response_message_ephemeral: message.ephemeral,
              }
            : {}),
        },
        resource: {
          type,
          ...(message &&
          (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.UpdateMessage)
            ? { message: toApiMessage(message) }
            : {}),
        },
      },
    };
  }

  /**
   * Whether an interaction's answers may ping @everyone and unmentionable roles: the bot's
   * permission in the channel where it is a member, else what `app_permissions` granted.
   */
  canMentionEveryone(rec: InteractionRecord, channel: AnyChannelRecord): boolean {
    const botHere = !isPrivateChannel(channel) && this.world.guilds.get(channel.guild_id)?.botPresent === true;
    const bits = botHere ? this.world.permissionsIn(channel.id, this.world.applicationId) : rec.appPermissions;
    return (bits & PermissionFlagsBits.MentionEveryone) !== 0n;
  }

  /** A message answering an interaction (a reply, a deferral's placeholder or a follow-up), tied to it by its metadata. */
  createResponseMessage(
    rec: InteractionRecord,
    channel: AnyChannelRecord,
    body: Json,
    canMentionEveryone: boolean,
    loading: boolean,
    followUp = false,
  ): StoredMessage {
    const user = structuredClone(this.world.users.get(rec.userId)!);
    const commandName = rec.commandName;
    const ephemeral =
      rec.forceEphemeral || (typeof body.flags === 'number' && (body.flags & MessageFlags.Ephemeral) !== 0);
    const metadata: Json = {
      id: rec.id,
      type: rec.type,
      user,
      authorizing_integration_owners: structuredClone(rec.owners),
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

  /** The interaction an interaction token belongs to, expired or not. */
  withToken(token: string): InteractionRecord | undefined {
    return this.byToken.get(token);
  }
}
