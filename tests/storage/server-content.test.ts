import { describe, expect, it } from 'vitest';
import { SERVER_POOL_LIMIT, Store } from '../../src/storage/store.ts';
import { testEngines } from './engines.ts';

const engines = testEngines();
const A = '200000000000000001';
const B = '200000000000000002';

/** How many prompts and questions a server has, and its support note. */
async function contentOf(store: Store, guildId: string) {
  return {
    prompts: (await store.serverContent.listPrompts(guildId, 0, 1)).total,
    questions: (await store.serverContent.listQuestions(guildId, 0, 1)).total,
    supportNote: (await store.serverContent.settings(guildId)).supportNote,
  };
}
const NOTHING = { prompts: 0, questions: 0, supportNote: null };

describe.each(engines)('servers own content on $name', (engine) => {
  it('GIVEN prompts added THEN they list newest first with short ids, a duplicate in another case is refused, and another server sees none', async () => {
    const store = await Store.open(await engine.newDatabaseUrl());
    try {
      const first = await store.serverContent.addPrompt(A, 'Name one kind thing you did today.');
      const second = await store.serverContent.addPrompt(A, 'Who made you laugh this week?');
      expect(first.status).toBe('added');
      expect(second.status).toBe('added');
      if (first.status !== 'added' || second.status !== 'added') return;
      expect(first.item.id).toMatch(/^[a-z2-9]{6}$/);
      expect(await store.serverContent.addPrompt(A, '  name ONE kind thing   you did today. ')).toEqual({
        status: 'duplicate',
        existing: first.item,
      });
      const page = await store.serverContent.listPrompts(A, 0, 10);
      expect(page).toEqual({ total: 2, items: [second.item, first.item] });
      expect(await store.serverContent.listPrompts(A, 1, 10)).toEqual({ total: 2, items: [first.item] });
      expect(await store.serverContent.listPrompts(B, 0, 10)).toEqual({ total: 0, items: [] });
      // The same text is another server's own business.
      expect((await store.serverContent.addPrompt(B, 'Who made you laugh this week?')).status).toBe('added');
      // Removing by id never reaches another server's.
      expect(await store.serverContent.removePrompt(B, first.item.id)).toBeUndefined();
      expect(await store.serverContent.removePrompt(A, first.item.id)).toEqual(first.item);
      expect((await store.serverContent.allPrompts(A)).map((p) => p.text)).toEqual(['Who made you laugh this week?']);
    } finally {
      await store.close();
    }
  });

  it('GIVEN questions and settings THEN they survive a reopen, and the settings keep what a change leaves out', async () => {
    const url = await engine.newDatabaseUrl();
    const store = await Store.open(url);
    expect(await store.serverContent.settings(A)).toEqual({ prompts: 'both', questions: 'both', supportNote: null });
    await store.serverContent.addQuestion(A, 'trust', 'What would a small promise kept look like?');
    await store.serverContent.saveSettings(A, { questions: 'server' });
    await store.serverContent.saveSettings(A, { supportNote: 'Call 116 123 any time.' });
    await store.close();
    const reopened = await Store.open(url);
    try {
      expect(await reopened.serverContent.settings(A)).toEqual({
        prompts: 'both',
        questions: 'server',
        supportNote: 'Call 116 123 any time.',
      });
      expect(await reopened.serverContent.settings(B)).toEqual({
        prompts: 'both',
        questions: 'both',
        supportNote: null,
      });
      expect((await reopened.serverContent.allQuestions(A)).map((q) => [q.theme, q.text])).toEqual([
        ['trust', 'What would a small promise kept look like?'],
      ]);
    } finally {
      await reopened.close();
    }
  });

  it('GIVEN a full pool THEN one more is refused, and an import past the limit stores nothing', async () => {
    const store = await Store.open(await engine.newDatabaseUrl());
    try {
      const batch = Array.from({ length: SERVER_POOL_LIMIT }, (_, i) => ({ text: `Prompt number ${i}` }));
      expect(await store.serverContent.importBatch(A, { prompts: batch, questions: [] })).toEqual({
        status: 'imported',
        prompts: { added: SERVER_POOL_LIMIT, skipped: 0 },
        questions: { added: 0, skipped: 0 },
      });
      expect(await store.serverContent.addPrompt(A, 'One too many')).toEqual({
        status: 'full',
        limit: SERVER_POOL_LIMIT,
      });
      // The file's order is kept: its last entry is the newest.
      expect((await store.serverContent.listPrompts(A, 0, 1)).items[0]!.text).toBe(
        `Prompt number ${SERVER_POOL_LIMIT - 1}`,
      );
      const outcome = await store.serverContent.importBatch(B, {
        prompts: [...batch, { text: 'One too many' }],
        questions: [{ theme: 'trust', text: 'A question' }],
        supportNote: 'Ours',
      });
      expect(outcome).toMatchObject({ status: 'full', kind: 'prompts', wouldHave: SERVER_POOL_LIMIT + 1 });
      expect(await contentOf(store, B)).toEqual(NOTHING);
    } finally {
      await store.close();
    }
  });

  it('GIVEN an import whose questions would pass the limit THEN none of its prompts or its note are stored either', async () => {
    const store = await Store.open(await engine.newDatabaseUrl());
    try {
      const questions = Array.from({ length: SERVER_POOL_LIMIT + 1 }, (_, i) => ({ theme: 'trust', text: `Q ${i}?` }));
      const outcome = await store.serverContent.importBatch(A, {
        prompts: [{ text: 'A prompt that must not stay' }],
        questions,
        supportNote: 'Ours',
      });
      expect(outcome).toMatchObject({ status: 'full', kind: 'questions', wouldHave: SERVER_POOL_LIMIT + 1 });
      expect(await contentOf(store, A)).toEqual(NOTHING);
    } finally {
      await store.close();
    }
  });

  it('WHEN the import’s channels fail after its texts are stored THEN the texts it added go, those already there stay, and the note is put back', async () => {
    const store = await Store.open(await engine.newDatabaseUrl());
    try {
      await store.serverContent.addPrompt(A, 'Already here.');
      await store.serverContent.saveSettings(A, { supportNote: 'The old note' });
      await store.serverContent.addPrompt(B, 'Another server’s.');
      const failure = new Error('the database went away');
      let textsWhileChannelsRan: string[] = [];
      const importing = store.serverContent.importBatch(
        A,
        {
          prompts: [{ text: 'already HERE.' }, { text: 'New one.' }],
          questions: [{ theme: 'trust', text: 'New question?' }],
          supportNote: 'The file’s note',
        },
        async () => {
          textsWhileChannelsRan = (await store.serverContent.allPrompts(A)).map((p) => p.text).sort();
          throw failure;
        },
      );
      await expect(importing).rejects.toBe(failure);
      expect(textsWhileChannelsRan).toEqual(['Already here.', 'New one.']);
      expect((await store.serverContent.allPrompts(A)).map((p) => p.text)).toEqual(['Already here.']);
      expect(await store.serverContent.allQuestions(A)).toEqual([]);
      expect((await store.serverContent.settings(A)).supportNote).toBe('The old note');
      expect((await store.serverContent.allPrompts(B)).map((p) => p.text)).toEqual(['Another server’s.']);
    } finally {
      await store.close();
    }
  });

  it('GIVEN an import with texts present THEN they are skipped and counted, the rest added once', async () => {
    const store = await Store.open(await engine.newDatabaseUrl());
    try {
      await store.serverContent.addQuestion(A, 'trust', 'Already here?');
      const outcome = await store.serverContent.importBatch(A, {
        prompts: [{ text: 'New prompt' }, { text: 'new   PROMPT' }],
        questions: [
          { theme: 'trust', text: 'already here?' },
          { theme: 'trust', text: 'Brand new?' },
        ],
        supportNote: null,
      });
      expect(outcome).toEqual({
        status: 'imported',
        prompts: { added: 1, skipped: 1 },
        questions: { added: 1, skipped: 1 },
      });
      expect((await store.serverContent.allQuestions(A)).map((q) => q.text).sort()).toEqual([
        'Already here?',
        'Brand new?',
      ]);
    } finally {
      await store.close();
    }
  });
});
