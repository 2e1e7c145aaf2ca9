import type { ServerResponse } from 'node:http';
import type { Answer } from '../api-errors.ts';
import type { InteractionWebhooks } from '../interactions/follow-ups.ts';
import type { InteractionLifecycle } from '../interactions/lifecycle.ts';
import type { RateLimiter } from '../rate-limits.ts';
import type { ShardingConfig } from '../sharding.ts';
import type { MessageStore } from '../world/messages.ts';
import type { World } from '../world/world.ts';
import type { ChannelFault, NetworkConditions } from './network.ts';
import type { RequestLogEntry, Stats, Violation } from './request-log.ts';

/** What the REST layer needs from the rest of the loopback. */
export interface RestContext {
  token: string;
  world: World;
  messages: MessageStore;
  interactions: InteractionLifecycle;
  webhooks: InteractionWebhooks;
  limiter: RateLimiter;
  faults: Map<string, ChannelFault>;
  network: NetworkConditions;
  /** How long a nonce sent with enforce_nonce deduplicates; Discord's is a few minutes. */
  nonceWindowMs: number;
  stats: Stats;
  requestLog: RequestLogEntry[];
  violations: Violation[];
  gatewayUrl: () => string;
  sharding: ShardingConfig;
  /** IDENTIFYs left of the session start limit. */
  sessionStartsRemaining: () => number;
  /** The clock rate-limit windows count in. */
  rateLimitClock: () => number;
  /** Called after every answered request. */
  onRequest: (entry: RequestLogEntry) => void;
  /** Registers a request that is never answered, so close() can end it. */
  hang: (res: ServerResponse) => void;
}

/** A request as a route handler sees it. */
export interface RestRequest {
  method: string;
  /** The route template's parameters, e.g. channel_id. */
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

/** Answers one request; synchronous handlers are answered in the same tick. */
export type Handler = (req: RestRequest) => Answer | Promise<Answer>;

/** One route of the REST API. */
export interface RouteDefinition {
  method: string;
  /** The path under /api/v10, with :name parameters. */
  template: string;
  /** 'bot' (default): Authorization must be our bot token. 'token': the URL carries its own token. */
  auth: 'bot' | 'token' | 'none';
  /** Whether the request counts toward the global limit. Default true. */
  global: boolean;
  handler: Handler;
}

/** A route, bot-authorized and under the global limit unless `options` says otherwise. */
export function route(
  method: string,
  template: string,
  handler: Handler,
  options: { auth?: RouteDefinition['auth']; global?: boolean } = {},
): RouteDefinition {
  return { method, template, auth: options.auth ?? 'bot', global: options.global ?? true, handler };
}
