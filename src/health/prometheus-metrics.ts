/**
 * The bot's metrics in Prometheus's text format, on prom-client: what the bot's parts
 * report through {@link BotMetrics}, the gateway shards read at each scrape, and
 * prom-client's default process metrics. One registry per instance, so several bots in
 * one process (tests, the bench) never share counters.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type {
  BotMetrics,
  DailyFailureReason,
  InteractionOutcome,
  InteractionType,
  RateLimitScope,
  RateLimitSource,
} from './metrics.ts';
import { SHARD_STATUSES, type ShardState } from './readiness.ts';

/** Reply latency buckets (s): fine below Discord's 3 s deadline, which is the one that matters. */
const REPLY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
/** Scheduler lag buckets (s): from on the minute to a catch-up hours late. */
const LAG_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 24 * 3600];
/**
 * An interaction the router has not finished after this long is forgotten (the router
 * always finishes; this only bounds the map if a handler never settles).
 */
const PENDING_MAX_MS = 15 * 60_000;

interface Pending {
  command: string;
  type: InteractionType;
  at: number;
  answered: boolean;
}

/** {@link BotMetrics} on a prom-client registry, with the gateway's shards read at each scrape. */
export class PrometheusMetrics implements BotMetrics {
  readonly registry = new Registry();
  private readonly pending = new Map<string, Pending>();
  private shards: () => readonly ShardState[] = () => [];
  private readonly interactions: Counter<'command' | 'type' | 'outcome' | 'reason'>;
  private readonly replySeconds: Histogram<'command' | 'type'>;
  private readonly postsSent: Counter;
  private readonly postFailures: Counter<'reason'>;
  private readonly postLagSeconds: Histogram;
  private readonly rateLimits: Counter<'scope' | 'source'>;

  constructor(private readonly now: () => number = () => performance.now()) {
    const registers = [this.registry];
    this.interactions = new Counter({
      name: 'reconnect_interactions_total',
      help: 'Interactions handled, by command, type (command, autocomplete, component) and outcome (ok, refused, failed); reason is the refusal kind, or none.',
      labelNames: ['command', 'type', 'outcome', 'reason'],
      registers,
    });
    this.replySeconds = new Histogram({
      name: 'reconnect_interaction_reply_seconds',
      help: 'From receiving an interaction to its first answer coming back from Discord (reply, deferral, update or autocomplete choices).',
      labelNames: ['command', 'type'],
      buckets: REPLY_BUCKETS,
      registers,
    });
    this.postsSent = new Counter({
      name: 'reconnect_daily_posts_sent_total',
      help: 'Daily small-wins posts this process sent.',
      registers,
    });
    this.postFailures = new Counter({
      name: 'reconnect_daily_post_failures_total',
      help: 'Daily post attempts that failed, by reason (missing-permissions, forbidden, gone, transient, store, other).',
      labelNames: ['reason'],
      registers,
    });
    this.postLagSeconds = new Histogram({
      name: 'reconnect_daily_post_lag_seconds',
      help: "From a daily post's due time to its sending, on the bot's clock.",
      buckets: LAG_BUCKETS,
      registers,
    });
    this.rateLimits = new Counter({
      name: 'reconnect_rate_limits_total',
      help: "Rate limits met, by scope (global, route, shared) and source (pacer: Discord's 429 answers on the wire; rest: @discordjs/rest held a request for a limit it knew).",
      labelNames: ['scope', 'source'],
      registers,
    });
    // collect() runs with the gauge as `this`.
    const shards = () => this.shards();
    new Gauge({
      name: 'reconnect_gateway_shard_status',
      help: "Each gateway shard this process owns: 1 for its current status, 0 for the others (discord.js's statuses).",
      labelNames: ['shard', 'status'],
      registers,
      collect() {
        this.reset();
        for (const shard of shards()) {
          for (const status of SHARD_STATUSES)
            this.set({ shard: String(shard.id), status }, shard.status === status ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'reconnect_gateway_ping_seconds',
      help: "Each gateway shard's last heartbeat round trip; absent before its first.",
      labelNames: ['shard'],
      registers,
      collect() {
        this.reset();
        for (const shard of shards()) if (shard.pingMs >= 0) this.set({ shard: String(shard.id) }, shard.pingMs / 1000);
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Where the gateway's shards are read at each scrape (the Discord client, once it exists). */
  watchShards(shards: () => readonly ShardState[]): void {
    this.shards = shards;
  }

  /** The text a scrape of /metrics returns. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  interactionReceived(interactionId: string, command: string, type: InteractionType): void {
    const now = this.now();
    this.pending.set(interactionId, { command, type, at: now, answered: false });
    if (this.pending.size > 1000) {
      for (const [id, p] of this.pending) if (now - p.at > PENDING_MAX_MS) this.pending.delete(id);
    }
  }

  interactionAnswered(interactionId: string): void {
    const pending = this.pending.get(interactionId);
    // Only the first answer counts; a follow-up or an edit is not a callback anyway.
    if (!pending || pending.answered) return;
    pending.answered = true;
    this.replySeconds.observe({ command: pending.command, type: pending.type }, (this.now() - pending.at) / 1000);
  }

  interactionFinished(interactionId: string, outcome: InteractionOutcome): void {
    const pending = this.pending.get(interactionId);
    this.pending.delete(interactionId);
    if (!pending) return;
    const reason = outcome.outcome === 'refused' ? outcome.kind : 'none';
    this.interactions.inc({ command: pending.command, type: pending.type, outcome: outcome.outcome, reason });
  }

  dailyPostSent(lagMs: number): void {
    this.postsSent.inc();
    this.postLagSeconds.observe(Math.max(0, lagMs) / 1000);
  }

  dailyPostFailed(reason: DailyFailureReason): void {
    this.postFailures.inc({ reason });
  }

  rateLimited(scope: RateLimitScope, source: RateLimitSource): void {
    this.rateLimits.inc({ scope, source });
  }
}
