/**
 * The HTTP server of HEALTH_PORT: `/livez`, `/readyz` and `/metrics`, on node:http. It
 * serves nothing else and reads no request body; what it answers comes from the
 * functions it is given.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readiness } from './readiness.ts';

/** What the endpoints answer from. */
export interface HealthEndpoints {
  readiness(): Promise<Readiness>;
  metrics(): Promise<{ contentType: string; text: string }>;
}

/** A listening health server. */
export interface HealthServer {
  /** The address it is bound to, and its port (the one chosen when HEALTH_PORT is 0). */
  readonly host: string;
  readonly port: number;
  /** Stops listening and ends open connections; safe to call twice. */
  close(): Promise<void>;
}

/** Listens on `host:port`; rejects if it cannot (the port is taken, the address is not this machine's). */
export async function startHealthServer(options: {
  host: string;
  port: number;
  endpoints: HealthEndpoints;
}): Promise<HealthServer> {
  const server = createServer((req, res) => void answer(req, res, options.endpoints));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    host: address.address,
    port: address.port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper's kept-alive connection would otherwise hold the close.
        server.closeAllConnections();
      })),
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, endpoints: HealthEndpoints): Promise<void> {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { allow: 'GET, HEAD' });
    }
    const path = new URL(req.url ?? '/', 'http://health.invalid').pathname;
    if (path === '/livez') {
      // Answering at all is the proof: a blocked event loop answers nothing, and the probe times out.
      return send(res, 200, 'text/plain; charset=utf-8', 'ok\n');
    }
    if (path === '/readyz') {
      const { ready, reasons } = await endpoints.readiness();
      const body = JSON.stringify(ready ? { status: 'ready' } : { status: 'not ready', reasons });
      return send(res, ready ? 200 : 503, 'application/json; charset=utf-8', `${body}\n`);
    }
    if (path === '/metrics') {
      const { contentType, text } = await endpoints.metrics();
      return send(res, 200, contentType, text);
    }
    return send(res, 404, 'text/plain; charset=utf-8', 'not found: try /livez, /readyz or /metrics\n');
  } catch {
    send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
  }
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
