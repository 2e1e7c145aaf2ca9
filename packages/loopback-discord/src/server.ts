import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChannelType, MessageFlags, PermissionFlagsBits as P } from 'discord-api-types/v10';
import { Errors, apiError, invalidForm, type Answer } from './errors.ts';
import { APPLICATION_FLAGS } from './gateway.ts';
import type { Interactions } from './interactions.ts';
import { FormErrors, isEmptyMessage, validateCommand, validateCommandList, validateMessagePayload, validateThreadName } from './limits.ts';
import { toApiMessage, type MessageStore } from './messages.ts';
import { isTextLike, isThread } from './permissions.ts';
import { DEFAULT_BUCKET, type BucketSpec, type RateLimiter } from './rate-limits.ts';
import type { ChannelRecord, StoredMessage, World } from './state.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A fault injected on a channel's message creation. */
export type ChannelFault = 403 | 404 | 500 | 'timeout';

/** One request as the loopback saw it. */
export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  at: number;
  body?: unknown;
}

/** A payload Discord would have refused for breaking a limit. */
export interface Violation {
  /** "METHOD /route/template". */
  route: string;
  /** The broken limits, one per field, e.g. "embeds.0.description: Must be 4096 or fewer in length." */
  reason: string;
  body: unknown;
  /** The nested errors object of the 50035 answer. */
  errors?: unknown;
  at: number;
}

/** Counters over every request. */
export interface Stats {
  requests: number;
  rateLimited: number;
  /** 401, 403 and 429 answers: what Discord counts toward its invalid-request ban. */
  invalidRequests: number;
  byRoute: Map<string, number>;
}

/** How the network between the bot and the loopback behaves; Discord on a LAN by default. */
export interface NetworkConditions {
  /** Each answer leaves this long after its request was handled, uniform in [min, max] ms. Default [0, 0]. */
  answerLatencyMs: [number, number];
  /**
   * Each request is handled, and counted against the rate limits, a random 0 to this many
   * ms after it arrived: requests sent evenly reach the limiter bunched. Default 0.
   */
  arrivalJitterMs: number;
}

export const DEFAULT_NETWORK: NetworkConditions = { answerLatencyMs: [0, 0], arrivalJitterMs: 0 };

/** What the REST layer needs from the rest of the loopback. */
export interface RestContext {
  token: string;
  world: World;
  messages: MessageStore;
  interactions: Interactions;
  limiter: RateLimiter;
  faults: Map<string, ChannelFault>;
  network: NetworkConditions;
  /** How long a nonce sent with enforce_nonce deduplicates; Discord's is a few minutes. */
  nonceWindowMs: number;
  stats: Stats;
  requestLog: RequestLogEntry[];
  violations: Violation[];
  gatewayUrl: () => string;
  /** The clock rate-limit windows count in. */
  rateLimitClock: () => number;
  /** Called after every answered request. */
  onRequest: (entry: RequestLogEntry) => void;
  /** Registers a request that is never answered, so close() can end it. */
  hang: (res: ServerResponse) => void;
}

interface Request {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

type Handler = (req: Request) => Answer | Promise<Answer>;

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  keys: string[];
  /** 'bot': Authorization must be our bot token. 'token': the URL carries its own token. */
  auth: 'bot' | 'token' | 'none';
  /** Whether the request counts toward the global limit. */
  global: boolean;
  handler: Handler;
}

/** How long a nonce sent with enforce_nonce deduplicates, unless the loopback is told otherwise. */
export const NONCE_WINDOW_MS = 5 * 60 * 1000;
const AUTO_ARCHIVE = [60, 1440, 4320, 10080];

/**
 * Discord's REST API v10 for what a bot does: routing, auth, rate limits, payload
 * validation, permissions, and the recording tests assert on.
 */
export class RestApi {
  private readonly routes: Route[] = [];
  private readonly nonces = new Map<string, { messageId: string; at: number }>();

  constructor(private readonly ctx: RestContext) {
    this.defineRoutes();
  }

