import type { IncomingMessage, ServerResponse } from 'node:http';
import { Errors, type Answer } from '../api-errors.ts';
import { isObject } from '../json.ts';
import { DEFAULT_BUCKET, type BucketSpec } from '../rate-limits.ts';
import { applicationRoutes } from './application-routes.ts';
import { channelRoutes } from './channel-routes.ts';
import { gatewayRoutes } from './gateway-routes.ts';
import { parseBody, readBody, safeDecode, send, sleep } from './http.ts';
import { interactionRoutes } from './interaction-routes.ts';
import type { RequestLogEntry } from './request-log.ts';
import type { RestContext, RouteDefinition } from './routes.ts';
import { userGuildRoutes } from './user-guild-routes.ts';

/** A route with its template compiled to a pattern. */
interface Route extends RouteDefinition {
  pattern: RegExp;
  keys: string[];
}

/**
 * Discord's REST API v10 for what a bot does: routing, auth, rate limits, injected
 * faults, and the recording tests assert on. The routes, by area, are in *-routes.ts.
 */
export class RestApi {
  private readonly routes: Route[];

  constructor(private readonly ctx: RestContext) {
    this.routes = [
      ...gatewayRoutes(ctx),
      ...userGuildRoutes(ctx),
      ...applicationRoutes(ctx),
      ...interactionRoutes(ctx),
      ...channelRoutes(ctx),
    ].map(compile);
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
        setTimeout(
          () => {
            if (!res.destroyed) send(res, answer, extraHeaders);
          },
          min + Math.random() * (max - min),
        );
      } else {
        send(res, answer, extraHeaders);
      }
      const entry: RequestLogEntry = {
        method,
        path,
        status: answer.status,
        at,
        ...(body !== undefined ? { body } : {}),
      };
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
        const answer =
          fault === 403 ? Errors.missingPermissions() : fault === 404 ? Errors.unknownChannel() : Errors.serverError();
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
    const major =
      params.channel_id ?? params.guild_id ?? (params.webhook_id ? `${params.webhook_id}/${params.webhook_token}` : '');
    if (key === 'POST /channels/:channel_id/messages')
      return { bucket: this.ctx.limiter.channelMessagesBucket(key), major };
    return { bucket: { route: key, ...DEFAULT_BUCKET }, major };
  }
}

/** Compiles a route's template to a pattern whose groups are its parameters. */
function compile(definition: RouteDefinition): Route {
  const keys: string[] = [];
  const source = definition.template
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      keys.push(part.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { ...definition, pattern: new RegExp(`^${source}$`), keys };
}
