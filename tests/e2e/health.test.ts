import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, createServer as createNetServer, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { LoopbackDiscord } from '@reconnect/loopback-discord';
import { afterEach, describe, expect, it } from 'vitest';
import { launchApp, type App } from '../../src/app/app.ts';
import { parseConfig } from '../../src/app/config.ts';
import { createLogger } from '../../src/app/logger.ts';
import { testEngines } from '../storage/engines.ts';
import { startWorld, TOKEN, type World } from './harness.ts';

/** The value of one sample line of a scrape, e.g. `name{a="b"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const get = (port: number, path: string) => fetch(`http://127.0.0.1:${port}${path}`);

async function waitFor<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * A pass-through to the loopback Discord that holds `GET /gateway/bot` (the first thing
 * discord.js asks when it logs in) until `open()`: the bot is starting, and not ready, for
 * as long as the test likes.
 */
async function gatewayGate(apiUrl: string) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const target = new URL(apiUrl);
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.url?.endsWith('/gateway/bot')) await gate;
      const body = await readBody(req);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          ([k]) => !['host', 'connection', 'content-length', 'transfer-encoding'].includes(k),
        ),
      ) as Record<string, string>;
      const upstream = await fetch(`${target.origin}${req.url}`, {
        method: req.method!,
        headers,
        ...(body.length ? { body } : {}),
      });
      const out = Object.fromEntries(
        [...upstream.headers].filter(
          ([k]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k),
        ),
      );
      res.writeHead(upstream.status, out);
      res.end(Buffer.from(await upstream.arrayBuffer()));
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}${target.pathname}`,
    open,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A TCP link to the PostgreSQL server of `url` that can stall (bytes held both ways, as
 * behind a dead route) and resume; `url` is the database's URL through the link.
 */
async function stallableLink(url: URL) {
  const sockets = new Set<Socket>();
  let stalled = false;
  const pairs: Array<[Socket, Socket]> = [];
  const server = createNetServer((client) => {
    const upstream = connect({ host: url.hostname, port: Number(url.port || 5432) });
    sockets.add(client).add(upstream);
    pairs.push([client, upstream]);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    if (stalled) {
      client.pause();
      upstream.pause();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const through = new URL(url);
  through.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: through.toString(),
    stall() {
      stalled = true;
      for (const [a, b] of pairs) {
        a.unpipe(b);
        b.unpipe(a);
        a.pause();
        b.pause();
      }
    },
    resume() {
      stalled = false;
      for (const [a, b] of pairs) {
        a.pipe(b);
        b.pipe(a);
        a.resume();
        b.resume();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

describe.each(testEngines())('health and metrics on $name', (engine) => {
  describe('readiness', () => {
    let cleanup: Array<() => Promise<unknown>> = [];
    afterEach(async () => {
      for (const step of cleanup.reverse()) await step().catch(() => undefined);
      cleanup = [];
    });

    it('GIVEN HEALTH_PORT=0 THEN /readyz is 503 until the bot is ready, 200 once it is, 503 when the database is closed; /livez is 200 throughout', async () => {
      const discord = await LoopbackDiscord.start({ token: TOKEN });
      cleanup.push(() => discord.close());
      const alex = discord.addUser({ username: 'alex' });
      discord.addGuild({
        name: 'Reconnect Test',
        ownerId: alex.id,
        channels: [{ name: 'general' }],
        members: [{ userId: alex.id }],
      });
      const gate = await gatewayGate(discord.apiUrl);
      cleanup.push(() => gate.close());
      const config = parseConfig({
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_URL: gate.apiUrl,
        DATABASE_URL: await engine.newDatabaseUrl(),
        HEALTH_PORT: '0',
      });
      const lines: string[] = [];
      const logger = createLogger({
        level: 'info',
        secrets: [TOKEN],
        destination: { write: (l: string) => lines.push(l) },
      });

      const launching = launchApp(config, logger, { autoTick: false });
      // eslint-disable-next-line prefer-const -- the cleanup below may run before it is set
      let app: App | undefined;
      cleanup.push(async () => (app ?? (await launching)).stop());
      // The port chosen for HEALTH_PORT=0 is in the log, as an operator would find it.
      const listening = await waitFor(
        () =>
          lines
            .map((l) => JSON.parse(l) as { msg: string; host: string; port: number })
            .find((l) => l.msg === 'health and metrics listening'),
        'the health server',
      );
      expect(listening.host).toBe('127.0.0.1');
      const { port } = listening;

      expect((await get(port, '/livez')).status).toBe(200);
      const starting = await get(port, '/readyz');
      expect(starting.status).toBe(503);
      expect(((await starting.json()) as { reasons: string[] }).reasons).toContain('gateway: not connected yet');

      gate.open();
      app = await launching;
      expect(app.health.server!.port).toBe(port);
      const ready = await get(port, '/readyz');
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
      const scrape = await (await get(port, '/metrics')).text();
      expect(sample(scrape, 'reconnect_gateway_shard_status{shard="0",status="ready"}')).toBe(1);

      await app.store.close();
      const closed = await get(port, '/readyz');
      expect(closed.status).toBe(503);
      expect(await closed.json()).toEqual({ status: 'not ready', reasons: ['database: closed'] });
      expect((await get(port, '/livez')).status).toBe(200);

      await app.stop();
      await expect(get(port, '/livez')).rejects.toThrow(); // stopped with the bot
    });

    it.runIf(engine.dialect === 'postgres')(
      'GIVEN the PostgreSQL server stops answering THEN /readyz is 503 within its short time-out, and 200 again once it answers',
      async () => {
        const discord = await LoopbackDiscord.start({ token: TOKEN });
        cleanup.push(() => discord.close());
        const link = await stallableLink(new URL(await engine.newDatabaseUrl()));
        cleanup.push(() => link.close());
        const config = parseConfig({
          DISCORD_TOKEN: TOKEN,
          DISCORD_API_URL: discord.apiUrl,
          DATABASE_URL: link.url,
          HEALTH_PORT: '0',
        });
        const app = await launchApp(config, createLogger({ level: 'silent' }), { autoTick: false });
        // Stopped after the link is cut (clean-up runs in reverse), so no query is left hanging.
        cleanup.splice(1, 0, () => app.stop());
        const port = app.health.server!.port;
        expect((await get(port, '/readyz')).status).toBe(200);

        link.stall();
        const stalled = await get(port, '/readyz');
        expect(stalled.status).toBe(503);
        expect(await stalled.json()).toEqual({ status: 'not ready', reasons: ['database: no answer within 1000 ms'] });
        expect((await get(port, '/livez')).status).toBe(200);

        link.resume();
        await waitFor(
          async () => (await get(port, '/readyz')).status === 200 || undefined,
          'the database answering again',
        );
      },
    );
  });

  describe('metrics', () => {
    let world: World;
    afterEach(async () => {
      await world?.close();
    });

    it('GIVEN commands answered, refused and failing, a daily post sent late and one refused, and rate limits met THEN /metrics shows them as an operator reads them, with no ids in any label', async () => {
      world = await startWorld({
        databaseUrl: await engine.newDatabaseUrl(),
        env: { HEALTH_PORT: '0' },
        // Heartbeats often enough that the gateway's ping is known within the test.
        loopback: { heartbeatIntervalMs: 300 },
      });
      const port = world.app.health.server!.port;
      const smallWins = world.channel('small-wins');
      const announcements = world.channel('announcements');

      for (let i = 0; i < 2; i++) expect((await world.run('about')).status).toBe('responded');
      const refused = await world.run('article', { section: 'no such section anywhere' });
      expect(refused.reply?.content).toMatch(/I don't know the section/);
      const choices = await world.discord.autocomplete({
        guildId: world.guild.id,
        channelId: world.general.id,
        userId: world.alex.id,
        command: 'smallwins enable',
        options: { channel: smallWins.id, time: '9am', timezone: 'london' },
        focused: 'timezone',
      });
      expect(choices.choices?.length).toBeGreaterThan(0);
      for (const channel of [smallWins, announcements]) {
        const enabled = await world.run('smallwins enable', {
          channel: channel.id,
          time: '09:00',
          timezone: 'Europe/London',
        });
        expect(enabled.reply?.content).toContain('Small wins is on');
      }

      // 09:02 for a 09:00 post: two minutes late. Discord refuses #announcements, and a
      // global limit of 1 a second makes the two sends meet a 429 on the wire.
      world.discord.setChannelFault(announcements.id, 403);
      world.discord.setRateLimits({ globalPerSecond: 1, channelMessages: { limit: 1, windowMs: 3000 } });
      await world.tickAt('2026-11-25T09:02:00Z');
      const posted = () =>
        world.discord
          .messages(smallWins.id)
          .filter((m) => (m as { embeds: Array<{ title?: string }> }).embeds[0]?.title?.startsWith('Small wins'));
      expect(posted()).toHaveLength(1);
      // A test post right after it: @discordjs/rest knows the channel's bucket is spent and holds it.
      expect((await world.run('smallwins post-now', { channel: smallWins.id })).status).toBe('responded');
      await world.discord.waitFor(() => posted().length === 2 || undefined);

      // The post-now handler finishes once its answer is edited, a moment after its post.
      const text = await waitFor(async () => {
        const t = await (await get(port, '/metrics')).text();
        const finished =
          sample(t, 'reconnect_interactions_total{command="smallwins",type="command",outcome="ok",reason="none"}') ===
          3;
        return finished && sample(t, 'reconnect_gateway_ping_seconds{shard="0"}') !== undefined ? t : undefined;
      }, 'a heartbeat and the post-now finished');
      // Interactions: by command, type and outcome, refusals by kind.
      expect(
        sample(text, 'reconnect_interactions_total{command="about",type="command",outcome="ok",reason="none"}'),
      ).toBe(2);
      expect(
        sample(
          text,
          'reconnect_interactions_total{command="article",type="command",outcome="refused",reason="unknown-section"}',
        ),
      ).toBe(1);
      expect(
        sample(
          text,
          'reconnect_interactions_total{command="smallwins",type="autocomplete",outcome="ok",reason="none"}',
        ),
      ).toBe(1);
      expect(
        sample(text, 'reconnect_interactions_total{command="smallwins",type="command",outcome="ok",reason="none"}'),
      ).toBe(3);
      // Reply latency: every answer timed, all within Discord's 3 s deadline.
      expect(sample(text, 'reconnect_interaction_reply_seconds_count{command="about",type="command"}')).toBe(2);
      expect(
        sample(text, 'reconnect_interaction_reply_seconds_bucket{le="3",command="smallwins",type="command"}'),
      ).toBe(3);
      expect(sample(text, 'reconnect_interaction_reply_seconds_count{command="smallwins",type="autocomplete"}')).toBe(
        1,
      );
      // Daily posts: one sent, two minutes after it was due; one refused. A test post is not a daily post.
      expect(sample(text, 'reconnect_daily_posts_sent_total')).toBe(1);
      expect(sample(text, 'reconnect_daily_post_failures_total{reason="forbidden"}')).toBe(1);
      expect(sample(text, 'reconnect_daily_post_lag_seconds_count')).toBe(1);
      expect(sample(text, 'reconnect_daily_post_lag_seconds_sum')).toBe(120);
      expect(sample(text, 'reconnect_daily_post_lag_seconds_bucket{le="60"}')).toBe(0);
      expect(sample(text, 'reconnect_daily_post_lag_seconds_bucket{le="120"}')).toBe(1);
      // 429s: the global one met on the wire by the pacer, the channel's bucket held by @discordjs/rest.
      expect(sample(text, 'reconnect_rate_limits_total{scope="global",source="pacer"}')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'reconnect_rate_limits_total{scope="route",source="rest"}')).toBeGreaterThanOrEqual(1);
      // The gateway: the one shard ready, its ping known; and the process's own metrics.
      expect(sample(text, 'reconnect_gateway_shard_status{shard="0",status="ready"}')).toBe(1);
      expect(sample(text, 'reconnect_gateway_shard_status{shard="0",status="connecting"}')).toBe(0);
      expect(sample(text, 'reconnect_gateway_ping_seconds{shard="0"}')).toBeGreaterThanOrEqual(0);
      expect(text).toContain('process_resident_memory_bytes');
      // No member, server, channel or interaction id in any label.
      for (const id of [world.guild.id, world.alex.id, world.sam.id, smallWins.id, announcements.id, world.general.id])
        expect(text).not.toContain(id);
      expect(text).not.toMatch(/\{[^}]*\d{17}[^}]*\}/);
      expect(world.discord.violations).toEqual([]);

      // A handler that fails unexpectedly (its database is gone) is answered with a reference id, and counted as failed.
      await world.app.store.close();
      const failed = await world.run('reflect');
      expect(failed.reply?.content).toMatch(/Something went wrong on my side \(ref: /);
      const after = await waitFor(async () => {
        const t = await (await get(port, '/metrics')).text();
        return sample(
          t,
          'reconnect_interactions_total{command="reflect",type="command",outcome="failed",reason="none"}',
        ) === 1
          ? t
          : undefined;
      }, 'the failed /reflect counted');
      expect(sample(after, 'reconnect_interaction_reply_seconds_count{command="reflect",type="command"}')).toBe(1);
    });
  });
});

describe('where health listens', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('GIVEN HEALTH_PORT without HEALTH_HOST THEN it listens on the loopback only: no other address of this machine answers', async () => {
    world = await startWorld({ env: { HEALTH_PORT: '0' } });
    const { host, port } = world.app.health.server!;
    expect(host).toBe('127.0.0.1');
    expect((await get(port, '/livez')).status).toBe(200);
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address);
    for (const address of others) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: address, port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.once('error', () => resolve(true));
      });
      expect(refused, `${address}:${port} answered`).toBe(true);
    }
  });

  it('GIVEN no HEALTH_PORT THEN nothing listens and nothing is recorded', async () => {
    world = await startWorld();
    expect(world.app.health.server).toBeUndefined();
    expect(world.logs().some((l) => l.msg === 'health and metrics listening')).toBe(false);
  });
});
