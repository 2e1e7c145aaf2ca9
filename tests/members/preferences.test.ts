import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContentError, loadContent } from '../../src/content/content-pack.ts';
import { drawQuestion } from '../../src/content/question-draw.ts';
import { UserError } from '../../src/discord/errors.ts';
import { checkedExclusion, showsContentNote } from '../../src/members/preferences.ts';
import { reflectReply } from '../../src/replies/reflect.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/content-min');
const content = loadContent(FIXTURE); // themes trust (2 questions) and patience (1)
const tmp = mkdtempSync(join(tmpdir(), 'reconnect-notes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('themes left out of /reflect', () => {
  it('GIVEN themes in any order, some twice THEN they are kept once each, in the pack’s order', () => {
    expect(checkedExclusion(content, ['patience', 'patience'])).toEqual(['patience']);
    expect(checkedExclusion(content, [])).toEqual([]);
  });

  it('GIVEN every theme THEN it is refused, since one must stay', () => {
    expect(() => checkedExclusion(content, ['trust', 'patience'])).toThrow(UserError);
    expect(() => checkedExclusion(content, ['trust', 'patience'])).toThrow(/At least one theme has to stay/);
  });

  it('GIVEN a theme the pack does not have (a crafted menu) THEN it is refused', () => {
    expect(() => checkedExclusion(content, ['hope'])).toThrow(UserError);
  });

  it('GIVEN trust left out THEN a draw of any theme never picks it, and a draw on trust by name still can', () => {
    for (const r of [0, 0.5, 0.99])
      expect(drawQuestion(content, null, [], () => r, undefined, ['trust']).question.theme).toBe('patience');
    expect(drawQuestion(content, 'trust', [], () => 0, undefined, ['trust']).question.theme).toBe('trust');
  });

  it('GIVEN left-out themes that cover the whole pack (it changed since) THEN draws fall back to every theme', () => {
    expect(drawQuestion(content, null, [], () => 0, undefined, ['trust', 'patience']).question.id).toBe('q-trust-01');
  });
});

describe('content notes', () => {
  it('GIVEN a note THEN a private reply shows it as the member chose, and a shared one always', () => {
    expect(showsContentNote('grief', { contentNotes: true, ephemeral: true })).toBe(true);
    expect(showsContentNote('grief', { contentNotes: false, ephemeral: true })).toBe(false);
    expect(showsContentNote('grief', { contentNotes: false, ephemeral: false })).toBe(true);
    expect(showsContentNote(undefined, { contentNotes: true, ephemeral: true })).toBe(false);
  });

  it('GIVEN a question with a note THEN the note comes first and the question waits under a spoiler', () => {
    const question = { ...content.questions[0]!, note: 'grief and loss' };
    const reply = reflectReply(content, question, { themeId: null, ephemeral: true, contentNotes: true });
    expect(reply.embeds[0]!.description).toBe(
      `Content note: this question touches on grief and loss. It is hidden below; tap it when you feel ready, or skip it with the button.\n\n||${question.text}||`,
    );
    expect(
      reflectReply(content, question, { themeId: null, ephemeral: true, contentNotes: false }).embeds[0]!.description,
    ).toBe(question.text);
  });

  it('GIVEN a note past its length in the pack THEN the pack is refused naming the field', () => {
    const dir = join(tmp, 'long-note');
    cpSync(FIXTURE, dir, { recursive: true });
    const file = join(dir, 'questions.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '    theme: patience\n',
        `    theme: patience\n    note: ${'x'.repeat(101)}\n`,
      ),
    );
    expect(() => loadContent(dir)).toThrow(ContentError);
    try {
      loadContent(dir);
    } catch (error) {
      expect((error as ContentError).problems).toEqual([
        'questions.yaml: questions.2.note must be at most 100 characters',
      ]);
    }
  });
});
