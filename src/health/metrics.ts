/**
 * What the bot records for its metrics, as one narrow interface that the interaction
 * router, the daily posts and the request pacer call. It knows nothing of prom-client:
 * {@link noMetrics} stands in when HEALTH_PORT is unset, and tests pass their own.
 * Every label value comes from a fixed set (command names, refusal kinds, reasons),
 * never from members, servers or channels.
 */
import type { DailyFailureReason } from '../daily/failure-policy.ts';
import type { RefusalKind } from '../discord/errors.ts';

export type { DailyFailureReason };

/** What kind of interaction a member sent. */
export type InteractionType = 'command' | 'autocomplete' | 'component';

/** How the router finished with an interaction. */
export type InteractionOutcome = { outcome: 'ok' } | { outcome: 'refused'; kind: RefusalKind } | { outcome: 'failed' };

/** Which limit held a request: Discord's global one, a route's bucket, or a shared resource's. */
export type RateLimitScope = 'global' | 'route' | 'shared';

/**
 * Who saw the rate limit: the pacer counts Discord's 429 answers on the wire;
 * @discordjs/rest's `rateLimited` event says it held a request for a limit it knew.
 */
export type RateLimitSource = 'pacer' | 'rest';

/** What the bot's parts report. Each call is cheap and never throws. */
export interface BotMetrics {
  /** The router received an interaction; `command` is a registered command's name, or 'unknown'. */
  interactionReceived(interactionId: string, command: string, type: InteractionType): void;
  /** The interaction's first answer (reply, deferral, update, autocomplete choices) came back from Discord. */
  interactionAnswered(interactionId: string): void;
  /** The router is done with the interaction (after its handler, or its failure's answer). */
  interactionFinished(interactionId: string, outcome: InteractionOutcome): void;
  /** This process sent a channel's daily post `lagMs` after it was due. */
  dailyPostSent(lagMs: number): void;
  /** A daily post attempt failed. */
  dailyPostFailed(reason: DailyFailureReason): void;
  /** A request met a rate limit. */
  rateLimited(scope: RateLimitScope, source: RateLimitSource): void;
}

/** Records nothing: the bot without HEALTH_PORT. */
export const noMetrics: BotMetrics = {
  interactionReceived() {},
  interactionAnswered() {},
  interactionFinished() {},
  dailyPostSent() {},
  dailyPostFailed() {},
  rateLimited() {},
};
