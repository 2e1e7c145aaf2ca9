import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.ts';
import { isLoopbackHost, startHealth } from '../../src/health/index.ts';
import { noMetrics } from '../../src/health/metrics.ts';

function capture() {
  const lines: Array<{ level: number; msg: string; host?: string }> = [];
  const logger = createLogger({ level: 'info', destination: { write: (l: string) => lines.push(JSON.parse(l)) } });
  return { logger, lines };
}

describe('starting health and metrics', () => {
  it('GIVEN no HEALTH_PORT THEN nothing listens and the metrics are the no-op', async () => {
    const { logger, lines } = capture();
    const health = await startHealth({ healthPort: undefined, healthHost: '127.0.0.1' }, logger);
    expect(health.server).toBeUndefined();
    expect(health.metrics).toBe(noMetrics);
    expect(lines).toEqual([]);
    await health.close();
  });

  it('GIVEN the default host THEN it logs where it listens, with no warning', async () => {
    const { logger, lines } = capture();
    const health = await startHealth({ healthPort: 0, healthHost: '127.0.0.1' }, logger);
    try {
      expect(lines.map((l) => l.msg)).toEqual(['health and metrics listening']);
      expect(lines[0]).toMatchObject({ host: '127.0.0.1', port: health.server!.port });
    } finally {
      await health.close();
    }
  });

  it('GIVEN HEALTH_HOST 0.0.0.0 THEN it listens there and warns that anyone who can reach it can read it', async () => {
    const { logger, lines } = capture();
    const health = await startHealth({ healthPort: 0, healthHost: '0.0.0.0' }, logger);
    try {
      expect(health.server!.host).toBe('0.0.0.0');
      const warning = lines.find((l) => l.level === 40);
      expect(warning?.msg).toMatch(/served beyond this machine \(HEALTH_HOST\)/);
    } finally {
      await health.close();
    }
  });

  it('GIVEN addresses THEN only the loopback ones count as this machine only', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.7', 'metrics.internal'].some(isLoopbackHost)).toBe(false);
  });
});
