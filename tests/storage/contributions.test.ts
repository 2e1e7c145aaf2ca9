import { describe, expect, it } from 'vitest';
import { Store } from '../../src/storage/store.ts';
import { testEngines } from './engines.ts';

const DAY = 86_400_000;

describe.each(testEngines())('store on $name: members contributions', (engine) => {
  it('GIVEN a waiting suggestion THEN the first decision wins, the second learns who decided, and the author is no longer kept', async () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const store = await Store.open(await engine.newDatabaseUrl(), { now: () => clock });
    try {
      const records = store.contributions;
      await records.setReviewChannel('g1', 'c-review');
      const added = await records.add({
        guildId: 'g1',
        kind: 'prompt',
        theme: null,
        text: 'Name one kind thing.',
        authorId: 'u1',
        senderRef: null,
        sourceChannelId: null,
        sourceMessageId: null,
      });
      expect(await records.pendingCountBy('g1', 'u1')).toBe(1);
      expect(await records.pendingCountBy('g2', 'u1')).toBe(0);
      clock += 1000;
      const first = await records.decide(added.id, 'approved', 'mod-a');
      expect(first).toMatchObject({
        decided: true,
        authorId: 'u1',
        submission: { status: 'approved', decidedBy: 'mod-a', decidedAt: clock, authorId: null },
      });
      const second = await records.decide(added.id, 'rejected', 'mod-b');
      expect(second).toMatchObject({ decided: false, submission: { status: 'approved', decidedBy: 'mod-a' } });
      expect(await records.pendingCountBy('g1', 'u1')).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('GIVEN anonymous shares THEN they count within 24 hours, a block holds per server, and the sender link is gone after 30 days', async () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const store = await Store.open(await engine.newDatabaseUrl(), { now: () => clock });
    try {
      const records = store.contributions;
      const share = () =>
        records.add({
          guildId: 'g1',
          kind: 'win',
          theme: null,
          text: 'A calm call.',
          authorId: null,
          senderRef: 'ref-1',
          sourceChannelId: 'c',
          sourceMessageId: 'm',
        });
      const win = await share();
      await share();
      expect(await records.sharesWithin('g1', 'ref-1', DAY)).toBe(2);
      clock += DAY + 1;
      expect(await records.sharesWithin('g1', 'ref-1', DAY)).toBe(0);

      expect(await records.block('g1', 'ref-1', 'mod-a')).toBe(true);
      expect(await records.block('g1', 'ref-1', 'mod-a')).toBe(false);
      expect(await records.isBlocked('g1', 'ref-1')).toBe(true);
      expect(await records.isBlocked('g2', 'ref-1')).toBe(false);

      clock = win.createdAt + 30 * DAY - 1;
      expect(await records.purgeExpired()).toBe(0);
      clock = win.createdAt + 30 * DAY;
      expect(await records.purgeExpired()).toBe(2);
      expect((await records.get(win.id))?.senderRef).toBeNull();
      // The block itself stays: the sender remains unable to share.
      expect(await records.isBlocked('g1', 'ref-1')).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('GIVEN a review channel set, cleared and set again THEN the sender salt never changes', async () => {
    const store = await Store.open(await engine.newDatabaseUrl());
    try {
      const records = store.contributions;
      expect(await records.settings('g1')).toBeUndefined();
      const first = await records.setReviewChannel('g1', 'c1');
      const off = await records.setReviewChannel('g1', null);
      const again = await records.setReviewChannel('g1', 'c2');
      expect(off.reviewChannelId).toBeNull();
      expect(again).toEqual({ reviewChannelId: 'c2', senderSalt: first.senderSalt });
    } finally {
      await store.close();
    }
  });
});
