import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { REFLECT_HISTORY_TTL_MS, Store } from '../../src/store.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GxYzAb.secretsecretsecret';
const tmp = mkdtempSync(join(tmpdir(), 'reconnect-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('logger', () => {
  it('GIVEN the token inside an error, a URL and a field THEN no log line carries it', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', secrets: [TOKEN], destination: { write: (l: string) => lines.push(l) } });
    logger.error({ err: new Error(`login failed for ${TOKEN}`), url: `https://x/${TOKEN}` }, 'boom');
    logger.info({ token: 'another-secret-value' }, 'config');
    const out = lines.join('');
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('another-secret-value');
    expect(out).toContain('[redacted]');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, msg: 'boom' });
  });
});

describe('store', () => {
  it('GIVEN a database path in a folder that does not exist THEN it is created and history survives a reopen', async () => {
    const url = `sqlite://${join(tmp, 'nested', 'dir', 'db.sqlite')}`;
    const store = await Store.open(url);
    expect(await store.reflectHistory('42')).toEqual([]);
    await store.saveReflectHistory('42', ['q-trust-01']);
    await store.close();
    const reopened = await Store.open(url);
    expect(await reopened.reflectHistory('42')).toEqual(['q-trust-01']);
    expect(await reopened.reflectHistory('43')).toEqual([]);
    await reopened.close();
  });

  it('GIVEN 30 days without a draw THEN the member history has expired', async () => {
    const store = await Store.open(`sqlite://${join(tmp, 'ttl.sqlite')}`);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
      await store.saveReflectHistory('7', ['q-1']);
      vi.setSystemTime(Date.now() + REFLECT_HISTORY_TTL_MS - 60_000);
      expect(await store.reflectHistory('7')).toEqual(['q-1']);
      vi.setSystemTime(Date.now() + 120_000);
      expect(await store.reflectHistory('7')).toEqual([]);
    } finally {
      vi.useRealTimers();
      await store.close();
    }
  });
});
