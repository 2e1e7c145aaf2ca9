import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from '../../src/app/config.ts';
import { ContentError, loadContent } from '../../src/content/content-pack.ts';
import { PLACEHOLDER_WIDTHS, STRING_KEYS, type StringSpec } from '../../src/content/string-keys.ts';
import { loadStrings } from '../../src/content/strings.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/content-min');
const SHIPPED = join(DEFAULT_CONTENT_DIR, 'strings.yaml');
const { strings } = loadContent(DEFAULT_CONTENT_DIR);
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-strings-'));
  dirs.push(dir);
  return dir;
}

/** An operator's pack: the minimal pack with a strings.yaml of its own. */
function packWithStrings(yaml: string): string {
  const dir = tempDir();
  cpSync(FIXTURE, dir, { recursive: true });
  writeFileSync(join(dir, 'strings.yaml'), yaml);
  return dir;
}

function problemsOf(dir: string): string[] {
  try {
    loadContent(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as ContentError).problems;
  }
  throw new Error('expected the pack to be refused');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the shipped strings', () => {
  it('GIVEN content/strings.yaml THEN it holds every key the code uses, and the wording reads as before', () => {
    expect(strings.locale).toBe('en-GB');
    expect(strings.t('errors.unexpected', { ref: 'AB12CD34' })).toBe(
      'Something went wrong on my side (ref: AB12CD34). Please try again; if it keeps happening, tell a moderator and quote the ref.',
    );
    expect(strings.t('smallwins.enabled.on', { channel: '<#1>', settings: 'every day' })).toBe('Small wins is on in <#1>: every day.');
  });

  it('GIVEN a text with plural forms THEN the count picks the form', () => {
    expect(strings.t('smallwins.status.title', { count: 1 })).toBe('Small wins in 1 channel');
    expect(strings.t('smallwins.status.title', { count: 2 })).toBe('Small wins in 2 channels');
    expect(strings.t('tips.overview.title', { count: 5 })).toBe('5 takeaways for reconnecting');
    expect(strings.t('article.contents.intro', { count: 1 })).toBe('A short read in one part.');
  });

  it('GIVEN a list THEN it is joined as the locale joins one', () => {
    expect(strings.list(['View Channel', 'Send Messages', 'Embed Links'], 'and')).toBe('View Channel, Send Messages and Embed Links');
    expect(strings.list(['Europe/Paris', 'Europe/Berlin'], 'or')).toBe('Europe/Paris or Europe/Berlin');
  });

  it('GIVEN a value that looks like a placeholder THEN it is shown as it is', () => {
    expect(strings.t('smallwins.errors.badTime', { time: '{time}' })).toBe('"{time}" is not a time of day. Try 09:00, 9am, 9:30pm or 21:30.');
  });

  it('GIVEN a misspelled key or placeholder THEN the type check fails (tsc --noEmit, run by npm test, checks these lines)', () => {
    // @ts-expect-error: there is no key "about.titel"
    const misspelledKey = () => strings.t('about.titel');
    // @ts-expect-error: errors.unexpected's placeholder is {ref}, not {reff}
    const misspelledPlaceholder = () => strings.t('errors.unexpected', { reff: 'AB12CD34' });
    // @ts-expect-error: errors.unexpected needs its {ref}
    const missingValue = () => strings.t('errors.unexpected');
    // @ts-expect-error: {count} picks a plural form, so it is a number
    const countAsText = () => strings.t('smallwins.status.title', { count: 'two' });
    expect(misspelledKey).toThrow(/no text for the key "about.titel"/);
    expect(misspelledPlaceholder()).toBe(strings.t('errors.unexpected', { ref: 'undefined' }));
    expect(missingValue()).toContain('(ref: undefined)');
    expect(countAsText()).toBe('Small wins in two channels');
  });

  it('GIVEN the list of keys THEN plural texts are chosen by {count}, and every placeholder of a limited text has a width', () => {
    for (const [key, spec] of Object.entries(STRING_KEYS) as Array<[string, StringSpec]>) {
      if (spec.plural) expect(spec.params, key).toContain('count');
      if (spec.max !== undefined) for (const name of spec.params ?? []) expect(PLACEHOLDER_WIDTHS[name], `${key} {${name}}`).toBeGreaterThan(0);
    }
  });
});

