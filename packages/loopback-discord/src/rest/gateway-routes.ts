import { route, type RestContext, type RouteDefinition } from './routes.ts';

/** Where the gateway is: GET /gateway, and /gateway/bot with its one shard and session budget. */
export function gatewayRoutes(ctx: RestContext): RouteDefinition[] {
  return [
    route('GET', '/gateway', () => ({ status: 200, body: { url: ctx.gatewayUrl() } }), { auth: 'none', global: false }),
    route('GET', '/gateway/bot', () => ({
      status: 200,
      body: {
        url: ctx.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      },
    })),
  ];
}
