import { route, type RestContext, type RouteDefinition } from './routes.ts';

/**
 * The interaction callback and the interaction webhooks (follow-ups, and the original
 * response and follow-ups to read, edit or delete). They are not bound to the global
 * limit (Discord's docs say so for the callback and for the interaction webhooks alike),
 * and use the interaction token for auth.
 */
export function interactionRoutes(ctx: RestContext): RouteDefinition[] {
  const { interactions, webhooks } = ctx;
  const hook = { auth: 'token' as const, global: false };
  const messageRoute = '/webhooks/:webhook_id/:webhook_token/messages/:message_id';
  return [
    route(
      'POST',
      '/interactions/:interaction_id/:interaction_token/callback',
      (r) =>
        interactions.callback(
          r.params.interaction_id!,
          r.params.interaction_token!,
          r.body,
          r.query.get('with_response') === 'true',
        ),
      { auth: 'none', global: false },
    ),
    route(
      'POST',
      '/webhooks/:webhook_id/:webhook_token',
      (r) => webhooks.followUp(r.params.webhook_id!, r.params.webhook_token!, r.body),
      hook,
    ),
    route(
      'GET',
      messageRoute,
      (r) => webhooks.getWebhookMessage(r.params.webhook_id!, r.params.webhook_token!, r.params.message_id!),
      hook,
    ),
    route(
      'PATCH',
      messageRoute,
      (r) => webhooks.editWebhookMessage(r.params.webhook_id!, r.params.webhook_token!, r.params.message_id!, r.body),
      hook,
    ),
    route(
      'DELETE',
      messageRoute,
      (r) => webhooks.deleteWebhookMessage(r.params.webhook_id!, r.params.webhook_token!, r.params.message_id!),
      hook,
    ),
  ];
}
