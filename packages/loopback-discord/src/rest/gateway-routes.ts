import { route, type RestContext, type RouteDefinition } from './routes.ts';

/** How long Discord's session start limit lasts, as `/gateway/bot` reports it. */
const SESSION_LIMIT_RESET_MS = 24 * 60 * 60 * 1000;

/**
 * Where the gateway is: GET /gateway, and /gateway/bot with the recommended shard count
 * and the session start limit (identifies left, and `max_concurrency`, the identify buckets).
 */
export function gatewayRoutes(ctx: RestContext): RouteDefinition[] {
  return [
    route('GET', '/gateway', () => ({ status: 200, body: { url: ctx.gatewayUrl() } }), { auth: 'none', global: false }),
    route('GET', '/gateway/bot', () => ({
      status: 200,
      body: {
        url: ctx.gatewayUrl(),
        shards: ctx.sharding.recommendedShards,
        session_start_limit: {
          total: ctx.sharding.sessionStartLimit,
          remaining: ctx.sessionStartsRemaining(),
          reset_after: SESSION_LIMIT_RESET_MS,
          max_concurrency: ctx.sharding.maxConcurrency,
        },
      },
    })),
  ];
}
