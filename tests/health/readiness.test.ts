import { describe, expect, it } from 'vitest';
import { readiness } from '../../src/health/readiness.ts';

describe('readiness', () => {
  it('GIVEN every owned shard ready and the database answering THEN ready', () => {
    expect(
      readiness({
        shards: [
          { id: 0, status: 'ready', pingMs: 20 },
          { id: 3, status: 'ready', pingMs: -1 },
        ],
        expectedShards: 2,
        databaseProblem: null,
      }),
    ).toEqual({
      ready: true,
      reasons: [],
    });
  });

  it('GIVEN no Discord client yet THEN not ready, saying the gateway is not connected', () => {
    expect(readiness({ shards: null, databaseProblem: 'not open yet' })).toEqual({
      ready: false,
      reasons: ['gateway: not connected yet', 'database: not open yet'],
    });
  });

  it('GIVEN one shard of two resuming THEN not ready, naming that shard', () => {
    const r = readiness({
      shards: [
        { id: 0, status: 'ready', pingMs: 20 },
        { id: 1, status: 'resuming', pingMs: 20 },
      ],
      databaseProblem: null,
    });
    expect(r).toEqual({ ready: false, reasons: ['shard 1: resuming'] });
  });

  it('GIVEN fewer shards created than the process owns THEN not ready', () => {
    const r = readiness({ shards: [{ id: 0, status: 'ready', pingMs: 20 }], expectedShards: 2, databaseProblem: null });
    expect(r.ready).toBe(false);
    expect(r.reasons).toEqual(['gateway: 1 shard(s) not started']);
  });

  it('GIVEN ready shards and a database that does not answer THEN not ready, saying why', () => {
    const r = readiness({
      shards: [{ id: 0, status: 'ready', pingMs: 20 }],
      databaseProblem: 'no answer within 1000 ms',
    });
    expect(r).toEqual({ ready: false, reasons: ['database: no answer within 1000 ms'] });
  });
});
