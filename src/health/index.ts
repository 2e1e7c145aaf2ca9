/**
 * src/health/: health and metrics for an operator. With HEALTH_PORT set, an HTTP server on
 * HEALTH_HOST (127.0.0.1 unless the operator chooses otherwise) answers `/livez` (the
 * process runs), `/readyz` (every shard it owns is ready and the database answers) and
 * `/metrics` (Prometheus's text format). Without it, nothing listens and nothing is
 * recorded.
 *
 * - metrics.ts: the narrow interface the router, the daily posts and the pacer report
 *   through, and its no-op stand-in.
 * - prometheus-metrics.ts: that interface on prom-client, with the default process metrics.
 * - readiness.ts: the readiness rule, pure.
 * - discord-observer.ts: what is read from the discord.js client (shards, answers, limits).
 * - health-server.ts: the HTTP server.
 */
import type { Client } from 'discord.js';
import type { Config } from '../app/config.ts';
import type { Logger } from '../app/logger.ts';
import type { Store } from '../storage/store.ts';
import { expectedShardCount, observeRest, shardStates } from './discord-observer.ts';
import { startHealthServer, type HealthServer } from './health-server.ts';
import { noMetrics, type BotMetrics } from './metrics.ts';
import { readiness, type Readiness } from './readiness.ts';

/** How long /readyz waits for the database's answer before calling it unreachable. */
export const READINESS_DATABASE_TIMEOUT_MS = 1000;

/** Health and metrics, running or off; the composition root hands it the store and the client as they come. */
export interface Health {
  /** What the bot's parts report to: Prometheus's, or nothing when HEALTH_PORT is unset. */
  readonly metrics: BotMetrics;
  /** The listening server, when HEALTH_PORT is set (its `port` is the one chosen for HEALTH_PORT=0). */
  readonly server: HealthServer | undefined;
  /** The database /readyz asks. */
  watchStore(store: Pick<Store, 'ping'>): void;
  /** The Discord client whose shards /readyz and /metrics read, and whose REST answers and limits are counted. */
  watchClient(client: Client): void;
  /** Stops the server; safe to call twice. */
  close(): Promise<void>;
}

/** A loopback address: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Starts health and metrics as HEALTH_PORT and HEALTH_HOST say; off (a no-op) without HEALTH_PORT. */
export async function startHealth(config: Pick<Config, 'healthPort' | 'healthHost'>, logger: Logger): Promise<Health> {
  if (config.healthPort === undefined) {
    return { metrics: noMetrics, server: undefined, watchStore() {}, watchClient() {}, close: async () => {} };
  }
  // prom-client is loaded only when metrics are served: without HEALTH_PORT it would be memory for nothing.
  const { PrometheusMetrics } = await import('./prometheus-metrics.ts');
  const metrics = new PrometheusMetrics();
  let store: Pick<Store, 'ping'> | undefined;
  let client: Client | undefined;

  const check = async (): Promise<Readiness> => {
    let databaseProblem: string | null = 'not open yet';
    if (store) {
      databaseProblem = await store.ping(READINESS_DATABASE_TIMEOUT_MS).then(
        () => null,
        // The kind of failure only: a driver's message can carry the host or the user.
        (error: unknown) => databaseFailure(error),
      );
    }
    const expected = client ? expectedShardCount(client) : undefined;
    return readiness({
      shards: client ? shardStates(client) : null,
      ...(expected !== undefined ? { expectedShards: expected } : {}),
      databaseProblem,
    });
  };

  const server = await startHealthServer({
    host: config.healthHost,
    port: config.healthPort,
    endpoints: {
      readiness: check,
      metrics: async () => ({ contentType: metrics.contentType, text: await metrics.text() }),
    },
  });
  logger.info({ host: server.host, port: server.port }, 'health and metrics listening');
  if (!isLoopbackHost(config.healthHost)) {
    logger.warn(
      { host: server.host },
      'health and metrics are served beyond this machine (HEALTH_HOST): anyone who can reach it can read them',
    );
  }
  return {
    metrics,
    server,
    watchStore(s) {
      store = s;
    },
    watchClient(c) {
      client = c;
      metrics.watchShards(() => shardStates(c));
      observeRest(c.rest, metrics);
    },
    close: () => server.close(),
  };
}

/** What /readyz says of a failed database check: the kind only, since a driver's message can name the host or the user. */
function databaseFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (message === 'the store is closed') return 'closed';
  if (/^no answer within \d+ ms$/.test(message)) return message;
  return 'the check query failed';
}
