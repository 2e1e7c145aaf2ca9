import { EventEmitter } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import type {
  APIApplicationCommand,
  APIChannel,
  APIRole,
  APIUser,
  ApplicationIntegrationType,
} from 'discord-api-types/v10';
import { Gateway, type SessionInfo } from './gateway.ts';
import { InteractionDriver, type AutocompleteParams, type InvokeParams } from './interactions/driver.ts';
import { InteractionWebhooks } from './interactions/follow-ups.ts';
import { InteractionLifecycle, type InteractionOutcome } from './interactions/lifecycle.ts';
import { RateLimiter, type RateLimitConfig } from './rate-limits.ts';
import { NONCE_WINDOW_MS } from './rest/channel-routes.ts';
import { DEFAULT_NETWORK, type ChannelFault, type NetworkConditions } from './rest/network.ts';
import type { RequestLogEntry, Stats, Violation } from './rest/request-log.ts';
import { RestApi } from './rest/rest-api.ts';
import { DEFAULT_SHARDING, type ShardingConfig } from './sharding.ts';
import { ConditionWaiters } from './wait-for.ts';
import { MessageStore } from './world/messages.ts';
import { anyChannelPayload, privateChannelPayload } from './world/payloads.ts';
import type { ChannelSpec, GuildSpec, RoleSpec, SeededGuild, StoredMessage } from './world/records.ts';
import { World } from './world/world.ts';

/** How to start a loopback Discord. */
export interface LoopbackOptions {
  /** The only bot token accepted ("Authorization: Bot <token>", and in IDENTIFY). */
  token: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default "Reconnect". */
  applicationName?: string;
  rateLimits?: Partial<RateLimitConfig>;
  /** How long the bot has for its first callback. Default 3000, as on Discord. */
  interactionDeadlineMs?: number;
  /** HELLO's heartbeat_interval. Default 41250, as on Discord. */
  heartbeatIntervalMs?: number;
  /** Answer latency and bunched arrivals; default none. */
  network?: Partial<NetworkConditions>;
  /** How long enforce_nonce deduplicates a message. Default 5 minutes. */
  nonceWindowMs?: number;
  /**
   * The clock rate-limit windows count in. Default Date.now. The playground moves it with
   * the bot's clock, so posts a simulated day apart never share a window.
   */
  rateLimitClock?: () => number;
  /**
   * The gateway's sharding: the count `/gateway/bot` recommends (default 1), identify
   * buckets (`max_concurrency`, default 1) and their pacing (default none; Discord's is one
   * IDENTIFY per bucket per 5 s), and the guilds one session may hold (default 2500).
   */
  sharding?: Partial<ShardingConfig>;
  /**
   * The installation contexts the app supports, as set in the Developer Portal: 0 servers,
   * 1 users. Default both, as for an app made today; without 1, installForUser throws.
   */
  installationContexts?: ApplicationIntegrationType[];
}

/** Events: 'request' (entry), 'message' (message, 'create' | 'update' | 'delete'),
 * 'interactionResponse' (outcome, response), 'dispatch' (event name, data). */
export type LoopbackEvent = 'request' | 'message' | 'interactionResponse' | 'dispatch';

/** A guild's current state, for assertions. */
export type GuildSnapshot = SeededGuild & { members: Array<{ userId: string; roleIds: string[] }> };

/**
 * A Discord for tests, benchmarks and the playground, on 127.0.0.1: REST v10 and the
 * gateway for a real discord.js client, a world to seed, members to drive, and a
 * record of everything the bot sent and every limit it broke.
 */
export class LoopbackDiscord extends EventEmitter {
  /** Pass as `rest: { api }` or DISCORD_API_URL; discord.js appends /v10. */
  readonly apiUrl: string;
  /** The bot user has the same id as the application. */
  readonly application: { id: string; name: string };
  /** Every payload refused for breaking a limit. End-to-end tests assert this stays empty. */
  readonly violations: Violation[] = [];
  readonly stats: Stats = { requests: 0, rateLimited: 0, invalidRequests: 0, byRoute: new Map() };
  readonly requestLog: RequestLogEntry[] = [];

