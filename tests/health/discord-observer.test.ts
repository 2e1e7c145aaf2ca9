import { EventEmitter } from 'node:events';
import type { REST } from '@discordjs/rest';
import { describe, expect, it } from 'vitest';
import { observeRest, rateLimitScope } from '../../src/health/discord-observer.ts';
import type { RateLimitScope, RateLimitSource } from '../../src/health/metrics.ts';

describe('what health reads from discord.js', () => {
  it('GIVEN responses of interaction callbacks and other requests THEN only callbacks count as answers, by interaction id', () => {
    const rest = new EventEmitter();
    const answered: string[] = [];
    observeRest(rest as unknown as Pick<REST, 'on'>, {
      interactionAnswered: (id) => answered.push(id),
      rateLimited: () => {},
    });
    rest.emit(
      'response',
      { path: '/interactions/1300000000000000001/aW50ZXJhY3Rpb24tdG9rZW4/callback', method: 'POST' },
      {},
    );
    rest.emit('response', { path: '/webhooks/1200000000000000001/aW50ZXJhY3Rpb24tdG9rZW4', method: 'POST' }, {});
    rest.emit('response', { path: '/channels/1100000000000000001/messages', method: 'POST' }, {});
    expect(answered).toEqual(['1300000000000000001']);
  });

  it('GIVEN @discordjs/rest holding requests for limits THEN each is counted by scope, a route bucket as route', () => {
    const rest = new EventEmitter();
    const seen: Array<[RateLimitScope, RateLimitSource]> = [];
    observeRest(rest as unknown as Pick<REST, 'on'>, {
      interactionAnswered: () => {},
      rateLimited: (scope, source) => seen.push([scope, source]),
    });
    rest.emit('rateLimited', { global: false, scope: 'user', route: '/channels/:id/messages' });
    rest.emit('rateLimited', { global: true, scope: 'user' });
    rest.emit('rateLimited', { global: false, scope: 'shared' });
    expect(seen).toEqual([
      ['route', 'rest'],
      ['global', 'rest'],
      ['shared', 'rest'],
    ]);
    expect(rateLimitScope({ global: false, scope: 'global' })).toBe('global');
  });
});
