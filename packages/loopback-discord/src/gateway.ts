import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { GatewayCloseCodes, GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { isObject, type Json } from './json.ts';
import { shardIdOf, type ShardingConfig } from './sharding.ts';
import { guildCreatePayload, memberPayload } from './world/payloads.ts';
import type { GuildRecord } from './world/records.ts';
import type { World } from './world/world.ts';

/** Every intent bit Discord defines; anything else in IDENTIFY is an invalid intent. */
const KNOWN_INTENTS = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === 'number')
  .reduce((a, b) => a | b, 0);

/** How long a dropped session can still be resumed. */
const RESUMABLE_FOR_MS = 60_000;
/** Dispatches kept per session for replay on RESUME. */
const REPLAY_BUFFER = 1000;

type Payload = { op: number; d: unknown; s: number | null; t: string | null };

/** Data for a dispatch, or a function that shapes it for a session's intents. */
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- names the function form
export type DispatchData = unknown | ((intents: number) => unknown);

/** Sends frames on one socket: plain JSON text, or zlib as Discord does it. */
class Sender {
  private deflate: zlib.Deflate | undefined;
  private chunks: Buffer[] = [];
  private chain: Promise<void> = Promise.resolve();
  /** IDENTIFY's `compress: true`: each payload is its own zlib stream. */
  perPayload = false;

  constructor(
    private readonly ws: WebSocket,
    zlibStream: boolean,
  ) {
    if (zlibStream) {
      // One deflate context for the whole connection, flushed with Z_SYNC_FLUSH after
      // each payload, so every frame ends in 00 00 ff ff as clients expect.
      this.deflate = zlib.createDeflate({ chunkSize: 64 * 1024 });
      this.deflate.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      this.deflate.on('error', () => this.ws.terminate());
    }
  }

  send(payload: Payload): void {
    const text = JSON.stringify(payload);
    if (this.deflate) {
      const deflate = this.deflate;
      this.chain = this.chain.then(
        () =>
          new Promise<void>((resolve) => {
            deflate.write(text);
            deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => this.drain(resolve, 0));
          }),
      );
      return;
    }
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (this.perPayload) this.ws.send(zlib.deflateSync(text));
    else this.ws.send(text);
  }

  /** Sends what the flush produced, once its last bytes (the sync marker) have arrived. */
  private drain(done: () => void, attempts: number): void {
    const out = Buffer.concat(this.chunks);
    const complete = out.length >= 4 && out.readUInt32BE(out.length - 4) === 0x0000ffff;
    if (!complete && attempts < 10) {
      setImmediate(() => this.drain(done, attempts + 1));
      return;
    }
    this.chunks = [];
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(out);
    done();
  }

  /** Sends everything queued, then closes. */
  close(code: number, reason: string): void {
    void this.chain.then(() => {
      if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
        this.ws.close(code, reason);
      this.deflate?.close();
    });
  }

  dispose(): void {
    this.deflate?.close();
  }
}

/** One gateway session: its sequence, intents, shard and the socket it is on, if any. */
class Session {
  seq = 0;
  sender: Sender | undefined;
  readonly replay: Array<{ s: number; payload: Payload }> = [];
  expiry: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    readonly intents: number,
    /** `[shard_id, num_shards]` from IDENTIFY; [0, 1] when it sent none. */
    readonly shard: [number, number],
  ) {}

  /** Whether Discord's sharding formula sends this guild's events here; events without a guild go to shard 0. */
  owns(guildId: string | undefined): boolean {
    const [id, count] = this.shard;
    return guildId === undefined ? id === 0 : shardIdOf(guildId, count) === id;
  }

  dispatch(t: string, d: unknown): void {
    const payload: Payload = { op: GatewayOpcodes.Dispatch, d, s: ++this.seq, t };
    this.replay.push({ s: payload.s!, payload });
    if (this.replay.length > REPLAY_BUFFER) this.replay.shift();
    this.sender?.send(payload);
  }
}

/** What the gateway needs from the rest of the loopback. */
export interface GatewayOptions {
  token: string;
  heartbeatIntervalMs: number;
  world: World;
  /** The URL clients reconnect to for RESUME. */
  url: () => string;
  /** Each event once, whatever the number of sessions. */
  onDispatch: (event: string, data: unknown) => void;
  sharding: ShardingConfig;
}

/** One gateway session, for a test to see which shards are connected. */
export interface SessionInfo {
  sessionId: string;
  /** `[shard_id, num_shards]`. */
  shard: [number, number];
  intents: number;
  /** Whether a socket is on it now (a dropped session stays resumable for a while). */
  connected: boolean;
}

/**
 * Discord's gateway over WebSocket: HELLO, heartbeats, IDENTIFY (token, intents and
 * shard checked, identify concurrency limited), READY then GUILD_CREATE per guild of the
 * session's shard, RESUME with replay, and dispatches filtered by each session's intents
 * and routed by Discord's sharding formula. Several sessions (several processes, each
 * with some shards) may be connected at once.
 */
