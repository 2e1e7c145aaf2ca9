import { GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocket } from 'ws';
import type { LoopbackDiscord } from '../src/index.ts';

/** A dispatch one raw gateway session received. */
export interface Received {
  t: string;
  d: any;
}

/** A raw gateway session, for tests that need to see exactly what one shard receives. */
export interface RawSession {
  /** Every dispatch so far, in order. */
  readonly events: Received[];
  /** Resolves with READY's data; rejects with the close code, or 'invalid session' on op 9. */
  readonly ready: Promise<any>;
  /** Resolves with the close code once the socket closes. */
  readonly closed: Promise<number>;
  /** Dispatches of one type, their data. */
  of(t: string): any[];
  close(): void;
}

export const ALL_TEST_INTENTS =
  GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages;

/** Opens a gateway socket and identifies with `shard` (none: unsharded). */
export function identify(
  discord: LoopbackDiscord,
  token: string,
  shard?: [number, number],
  intents = ALL_TEST_INTENTS,
): RawSession {
  const ws = new WebSocket(`${discord.apiUrl.replace('http', 'ws').replace(/\/api$/, '')}/gateway?v=10&encoding=json`);
  const events: Received[] = [];
  let settle!: { resolve: (d: any) => void; reject: (e: Error) => void };
  const ready = new Promise<any>((resolve, reject) => (settle = { resolve, reject }));
  ready.catch(() => undefined);
  const closed = new Promise<number>((resolve) =>
    ws.on('close', (code) => {
      settle.reject(new Error(`closed with ${code}`));
      resolve(code);
    }),
  );
  ws.on('message', (raw: Buffer) => {
    const payload = JSON.parse(raw.toString()) as { op: number; t: string | null; d: any };
    if (payload.op === GatewayOpcodes.Hello) {
      ws.send(
        JSON.stringify({
          op: GatewayOpcodes.Identify,
          d: { token, intents, properties: {}, ...(shard ? { shard } : {}) },
        }),
      );
    } else if (payload.op === GatewayOpcodes.InvalidSession) {
      settle.reject(new Error('invalid session'));
    } else if (payload.op === GatewayOpcodes.Dispatch && payload.t) {
      events.push({ t: payload.t, d: payload.d });
      if (payload.t === 'READY') settle.resolve(payload.d);
    }
  });
  return {
    events,
    ready,
    closed,
    of: (t) => events.filter((e) => e.t === t).map((e) => e.d),
    close: () => ws.close(1000),
  };
}
