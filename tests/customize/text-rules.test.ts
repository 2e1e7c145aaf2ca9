import { describe, expect, it } from 'vitest';
import { readExportFile, writeExportFile } from '../../src/customize/export-file.ts';
import { checkText, neutraliseMentions } from '../../src/customize/text-rules.ts';

/** What Discord's client would turn into a mention or a ping. */
const MENTION = /@everyone|@here|<@!?\d+>|<@&\d+>|<#\d+>|<\/[\w -]+:\d+>|<id:\w+>/;

describe('text a server writes', () => {
  it.each([
    ['@everyone look'],
    ['@HERE now'],
    ['hi <@123456789012345678>'],
    ['hi <@!123456789012345678>'],
    ['role <@&123456789012345678>'],
    ['see <#123456789012345678>'],
    ['try </reflect:123456789012345678>'],
    ['go to <id:customize>'],
  ])('GIVEN %s THEN no mention syntax is left, and it reads the same', (text) => {
    const plain = neutraliseMentions(text);
    expect(plain).not.toMatch(MENTION);
    expect(plain.replace(/\u200b/g, '')).toBe(text);
  });

  it('GIVEN text within the limit THEN it is kept trimmed; empty or over-long text is refused with the numbers', () => {
    expect(checkText('prompt', '  A prompt.  ')).toEqual({ ok: true, text: 'A prompt.' });
    expect(checkText('question', ' \n ')).toEqual({ ok: false, problem: 'empty' });
    expect(checkText('question', 'q'.repeat(301))).toEqual({ ok: false, problem: 'too-long', length: 301, max: 300 });
    expect(checkText('support', 's'.repeat(1500)).ok).toBe(true);
  });
});

describe('the export file', () => {
  const themes = new Set(['trust']);
  const GUILD = '100000000000000001';

  it('GIVEN a file the bot wrote THEN it reads back the same', () => {
    const text = writeExportFile({
      prompts: [{ text: 'P' }],
      questions: [{ theme: 'trust', text: 'Q?' }],
      supportNote: 'N',
      smallwins: [{ channelId: '1', time: '09:00', zone: 'Europe/London', roleId: null, thread: false }],
    });
    expect(readExportFile(text, themes, GUILD)).toEqual({
      ok: true,
      prompts: [{ text: 'P' }],
      questions: [{ theme: 'trust', text: 'Q?' }],
      supportNote: 'N',
      smallwins: [
        {
          guildId: GUILD,
          channelId: '1',
          time: '09:00',
          zone: 'Europe/London',
          roleId: null,
          thread: false,
          pin: false,
        },
      ],
    });
  });

  it('GIVEN bad entries THEN every one is named, by its 1-based place', () => {
    const file = JSON.stringify({
      format: 'reconnect-server-content',
      version: 1,
      prompts: ['not an object', { text: 5 }, {}],
      questions: [{ theme: 'joy', text: 'Q?' }],
      supportNote: '   ',
    });
    const read = readExportFile(file, themes, GUILD);
    expect(read).toEqual({
      ok: false,
      bad: [
        { at: 'prompts[1]', problem: 'wrong-type' },
        { at: 'prompts[2].text', problem: 'wrong-type' },
        { at: 'prompts[3].text', problem: 'required' },
        { at: 'questions[1].theme', problem: 'unknown-theme', detail: 'joy' },
        { at: 'supportNote', problem: 'empty' },
      ],
    });
  });

  it('GIVEN something else THEN it is not taken for an export', () => {
    expect(readExportFile('not json', themes, GUILD)).toEqual({
      ok: false,
      bad: [{ at: '(file)', problem: 'not-this-format' }],
    });
    expect(readExportFile('{"format":"other","version":1}', themes, GUILD).ok).toBe(false);
    expect(readExportFile('{"format":"reconnect-server-content","version":2}', themes, GUILD).ok).toBe(false);
  });
});
