import { afterEach, describe, expect, it } from 'vitest';
import { startHealthServer, type HealthServer } from '../../src/health/health-server.ts';
import type { Readiness } from '../../src/health/readiness.ts';

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(state: { readiness: Readiness }) {
  server = await startHealthServer({
    host: '127.0.0.1',
    port: 0,
    endpoints: {
      readiness: async () => state.readiness,
      metrics: async () => ({
        contentType: 'text/plain; version=0.0.4; charset=utf-8',
        text: 'reconnect_daily_posts_sent_total 3\n',
      }),
    },
  });
  return (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${server!.port}${path}`, init);
}

describe('health server', () => {
  it('GIVEN port 0 THEN it binds a free port on the loopback and says which', async () => {
    await serve({ readiness: { ready: true, reasons: [] } });
    expect(server!.host).toBe('127.0.0.1');
    expect(server!.port).toBeGreaterThan(0);
  });

  it('GIVEN a process that runs THEN /livez answers 200', async () => {
    const get = await serve({ readiness: { ready: false, reasons: ['gateway: not connected yet'] } });
    const res = await get('/livez');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });

  it('GIVEN not ready THEN /readyz is 503 with the reasons; once ready, 200', async () => {
    const state = { readiness: { ready: false, reasons: ['shard 0: connecting', 'database: closed'] } as Readiness };
    const get = await serve(state);
    let res = await get('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not ready', reasons: ['shard 0: connecting', 'database: closed'] });
    state.readiness = { ready: true, reasons: [] };
    res = await get('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('GIVEN a scrape THEN /metrics answers the text with its content type', async () => {
    const get = await serve({ readiness: { ready: true, reasons: [] } });
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(await res.text()).toBe('reconnect_daily_posts_sent_total 3\n');
  });

  it('GIVEN another path or method THEN 404 or 405, and HEAD answers without a body', async () => {
    const get = await serve({ readiness: { ready: true, reasons: [] } });
    expect((await get('/')).status).toBe(404);
    const post = await get('/livez', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await get('/readyz', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('GIVEN a port already taken THEN starting fails, saying so', async () => {
    await serve({ readiness: { ready: true, reasons: [] } });
    await expect(
      startHealthServer({
        host: '127.0.0.1',
        port: server!.port,
        endpoints: {
          readiness: async () => ({ ready: true, reasons: [] }),
          metrics: async () => ({ contentType: '', text: '' }),
        },
      }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