export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly sockets = new Set<WebSocket>();
  /** When each identify bucket (`shard_id % max_concurrency`) last let an IDENTIFY through. */
  private readonly lastIdentify = new Map<number, number>();
  /** IDENTIFYs accepted so far, spent from the session start limit. */
  private identifies = 0;

  constructor(private readonly options: GatewayOptions) {}

  /** Sessions that are identified and have a live socket. */
  get connectedSessions(): number {
    return [...this.sessions.values()].filter((s) => s.sender !== undefined).length;
  }

  /** Every session, connected or resumable. */
  sessionInfo(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => ({
      sessionId: s.id,
      shard: [...s.shard],
      intents: s.intents,
      connected: s.sender !== undefined,
    }));
  }

  /** `session_start_limit.remaining`: the IDENTIFYs left. */
  get sessionStartsRemaining(): number {
    return Math.max(0, this.options.sharding.sessionStartLimit - this.identifies);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    this.sockets.add(ws);
    const query = new URL(req.url ?? '/', 'ws://loopback').searchParams;
    const sender = new Sender(ws, query.get('compress') === 'zlib-stream');
    let session: Session | undefined;
    ws.on('close', (code) => {
      this.sockets.delete(ws);
      sender.dispose();
      if (session && session.sender === sender) this.detach(session, code);
    });
    ws.on('error', () => ws.terminate());
    const version = query.get('v');
    if (version !== null && version !== '10' && version !== '9') {
      sender.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
      return;
    }
    if ((query.get('encoding') ?? 'json') !== 'json') {
      // The loopback speaks JSON only; ETF clients are told so plainly.
      sender.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    sender.send({
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: this.options.heartbeatIntervalMs, _trace: ['["loopback",{"micros":0}]'] },
      s: null,
      t: null,
    });

    ws.on('message', (raw: RawData, isBinary: boolean) => {
      let payload: { op?: unknown; d?: unknown };
      try {
        payload = JSON.parse(isBinary ? Buffer.from(raw as Buffer).toString('utf8') : raw.toString()) as typeof payload;
      } catch {
        sender.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
        return;
      }
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          sender.send({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
          return;
        case GatewayOpcodes.Identify: {
          if (session) {
            sender.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
            return;
          }
          session = this.identify(sender, payload.d);
          return;
        }
        case GatewayOpcodes.Resume: {
          if (session) {
            sender.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
            return;
          }
          session = this.resume(sender, payload.d);
          return;
        }
        case GatewayOpcodes.PresenceUpdate:
        case GatewayOpcodes.VoiceStateUpdate:
        case GatewayOpcodes.RequestSoundboardSounds:
          if (!session) sender.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
          return;
        case GatewayOpcodes.RequestGuildMembers:
          if (!session) sender.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
          else this.memberChunk(session, payload.d);
          return;
        default:
          sender.close(
            session ? GatewayCloseCodes.UnknownOpcode : GatewayCloseCodes.NotAuthenticated,
            session ? 'Unknown opcode.' : 'Not authenticated.',
          );
      }
    });
  }

  private identify(sender: Sender, data: unknown): Session | undefined {
    const d: Json = isObject(data) ? data : {};
    if (typeof d.token !== 'string' || d.token.replace(/^Bot\s+/i, '') !== this.options.token) {
      sender.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return undefined;
    }
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0 || (intents & ~KNOWN_INTENTS) !== 0) {
      sender.close(GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
      return undefined;
    }
    const shard = parseShard(d.shard);
    if (!shard) {
      sender.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return undefined;
    }
    const { world, sharding } = this.options;
    const owned = (g: GuildRecord) => g.botPresent && shardIdOf(g.id, shard[1]) === shard[0];
    const guilds = [...world.guilds.values()].filter(owned);
    if (guilds.length > sharding.maxGuildsPerShard) {
      sender.close(GatewayCloseCodes.ShardingRequired, 'Sharding required.');
      return undefined;
    }
    if (!this.takeIdentify(shard[0])) {
      // Discord answers an IDENTIFY over the concurrency limit with Invalid Session, not a close.
      sender.send({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return undefined;
    }
    if (d.compress === true) sender.perPayload = true;
    const session = new Session(randomBytes(16).toString('hex'), intents, shard);
    session.sender = sender;
    this.sessions.set(session.id, session);
    session.dispatch('READY', {
      v: 10,
      user_settings: {},
      user: { ...world.botUser, email: null },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      guild_join_requests: [],
      relationships: [],
      private_channels: [],
      presences: [],
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.options.url(),
      shard,
      application: { id: world.applicationId, flags: APPLICATION_FLAGS },
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ['["loopback",{"micros":0}]'],
    });
    if (intents & GatewayIntentBits.Guilds) {
      for (const g of guilds)
        session.dispatch(
          'GUILD_CREATE',
          guildCreatePayload(world, g, (intents & GatewayIntentBits.GuildMembers) !== 0),
        );
    }
    return session;
  }

  /** Spends an identify of the shard's bucket, unless that bucket identified too recently. */
  private takeIdentify(shardId: number): boolean {
    const { maxConcurrency, identifyIntervalMs } = this.options.sharding;
    const bucket = shardId % maxConcurrency;
    const now = Date.now();
    const last = this.lastIdentify.get(bucket);
    if (identifyIntervalMs > 0 && last !== undefined && now - last < identifyIntervalMs) return false;
    this.lastIdentify.set(bucket, now);
    this.identifies++;
    return true;
  }

  private resume(sender: Sender, data: unknown): Session | undefined {
    const d: Json = isObject(data) ? data : {};
    if (typeof d.token !== 'string' || d.token.replace(/^Bot\s+/i, '') !== this.options.token) {
      sender.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return undefined;
    }
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    const seq = typeof d.seq === 'number' ? d.seq : -1;
    const oldest = session?.replay[0]?.s ?? Infinity;
    if (!session || seq > session.seq || (seq + 1 < oldest && seq < session.seq)) {
      // Not resumable: the client waits 1-5 s and identifies anew, as with Discord.
      sender.send({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return undefined;
    }
    if (session.expiry) clearTimeout(session.expiry);
    session.expiry = undefined;
    const previous = session.sender;
    session.sender = sender;
    if (previous) previous.close(GatewayCloseCodes.SessionTimedOut, 'Session resumed elsewhere.');
    for (const { s, payload } of session.replay) if (s > seq) sender.send(payload);
    session.dispatch('RESUMED', { _trace: ['["loopback",{"micros":0}]'] });
    return session;
  }

  private memberChunk(session: Session, data: unknown): void {
    const d: Json = isObject(data) ? data : {};
    const guild = this.options.world.guild(String(d.guild_id));
    // Discord answers only for a guild of the session's shard.
    if (!guild || !session.owns(guild.id)) return;
    const wanted: string[] | undefined = Array.isArray(d.user_ids)
      ? (d.user_ids as string[])
      : typeof d.user_ids === 'string'
        ? [d.user_ids]
        : undefined;
    const query = typeof d.query === 'string' ? d.query.toLowerCase() : '';
    const limit = typeof d.limit === 'number' && d.limit > 0 ? d.limit : Infinity;
    const members = [...guild.members.values()]
      .filter((m) =>
        wanted
          ? wanted.includes(m.userId)
          : (this.options.world.user(m.userId)?.username ?? '').toLowerCase().startsWith(query),
      )
      .slice(0, limit);
    session.dispatch('GUILD_MEMBERS_CHUNK', {
      guild_id: guild.id,
      members: members.map((m) => memberPayload(this.options.world, m)),
      chunk_index: 0,
      chunk_count: 1,
      ...(wanted ? { not_found: wanted.filter((id) => !guild.members.has(id)) } : {}),
      ...(typeof d.nonce === 'string' ? { nonce: d.nonce } : {}),
    });
  }

  /** A socket went away: a normal close ends the session, anything else leaves it resumable for a while. */
  private detach(session: Session, code: number): void {
    session.sender = undefined;
    if (code === 1000 || code === 1001) {
      this.sessions.delete(session.id);
      return;
    }
    session.expiry = setTimeout(() => this.sessions.delete(session.id), RESUMABLE_FOR_MS);
    session.expiry.unref();
  }

  /**
   * Sends an event to every session whose intents include `intent` (all when undefined)
   * and whose shard owns `guildId` (shard 0 when undefined, as for DMs).
   */
  dispatch(event: string, data: DispatchData, intent?: number, guildId?: string): void {
    const shape = typeof data === 'function' ? (data as (intents: number) => unknown) : () => data;
    for (const session of this.sessions.values()) {
      if (intent !== undefined && !(session.intents & intent)) continue;
      if (!session.owns(guildId)) continue;
      session.dispatch(event, shape(session.intents));
    }
    this.options.onDispatch(event, shape(KNOWN_INTENTS));
  }

  /** Cuts every socket without a close frame; the sessions stay resumable. */
  dropConnections(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  /** Closes every socket and forgets every session. */
  close(): void {
    for (const session of this.sessions.values()) if (session.expiry) clearTimeout(session.expiry);
    this.sessions.clear();
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    this.wss.close();
  }
}

/** IDENTIFY's `shard`, or undefined when it is not `[shard_id, num_shards]` with 0 <= shard_id < num_shards. */
function parseShard(raw: unknown): [number, number] | undefined {
  if (raw === undefined || raw === null) return [0, 1];
  if (!Array.isArray(raw) || raw.length !== 2) return undefined;
  const [id, count] = raw as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return undefined;
  const shard: [number, number] = [id as number, count as number];
  return shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1] ? shard : undefined;
}

/**
 * The application's flags as READY reports them: the "limited" privileged-intent
 * flags, i.e. an unverified bot that has them switched on, so any intent is accepted.
 */
export const APPLICATION_FLAGS = (1 << 13) | (1 << 15) | (1 << 19);
