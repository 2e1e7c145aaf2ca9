import { DiscordAPIError, HTTPError } from '@discordjs/rest';
import { describe, expect, it } from 'vitest';
import { failureReason } from '../../src/daily/failure-policy.ts';

const request = { body: undefined, files: undefined };

describe('why a daily post failed, for the metrics', () => {
  it("GIVEN Discord's refusals and disappearances THEN forbidden and gone", () => {
    expect(
      failureReason(
        new DiscordAPIError({ code: 50013, message: 'Missing Permissions' }, 50013, 403, 'POST', '/x', request),
      ),
    ).toBe('forbidden');
    expect(
      failureReason(
        new DiscordAPIError({ code: 10003, message: 'Unknown Channel' }, 10003, 404, 'POST', '/x', request),
      ),
    ).toBe('gone');
  });

  it('GIVEN a 5xx, a time-out or a broken connection to Discord THEN transient', () => {
    expect(failureReason(new HTTPError(503, 'Service Unavailable', 'POST', '/x', request))).toBe('transient');
    expect(failureReason(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }))).toBe(
      'transient',
    );
    expect(failureReason(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }))).toBe('transient');
    expect(failureReason(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe('transient');
  });

  it('GIVEN the database failing (SQLite, PostgreSQL, Knex) THEN store', () => {
    expect(failureReason(Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' }))).toBe(
      'store',
    );
    expect(failureReason(new Error('SQLITE_FULL: database or disk is full'))).toBe('store');
    expect(
      failureReason(
        Object.assign(new Error('terminating connection due to administrator command'), {
          severity: 'FATAL',
          code: '57P01',
        }),
      ),
    ).toBe('store');
    expect(
      failureReason(Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' })),
    ).toBe('store');
    expect(failureReason(new Error('Unable to acquire a connection'))).toBe('store');
  });

  it('GIVEN anything else (a bug) THEN other', () => {
    expect(failureReason(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe('other');
    expect(failureReason('a string')).toBe('other');
    expect(failureReason(undefined)).toBe('other');
  });
});