  private route(method: string, template: string, handler: Handler, opts: { auth?: Route['auth']; global?: boolean } = {}): void {
    const keys: string[] = [];
    const source = template
      .split('/')
      .map((part) => {
        if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        keys.push(part.slice(1));
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({
      method,
      template,
      pattern: new RegExp(`^${source}$`),
      keys,
      auth: opts.auth ?? 'bot',
      global: opts.global ?? true,
      handler,
    });
  }

  // ---- dispatching -------------------------------------------------------

  /** Answers one HTTP request. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { ctx } = this;
    const url = new URL(req.url ?? '/', 'http://loopback');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const { arrivalJitterMs, answerLatencyMs } = ctx.network;
    if (arrivalJitterMs > 0) await sleep(Math.random() * arrivalJitterMs);
    const at = Date.now();
    let path = url.pathname;
    const versioned = /^\/api(?:\/v(\d+))?(\/.*)?$/.exec(path);
    ctx.stats.requests++;

    let body: unknown;
    let bodyError = false;
    if (raw.length > 0) {
      try {
        body = await parseBody(raw, req.headers['content-type']);
      } catch {
        bodyError = true;
      }
    }
    const finish = (answer: Answer, routeKey: string | undefined, extraHeaders: Record<string, string> = {}) => {
      if (answer.violation) {
        ctx.violations.push({
          route: routeKey ?? `${method} ${path}`,
          reason: answer.violation,
          body,
          ...(isObject(answer.body) && 'errors' in answer.body ? { errors: answer.body.errors } : {}),
          at,
        });
      }
      if (answer.status === 401 || answer.status === 403 || answer.status === 429) ctx.stats.invalidRequests++;
      if (answer.status === 429) ctx.stats.rateLimited++;
      const [min, max] = answerLatencyMs;
      if (max > 0) {
        ctx.hang(res);
        setTimeout(() => {
          if (!res.destroyed) send(res, answer, extraHeaders);
        }, min + Math.random() * (max - min));
      } else {
        send(res, answer, extraHeaders);
      }
      const entry: RequestLogEntry = { method, path, status: answer.status, at, ...(body !== undefined ? { body } : {}) };
      ctx.requestLog.push(entry);
      ctx.onRequest(entry);
    };

    if (!versioned || (versioned[1] !== undefined && versioned[1] !== '10' && versioned[1] !== '9')) {
      finish(Errors.notFound(), undefined);
      return;
    }
    // Clients percent-encode some segments (@me as %40me); tokens and ids never hold a slash.
    path = (versioned[2] ?? '/').split('/').map(safeDecode).join('/');
    const candidates = this.routes.filter((r) => r.pattern.test(path));
    const route = candidates.find((r) => r.method === method);
    if (!route) {
      finish(candidates.length ? Errors.methodNotAllowed() : Errors.notFound(), undefined);
      return;
    }
    const routeKey = `${route.method} ${route.template}`;
    ctx.stats.byRoute.set(routeKey, (ctx.stats.byRoute.get(routeKey) ?? 0) + 1);
    const match = route.pattern.exec(path)!;
    const params: Record<string, string> = {};
    route.keys.forEach((k, i) => (params[k] = match[i + 1]!));

    const auth = req.headers.authorization;
    const authorized = auth === `Bot ${ctx.token}`;
    if ((route.auth === 'bot' && !authorized) || (route.auth === 'token' && auth !== undefined && !authorized)) {
      finish(Errors.unauthorized(), routeKey);
      return;
    }

    const bucket = this.bucketFor(route, params);
    const decision = ctx.limiter.take(ctx.rateLimitClock(), { global: route.global, ...bucket });
    if (decision.limited) {
      finish({ status: 429, body: decision.limited.body }, routeKey, decision.headers);
      return;
    }
    if (bodyError) {
      finish(Errors.invalidJson(), routeKey, decision.headers);
      return;
    }

    if (route.method === 'POST' && route.template === '/channels/:channel_id/messages') {
      const fault = ctx.faults.get(params.channel_id!);
      if (fault === 'timeout') {
        ctx.hang(res);
        ctx.requestLog.push({ method, path, status: 0, at, ...(body !== undefined ? { body } : {}) });
        return;
      }
      if (fault !== undefined) {
        const answer = fault === 403 ? Errors.missingPermissions() : fault === 404 ? Errors.unknownChannel() : Errors.serverError();
        finish(answer, routeKey, decision.headers);
        return;
      }
    }

    let answer: Answer;
    try {
      // Synchronous handlers are answered in the same tick, so a test awaiting an
      // interaction outcome already sees this request's log entry and violation.
      const result = route.handler({ method, params, query: url.searchParams, body });
      answer = result instanceof Promise ? await result : result;
    } catch (error) {
      // A loopback bug must not look like a Discord answer the bot could mistake for normal.
      console.error('[loopback] handler failed', routeKey, error);
      answer = Errors.serverError();
    }
    finish(answer, routeKey, decision.headers);
  }

  /** Which bucket a request falls in: message creation per channel, else a roomy per-route one. */
  private bucketFor(route: Route, params: Record<string, string>): { bucket?: BucketSpec; major?: string } {
    // Interaction callbacks have no bucket, as on Discord, and @discordjs/rest does not queue them.
    if (route.template.startsWith('/interactions/')) return {};
    const key = `${route.method} ${route.template}`;
    const major = params.channel_id ?? params.guild_id ?? (params.webhook_id ? `${params.webhook_id}/${params.webhook_token}` : '');
    if (key === 'POST /channels/:channel_id/messages') return { bucket: this.ctx.limiter.channelMessagesBucket(key), major };
    return { bucket: { route: key, ...DEFAULT_BUCKET }, major };
  }

  // ---- routes ------------------------------------------------------------

  private defineRoutes(): void {
    const { ctx } = this;
    const { world } = ctx;

    this.route('GET', '/gateway', () => ({ status: 200, body: { url: ctx.gatewayUrl() } }), { auth: 'none', global: false });
    this.route('GET', '/gateway/bot', () => ({
      status: 200,
      body: {
        url: ctx.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      },
    }));

    this.route('GET', '/users/@me', () => ({ status: 200, body: { ...world.botUser, email: null } }));
    this.route('GET', '/users/:user_id', (r) => {
      const user = world.user(r.params.user_id!);
      return user ? { status: 200, body: user } : Errors.unknownUser();
    });
    this.route('DELETE', '/users/@me/guilds/:guild_id', (r) => {
      if (!world.guild(r.params.guild_id!)) return Errors.unknownGuild();
      world.removeBotFromGuild(r.params.guild_id!);
      return { status: 204 };
    });

    this.route('GET', '/applications/@me', () => ({ status: 200, body: this.applicationPayload() }));

    for (const scoped of [false, true]) {
      const base = scoped ? '/applications/:application_id/guilds/:guild_id/commands' : '/applications/:application_id/commands';
      const scopeOf = (r: Request): string | Answer => {
        if (r.params.application_id !== world.applicationId) return Errors.missingAccess();
        if (!scoped) return 'global';
        return world.guild(r.params.guild_id!) ? r.params.guild_id! : Errors.missingAccess();
      };
      this.route('GET', base, (r) => {
        const scope = scopeOf(r);
        if (typeof scope !== 'string') return scope;
        return { status: 200, body: [...world.commandScope(scope).values()] };
      });
      this.route('PUT', base, (r) => {
        const scope = scopeOf(r);
        if (typeof scope !== 'string') return scope;
        const errors = validateCommandList(r.body);
        if (!errors.empty) return invalidForm(errors);
        const existing = [...world.commandScope(scope).values()];
        world.commands.set(scope, new Map());
        const saved = (r.body as Json[]).map((c) =>
          world.upsertCommand(scope, c, existing.find((e) => e.name === c.name && e.type === ((c.type as number | undefined) ?? 1))),
        );
        return { status: 200, body: saved };
      });
      this.route('POST', base, (r) => {
        const scope = scopeOf(r);
        if (typeof scope !== 'string') return scope;
        const errors = validateCommand(r.body);
        if (!errors.empty) return invalidForm(errors);
        const body = r.body as Json;
        const type = (body.type as number | undefined) ?? 1;
        const existing = [...world.commandScope(scope).values()].find((c) => c.name === body.name && c.type === type);
        if (!existing && [...world.commandScope(scope).values()].filter((c) => c.type === type).length >= (type === 1 ? 100 : 15)) {
          return apiError(400, 30032, 'Maximum number of application commands reached');
        }
        if (existing) world.commandScope(scope).delete(existing.id);
        return { status: existing ? 200 : 201, body: world.upsertCommand(scope, body, existing) };
      });
      this.route('GET', `${base}/:command_id`, (r) => {
        const scope = scopeOf(r);
        if (typeof scope !== 'string') return scope;
        const command = world.commandScope(scope).get(r.params.command_id!);
        return command ? { status: 200, body: command } : Errors.unknownCommand();
      });
      this.route('PATCH', `${base}/:command_id`, (r) => {
        const scope = scopeOf(r);
        if (typeof scope !== 'string') return scope;
        const existing = world.commandScope(scope).get(r.params.command_id!);
        if (!existing) return Errors.unknownCommand();
        if (!isObject(r.body)) return Errors.invalidJson();
        const merged = { ...structuredClone(existing), ...r.body } as Json;
        const errors = validateCommand(merged);
        if (!errors.empty) return invalidForm(errors);
        world.commandScope(scope).delete(existing.id);
        return { status: 200, body: world.upsertCommand(scope, merged, existing) };
      });
      this.route('DELETE', `${base}/:command_id`, (r) => {
        const scope = scopeOf(r);
        if (typeof scope !== 'string') return scope;
        if (!world.commandScope(scope).delete(r.params.command_id!)) return Errors.unknownCommand();
        return { status: 204 };
      });
    }

    // Interaction endpoints are not bound to the global limit (Discord's docs say so for the
    // callback and for the interaction webhooks alike), and use the interaction token for auth.
    this.route(
      'POST',
      '/interactions/:interaction_id/:interaction_token/callback',
      (r) => ctx.interactions.callback(r.params.interaction_id!, r.params.interaction_token!, r.body, r.query.get('with_response') === 'true'),
      { auth: 'none', global: false },
    );
    const hook = { auth: 'token' as const, global: false };
    this.route('POST', '/webhooks/:webhook_id/:webhook_token', (r) => ctx.interactions.followUp(r.params.webhook_id!, r.params.webhook_token!, r.body), hook);
    const messageRoute = '/webhooks/:webhook_id/:webhook_token/messages/:message_id';
    this.route('GET', messageRoute, (r) => ctx.interactions.getWebhookMessage(r.params.webhook_id!, r.params.webhook_token!, r.params.message_id!), hook);
    this.route('PATCH', messageRoute, (r) => ctx.interactions.editWebhookMessage(r.params.webhook_id!, r.params.webhook_token!, r.params.message_id!, r.body), hook);
    this.route('DELETE', messageRoute, (r) => ctx.interactions.deleteWebhookMessage(r.params.webhook_id!, r.params.webhook_token!, r.params.message_id!), hook);

    this.route('GET', '/channels/:channel_id', (r) => {
      const found = this.visibleChannel(r.params.channel_id!);
      if ('status' in found) return found;
      return { status: 200, body: world.channelPayload(found) };
    });
    this.route('POST', '/channels/:channel_id/messages', (r) => this.createMessage(r.params.channel_id!, r.body));
    this.route('GET', '/channels/:channel_id/messages', (r) => this.listMessages(r.params.channel_id!, r.query));
    this.route('GET', '/channels/:channel_id/messages/:message_id', (r) => {
      const found = this.channelMessage(r.params.channel_id!, r.params.message_id!);
      if ('status' in found) return found;
      return { status: 200, body: toApiMessage(found.message) };
    });
    this.route('PATCH', '/channels/:channel_id/messages/:message_id', (r) => this.editMessage(r.params.channel_id!, r.params.message_id!, r.body));
    this.route('DELETE', '/channels/:channel_id/messages/:message_id', (r) => {
      const found = this.channelMessage(r.params.channel_id!, r.params.message_id!);
      if ('status' in found) return found;
      ctx.messages.delete(found.message.id);
      return { status: 204 };
    });
    this.route('POST', '/channels/:channel_id/messages/:message_id/threads', (r) => this.startThread(r.params.channel_id!, r.params.message_id!, r.body));

    this.route('GET', '/guilds/:guild_id', (r) => {
      const guild = world.guild(r.params.guild_id!);
      if (!guild) return Errors.unknownGuild();
      const counts = r.query.get('with_counts') === 'true' ? { approximate_member_count: guild.members.size, approximate_presence_count: 0 } : {};
      return { status: 200, body: { ...world.guildPayload(guild), ...counts } };
    });
    this.route('GET', '/guilds/:guild_id/channels', (r) => {
      const guild = world.guild(r.params.guild_id!);
      if (!guild) return Errors.unknownGuild();
      const channels = guild.channelIds.map((id) => world.channels.get(id)).filter((c): c is ChannelRecord => c !== undefined && !isThread(c.type));
      return { status: 200, body: channels.map((c) => world.channelPayload(c)) };
    });
    this.route('GET', '/guilds/:guild_id/roles', (r) => {
      const guild = world.guild(r.params.guild_id!);
      if (!guild) return Errors.unknownGuild();
      return { status: 200, body: [...guild.roles.values()] };
    });
    this.route('GET', '/guilds/:guild_id/members/:user_id', (r) => {
      const guild = world.guild(r.params.guild_id!);
      if (!guild) return Errors.unknownGuild();
      const member = guild.members.get(r.params.user_id!);
      return member ? { status: 200, body: world.memberPayload(member) } : Errors.unknownMember();
    });
  }

  private applicationPayload(): Json {
    const { world } = this.ctx;
    const guilds = [...world.guilds.values()].filter((g) => g.botPresent).length;
    return {
      id: world.applicationId,
      name: world.applicationName,
      icon: null,
      description: '',
      summary: '',
      type: null,
      hook: true,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: APPLICATION_FLAGS,
      owner: { id: world.ids.next(), username: 'loopback-owner', discriminator: '0', global_name: null, avatar: null, public_flags: 0, flags: 0 },
      team: null,
      bot: { ...world.botUser },
      approximate_guild_count: guilds,
      approximate_user_install_count: 0,
      redirect_uris: [],
      interactions_endpoint_url: null,
      role_connections_verification_url: null,
      event_webhooks_url: null,
      event_webhooks_status: 1,
      tags: [],
      integration_types_config: { '0': { oauth2_install_params: { scopes: ['applications.commands', 'bot'], permissions: '0' } } },
      install_params: { scopes: ['applications.commands', 'bot'], permissions: '0' },
    };
  }

  // ---- channels and messages --------------------------------------------

  private botPermissions(channelId: string): bigint {
    return this.ctx.world.permissionsIn(channelId, this.ctx.world.applicationId);
  }

  /** The channel if it exists and the bot can see it; else Discord's error. */
  private visibleChannel(channelId: string): ChannelRecord | Answer {
    const channel = this.ctx.world.channel(channelId);
    if (!channel) return Errors.unknownChannel();
    if (!(this.botPermissions(channelId) & P.ViewChannel)) return Errors.missingAccess();
    return channel;
  }

  private channelMessage(channelId: string, messageId: string): { channel: ChannelRecord; message: StoredMessage } | Answer {
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
    if (!isTextLike(channel.type)) return Errors.nonTextChannel();
    const perms = this.botPermissions(channelId);
    const sendBit = isThread(channel.type) ? P.SendMessagesInThreads : P.SendMessages;
    if (!(perms & sendBit)) return Errors.missingPermissions();
    if (channel.thread_metadata?.locked && !(perms & P.ManageThreads)) return Errors.missingPermissions();
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
      const original = seen && Date.now() - seen.at < this.ctx.nonceWindowMs ? world.messages.get(seen.messageId) : undefined;
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
  private replyTarget(channel: ChannelRecord, body: Json, errors: FormErrors): StoredMessage | 'forbidden' | undefined {
    const ref = body.message_reference;
    if (ref === undefined || ref === null) return undefined;
    if (!isObject(ref) || typeof ref.message_id !== 'string') {
      errors.add(['message_reference', 'message_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
      return undefined;
    }
    if (ref.type === 1) return undefined;
    const target = this.ctx.world.messages.get(ref.message_id);
    const inChannel = target && !target.ephemeral && target.channel_id === ((ref.channel_id as string | undefined) ?? channel.id);
    if (!inChannel) {
      if (ref.fail_if_not_exists !== false) errors.add(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
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
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      const errors = new FormErrors();
      errors.add(['limit'], 'NUMBER_TYPE_MAX', 'int value should be between 1 and 100.');
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
    if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) return Errors.wrongChannelType();
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
    const payload = world.channelPayload(thread);
    messages.replace({ ...message, thread: payload, flags: (message.flags ?? 0) | MessageFlags.HasThread } as StoredMessage, true);
    return { status: 201, body: payload };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON, or multipart with the JSON in `payload_json` as @discordjs/rest sends files. */
async function parseBody(raw: Buffer, contentType: string | undefined): Promise<unknown> {
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const json = form.get('payload_json');
    const body = typeof json === 'string' ? (JSON.parse(json) as unknown) : {};
    const files = [...form.keys()].filter((k) => k.startsWith('files['));
    return isObject(body) && files.length ? { ...body, _files: files.length } : body;
  }
  return JSON.parse(raw.toString('utf8')) as unknown;
}

function send(res: ServerResponse, answer: Answer, extraHeaders: Record<string, string>): void {
  const headers: Record<string, string> = { ...extraHeaders, ...answer.headers };
  if (answer.status === 429 && isObject(answer.body)) {
    // Discord's 429 body and headers agree on the wait.
    headers['Retry-After'] ??= String(Math.max(1, Math.ceil(Number(answer.body.retry_after))));
  }
  if (answer.status === 204 || answer.body === undefined) {
    res.writeHead(answer.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
