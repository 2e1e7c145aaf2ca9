import { describe, expect, it } from 'vitest';
import { Store } from '../../src/storage/store.ts';
import { testEngines } from './engines.ts';

const DAY = 86_400_000;

describe.each(testEngines())(
  'store on $name: what it keeps about a member, shown, exported and erased in one place',
  (engine) => {
    it('GIVEN a history and preferences THEN describe and export show them, and erase removes them and nothing of another member', async () => {
      const clock = Date.parse('2026-03-01T10:00:00Z');
      const store = await Store.open(await engine.newDatabaseUrl(), { now: () => clock });
      try {
        await store.saveReflectHistory('alex', ['q-trust-01', 'q-trust-02']);
        await store.saveReflectHistory('sam', ['q-trust-03']);
        await store.saveMemberPreferences('alex', { excludedThemes: ['trust'], contentNotes: false });
        await store.saveMemberPreferences('sam', { excludedThemes: ['patience'], contentNotes: true });

        expect(await store.memberData.describe('alex')).toEqual([
          { kind: 'reflect-history', count: 2, expiresAt: clock + 30 * DAY },
          { kind: 'preferences', count: 1, details: { excludedThemes: ['trust'], contentNotes: false } },
          { kind: 'suggestions', count: 0 },
          { kind: 'anonymous-shares', count: 0, details: { blockedInServers: 0 } },
          { kind: 'review-decisions', count: 0 },
        ]);
        expect(await store.memberData.export('alex')).toEqual({
          'reflect-history': { questionsSeen: ['q-trust-01', 'q-trust-02'], expiresAt: '2026-03-31T10:00:00.000Z' },
          preferences: { excludedThemes: ['trust'], contentNotes: false, updatedAt: '2026-03-01T10:00:00.000Z' },
          suggestions: [],
          'anonymous-shares': { shares: [], blockedIn: [] },
          'review-decisions': { decided: 0, blocked: 0 },
        });

        expect(await store.memberData.erase('alex')).toEqual([
          { kind: 'reflect-history', erased: 2 },
          { kind: 'preferences', erased: 1 },
          { kind: 'suggestions', erased: 0 },
          { kind: 'anonymous-shares', erased: 0 },
          { kind: 'review-decisions', erased: 0 },
        ]);
        expect(await store.reflectHistory('alex')).toEqual([]);
        expect(await store.memberPreferences('alex')).toEqual({ excludedThemes: [], contentNotes: true });
        expect((await store.memberData.describe('alex')).map((s) => s.count)).toEqual([0, 0, 0, 0, 0]);
        expect(await store.reflectHistory('sam')).toEqual(['q-trust-03']);
        expect(await store.memberPreferences('sam')).toEqual({ excludedThemes: ['patience'], contentNotes: true });
      } finally {
        await store.close();
      }
    });

    it('GIVEN a draw still waiting for its batched write THEN an erase right after it leaves nothing behind, even after a restart', async () => {
      const url = await engine.newDatabaseUrl();
      let store = await Store.open(url);
      try {
        void store.saveReflectHistory('alex', ['q-1']);
        expect(await store.memberData.erase('alex')).toEqual([
          { kind: 'reflect-history', erased: 1 },
          { kind: 'preferences', erased: 0 },
          { kind: 'suggestions', erased: 0 },
          { kind: 'anonymous-shares', erased: 0 },
          { kind: 'review-decisions', erased: 0 },
        ]);
        expect(await store.reflectHistory('alex')).toEqual([]);
        await store.close();
        store = await Store.open(url);
        expect(await store.reflectHistory('alex')).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('GIVEN a kind registered twice THEN it is refused', async () => {
      const store = await Store.open(await engine.newDatabaseUrl());
      try {
        const [kind] = store.memberData.kinds();
        expect(() => store.memberData.register(kind!)).toThrow(/registered twice/);
      } finally {
        await store.close();
      }
    });
  },
);