describe('strings validation', () => {
  it('GIVEN a shipped file missing a key THEN the key is named', () => {
    const file = join(tempDir(), 'strings.yaml');
    writeFileSync(file, readFileSync(SHIPPED, 'utf8').replace(/^ {4}title: About Reconnect\n/m, ''));
    const problems: string[] = [];
    expect(loadStrings({ file, label: 'strings.yaml' }, undefined, problems)).toBeUndefined();
    expect(problems).toEqual(['strings.yaml: about.title is missing']);
  });

  it('GIVEN an unknown key THEN it is refused, with the key it most likely meant', () => {
    expect(problemsOf(packWithStrings('strings:\n  about:\n    titel: Hello\n  greeting: Hi\n'))).toEqual([
      'strings.yaml: about.titel is not a key the bot uses (did you mean about.title?)',
      'strings.yaml: greeting is not a key the bot uses',
    ]);
  });

  it('GIVEN a misspelled placeholder THEN the file, the key and the placeholder are named', () => {
    const dir = packWithStrings('strings:\n  smallwins.enabled.on: "Small wins is on in {chanel}: {settings}."\n');
    expect(problemsOf(dir)).toEqual([
      'strings.yaml: smallwins.enabled.on has {chanel}, which is not one of its placeholders ({channel}, {settings})',
      'strings.yaml: smallwins.enabled.on must use {channel}',
    ]);
  });

  it('GIVEN a placeholder in a text that has none, or a stray brace THEN each is refused', () => {
    const dir = packWithStrings('strings:\n  about:\n    title: "About {name}"\n  reflect:\n    title: "A question {"\n');
    expect(problemsOf(dir)).toEqual([
      'strings.yaml: about.title has {name}, which is not one of its placeholders (it has none)',
      'strings.yaml: reflect.title has "{", which is not a placeholder: { and } only mark placeholders such as {count}',
    ]);
  });

  it('GIVEN a text too long for where Discord shows it THEN it is refused with the limit, placeholders counted at their widest', () => {
    const dir = packWithStrings(
      [
        'strings:',
        `  commands.about.description: ${'x'.repeat(101)}`,
        `  daily.threadName: "${'x'.repeat(60)} {date}"`,
        `  article.section.next: ${'y'.repeat(80)}`,
      ].join('\n'),
    );
    expect(problemsOf(dir)).toEqual([
      "strings.yaml: commands.about.description must be at most 100 characters (Discord's limit there), but can reach 101",
      "strings.yaml: daily.threadName must be at most 100 characters (Discord's limit there), but can reach 101 with its placeholders filled in",
    ]);
  });

  it('GIVEN an empty text, a list, or forms where one text is expected THEN each is refused', () => {
    const dir = packWithStrings('strings:\n  about.title: "  "\n  reflect.title: [a, b]\n  reflect.another:\n    one: One\n    other: Others\n');
    expect(problemsOf(dir)).toEqual([
      'strings.yaml: about.title must not be empty',
      'strings.yaml: reflect.title must be a text',
      'strings.yaml: reflect.another must be a text',
    ]);
  });

  it('GIVEN plural forms THEN `other` is required, holds every placeholder, and only the plural categories are forms', () => {
    const dir = packWithStrings(
      [
        'strings:',
        '  smallwins.status.title:',
        '    one: One channel',
        '  tips.overview.title:',
        '    one: "{count} tip"',
        '    other: Tips',
        '  article.contents.intro:',
        '    other: "{count} parts"',
        '    lots: "{count} parts"',
      ].join('\n'),
    );
    const problems = problemsOf(dir);
    expect(problems).toContain('strings.yaml: smallwins.status.title.other must be a text');
    expect(problems).toContain('strings.yaml: tips.overview.title.other must use {count}');
    expect(problems).toContain('strings.yaml: article.contents.intro has "lots": plural forms are zero, one, two, few, many, other');
    expect(problems).toHaveLength(3);
  });

  it('GIVEN a locale that is no language tag THEN it is refused', () => {
    expect(problemsOf(packWithStrings('locale: not a locale\n'))).toEqual(['strings.yaml: locale must be a language tag such as en-GB']);
  });

  it('GIVEN an operator’s file with a few texts THEN those replace the shipped ones and every other text stays', () => {
    const pack = loadContent(packWithStrings('strings:\n  reflect:\n    title: Something to think about\n'));
    expect(pack.strings.t('reflect.title')).toBe('Something to think about');
    expect(pack.strings.t('reflect.another')).toBe('Another question');
    expect(pack.strings.locale).toBe('en-GB');
  });

  it('GIVEN an operator’s file of comments only THEN every text keeps the shipped wording', () => {
    const pack = loadContent(packWithStrings('# Nothing changed yet.\n'));
    expect(pack.strings.t('reflect.title')).toBe(loadContent(FIXTURE).strings.t('reflect.title'));
  });
});