  private readonly world: World;
  private readonly store: MessageStore;
  private readonly lifecycle: InteractionLifecycle;
  private readonly driver: InteractionDriver;
  private readonly gateway: Gateway;
  private readonly limiter: RateLimiter;
  private readonly faults = new Map<string, ChannelFault>();
  private readonly network: NetworkConditions;
  private readonly rateLimitClock: () => number;
  private readonly hanging = new Set<ServerResponse>();
  private readonly waiters = new ConditionWaiters();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    options: LoopbackOptions,
  ) {
    super();
    const port = (server.address() as AddressInfo).port;
    this.apiUrl = `http://127.0.0.1:${port}/api`;
    const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
    const hooks = {
      dispatch: (event: string, data: unknown, intent?: number, guildId?: string) =>
        this.gateway.dispatch(event, data, intent, guildId),
      changed: () => this.changed(),
    };
    const sharding: ShardingConfig = { ...DEFAULT_SHARDING, ...options.sharding };
    this.world = new World(options.applicationName ?? 'Reconnect', hooks, options.installationContexts);
    this.application = { id: this.world.applicationId, name: this.world.applicationName };
    this.limiter = new RateLimiter(options.rateLimits);
    this.network = { ...DEFAULT_NETWORK, ...options.network };
    this.rateLimitClock = options.rateLimitClock ?? (() => Date.now());
    this.store = new MessageStore(this.world, { ...hooks, message: (m, kind) => this.emit('message', m, kind) });
    this.lifecycle = new InteractionLifecycle(
      this.world,
      this.store,
      { ...hooks, responded: (outcome, response) => this.emit('interactionResponse', outcome, response) },
      options.interactionDeadlineMs ?? DISCORD_LIMITS.interactionResponseMs,
    );
    this.driver = new InteractionDriver(this.world, this.lifecycle);
    this.gateway = new Gateway({
      token: options.token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      world: this.world,
      url: () => gatewayUrl,
      onDispatch: (event, data) => {
        if (this.listenerCount('dispatch') > 0) this.emit('dispatch', event, data);
      },
      sharding,
    });
    const rest = new RestApi({
      token: options.token,
      world: this.world,
      messages: this.store,
      interactions: this.lifecycle,
      webhooks: new InteractionWebhooks(this.world, this.store, this.lifecycle, hooks.changed),
      limiter: this.limiter,
      faults: this.faults,
      network: this.network,
      nonceWindowMs: options.nonceWindowMs ?? NONCE_WINDOW_MS,
      stats: this.stats,
      requestLog: this.requestLog,
      violations: this.violations,
      gatewayUrl: () => gatewayUrl,
      sharding,
      sessionStartsRemaining: () => this.gateway.sessionStartsRemaining,
      rateLimitClock: this.rateLimitClock,
      onRequest: (entry) => {
        this.emit('request', entry);
        this.changed();
      },
      hang: (res) => {
        this.hanging.add(res);
        res.once('close', () => this.hanging.delete(res));
      },
    });
    const address = server.address();
    if (address && typeof address === 'object') this.world.cdnBaseUrl = `http://127.0.0.1:${address.port}/cdn`;
    server.on('request', (req, res) => {
      if (req.url?.startsWith('/cdn/attachments/')) this.serveFile(req.url, res);
      else void rest.handle(req, res);
    });
    server.on('upgrade', (req, socket, head) => {
      const path = new URL(req.url ?? '/', 'http://loopback').pathname;
      if (path === '/gateway' || path === '/gateway/' || path === '/') this.gateway.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  /** Puts a file on the CDN, as a member attaching it would; its id is the value of an attachment option. */
  uploadFile(filename: string, data: string | Buffer, contentType = 'application/json'): string {
    return this.world.addFile(filename, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, contentType).id;
  }

  /** The bytes of a file on the CDN (an attachment the bot sent), by its URL. */
  fileAt(url: string): Buffer | undefined {
    const id = /\/attachments\/(\d+)\//.exec(url)?.[1];
    return id ? this.world.files.get(id)?.data : undefined;
  }

  /** The CDN: GET of an attachment's URL. */
  private serveFile(url: string, res: ServerResponse): void {
    const id = /^\/cdn\/attachments\/(\d+)\//.exec(url)?.[1];
    const file = id ? this.world.files.get(id) : undefined;
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.data.length }).end(file.data);
  }

  /** Starts the server on 127.0.0.1. */
  static async start(options: LoopbackOptions): Promise<LoopbackDiscord> {
    const server = createServer({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new LoopbackDiscord(server, options);
  }

  /** Closes HTTP and every gateway socket; pending interactions resolve as timed out. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.lifecycle.close();
      this.gateway.close();
      for (const res of this.hanging) res.destroy();
      this.hanging.clear();
      this.waiters.clear();
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeAllConnections();
      await closed;
    })();
    return this.closing;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's own listener type
  override on(event: LoopbackEvent, listener: (...args: any[]) => void): this {
    return super.on(event, listener);
  }

  // ---- world -------------------------------------------------------------

  /**
   * Creates a guild with the bot in it (managed role holding `botPermissions`) and
   * dispatches GUILD_CREATE on the shard that owns it; with `withBot: false`, a guild the
   * app is not installed to, where only members who installed it can use it.
   */
  addGuild(spec: GuildSpec): SeededGuild {
    return this.world.addGuild(spec).seeded;
  }

  /** The user installs the app to their account, so its user-install commands follow them everywhere. */
  installForUser(userId: string): void {
    this.world.installForUser(userId);
  }

  /** The user removes the app from their account. */
  uninstallForUser(userId: string): void {
    this.world.uninstallForUser(userId);
  }

  /**
   * The DM (type 1) between a user and the bot (interaction context BOT_DM), or between
   * two users when `otherUserId` is given (context PRIVATE_CHANNEL); the same channel on
   * every call. A DM with the bot needs a server in common or the app installed to the user.
   */
  openDm(userId: string, otherUserId?: string): APIChannel {
    return privateChannelPayload(this.world, this.world.openDm(userId, otherUserId));
  }

  /** A group DM (type 3) of 2 to 10 users (context PRIVATE_CHANNEL); the bot is never in one. */
  addGroupDm(spec: { userIds: string[]; name?: string }): APIChannel {
    return privateChannelPayload(this.world, this.world.addGroupDm(spec));
  }

  /**
   * A server turns Use External Apps off (or on again) for @everyone: the replies of an app
   * members installed, where the server did not install it, are then ephemeral.
   */
  setExternalApps(guildId: string, enabled: boolean): void {
    this.world.setExternalApps(guildId, enabled);
  }

  addUser(spec: { username: string; globalName?: string }): APIUser {
    return structuredClone(this.world.addUser(spec));
  }

  addMember(guildId: string, userId: string, roleIds?: string[]): void {
    this.world.addMember(guildId, userId, roleIds);
  }

  addRole(guildId: string, spec: RoleSpec): APIRole {
    return structuredClone(this.world.addRole(guildId, spec));
  }

  /** Deletes a role (not @everyone or the bot's own); dispatches GUILD_ROLE_DELETE. */
  deleteRole(guildId: string, roleId: string): void {
    this.world.deleteRole(guildId, roleId);
  }

  /** Creates a channel; dispatches CHANNEL_CREATE. */
  addChannel(guildId: string, spec: ChannelSpec): APIChannel {
    return this.world.addChannel(guildId, spec);
  }

  /** Changes a channel (e.g. its permission_overwrites); dispatches CHANNEL_UPDATE. */
  updateChannel(channelId: string, patch: Partial<ChannelSpec>): void {
    this.world.updateChannel(channelId, patch);
  }

  /** Deletes a channel (and its threads); dispatches CHANNEL_DELETE. Later REST on it answers 10003. */
  deleteChannel(channelId: string): void {
    this.world.deleteChannel(channelId);
    this.faults.delete(channelId);
  }

  /** Removes the bot from a guild; dispatches GUILD_DELETE without `unavailable`. */
  removeBotFromGuild(guildId: string): void {
    this.world.removeBotFromGuild(guildId);
  }

  /** A guild's current state (also after the bot left it), or undefined. */
  guild(id: string): GuildSnapshot | undefined {
    const g = this.world.guilds.get(id);
    if (!g) return undefined;
    return {
      ...this.world.seeded(g),
      members: [...g.members.values()].map((m) => ({ userId: m.userId, roleIds: [...m.roleIds] })),
    };
  }

  /** A channel's current state (a guild's, a DM or a group DM), or undefined once deleted. */
  channel(id: string): APIChannel | undefined {
    const c = this.world.anyChannel(id);
    return c ? anyChannelPayload(this.world, c) : undefined;
  }

  /** The bytes of a file the bot attached to a message (by the attachment's id), or undefined. */
  attachmentData(attachmentId: string): Buffer | undefined {
    return this.world.files.get(attachmentId)?.data;
  }

  /** The visible messages of a channel, oldest first, current state (ephemeral ones are not listed). */
  messages(channelId: string): StoredMessage[] {
    return (this.world.channelMessages.get(channelId) ?? [])
      .map((id) => this.world.messages.get(id))
      .filter((m): m is StoredMessage => m !== undefined);
  }

  /** The pinned messages of a channel, newest pin first, current state. */
  pins(channelId: string): StoredMessage[] {
    return (this.world.channelPins.get(channelId) ?? [])
      .map((p) => this.world.messages.get(p.messageId))
      .filter((m): m is StoredMessage => m !== undefined);
  }

  /** Any stored message by id, ephemeral ones included. */
  message(id: string): StoredMessage | undefined {
    return this.world.messages.get(id);
  }

  /** The bot's commands: global ones without a guild id, else that guild's. */
  registeredCommands(guildId?: string): APIApplicationCommand[] {
    return this.world.commands.list(guildId ?? 'global');
  }

  /** Number of identified gateway sessions with a live socket. */
  get connectedSessions(): number {
    return this.gateway.connectedSessions;
  }

  /** Every gateway session with its `[shard_id, num_shards]`, connected or still resumable. */
  gatewaySessions(): SessionInfo[] {
    return this.gateway.sessionInfo();
  }

  /**
   * Cuts every gateway connection as a network failure would (no close frame), so a
   * client's RESUME and the replay of events it missed can be tested.
   */
  dropGatewayConnections(): void {
    this.gateway.dropConnections();
  }

  // ---- driving -----------------------------------------------------------

  /**
   * Runs a slash command as a member ("name", "name sub" or "name group sub"). Option
   * values are coerced by the registered option types. Throws when the command is not
   * registered or the member could not run it; resolves at the first callback, a
   * refused callback, or the deadline.
   */
  invoke(p: InvokeParams): Promise<InteractionOutcome> {
    return this.driver.invoke(p);
  }

  /** Types into an autocomplete option; `outcome.choices` has the bot's answer. */
  autocomplete(p: AutocompleteParams): Promise<InteractionOutcome> {
    return this.driver.autocomplete(p);
  }

  /** Clicks a button. For an ephemeral message, only the member who saw it can. */
  clickButton(p: { messageId: string; customId: string; userId: string }): Promise<InteractionOutcome> {
    return this.driver.component(p, 'button');
  }

  /** Submits the modal the bot answered `opened` with, as the member who opened it; `values` by text input custom id. */
  submitModal(p: { opened: InteractionOutcome; values: Record<string, string> }): Promise<InteractionOutcome> {
    return this.driver.modalSubmit(p);
  }

  /**
   * Calls `react` the moment the bot's first callback for an interaction is accepted, before
   * the bot has the HTTP answer to it: a member who presses again as soon as the answer shows.
   * An interaction started from `react` is dispatched at once, so it can reach the bot ahead
   * of that HTTP answer, as it can on Discord. Returns a function that stops it.
   */
  onAnswer(react: (outcome: InteractionOutcome) => void): () => void {
    const listener = (outcome: InteractionOutcome) => react(outcome);
    this.on('interactionResponse', listener);
    return () => {
      this.off('interactionResponse', listener);
    };
  }

  /** Picks values in a select menu. */
  selectMenu(p: {
    messageId: string;
    customId: string;
    values: string[];
    userId: string;
  }): Promise<InteractionOutcome> {
    return this.driver.component(p, 'select');
  }

  /**
   * Resolves with the first value of `check` that is not undefined, null or false,
   * re-checking on every change in the loopback (and every 50 ms, for conditions on
   * the bot's own state). A throwing check counts as "not yet"; on timeout the error
   * names the condition and its last error.
   */
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
    return this.waiters.waitFor(check, timeoutMs);
  }

  private changed(): void {
    this.waiters.changed();
  }

  // ---- faults ------------------------------------------------------------

  /**
   * Makes POST to a channel's messages fail: 403 → 50013 Missing Permissions,
   * 404 → 10003 Unknown Channel, 500 → a server error, 'timeout' → no answer until
   * close. null clears it.
   */
  setChannelFault(channelId: string, fault: ChannelFault | null): void {
    if (fault === null) this.faults.delete(channelId);
    else this.faults.set(channelId, fault);
  }

  /**
   * Refuses the bot's next `count` interaction callbacks with 10062 Unknown interaction, as
   * Discord does once the 3-second deadline has passed: the bot's error path, on demand.
   */
  failInteractionCallbacks(count: number): void {
    this.lifecycle.failCallbacks(count);
  }

  /** Changes the rate limits; counters restart. */
  setRateLimits(r: Partial<RateLimitConfig>): void {
    this.limiter.configure(r);
  }

  /** Changes the answer latency and arrival bunching from the next request on. */
  setNetwork(patch: Partial<NetworkConditions>): void {
    Object.assign(this.network, patch);
  }

  /**
   * Another user of the same bot token (a second process, a script) spends `perSecond`
   * of the global limit in every window from now for `durationMs`. Returns when the
   * squeeze starts and ends (epoch ms, on the rate-limit clock); the windows it overlaps
   * are squeezed whole.
   */
  squeezeGlobalLimit(perSecond: number, durationMs: number): { from: number; until: number } {
    const from = this.rateLimitClock();
    const squeeze = { perWindow: perSecond, from, until: from + durationMs };
    this.limiter.squeeze(squeeze);
    return { from, until: squeeze.until };
  }
}
