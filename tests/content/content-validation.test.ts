import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError, loadContent } from '../../src/content/content-pack.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/content-min');
const dirs: string[] = [];

/** A copy of the minimal valid pack with one file changed. */
function brokenPack(file: string, change: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-content-'));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
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

describe('content validation', () => {
  it('GIVEN the minimal valid pack THEN it loads with sections in order', () => {
    const pack = loadContent(FIXTURE);
    expect(pack.sections.map((s) => s.id)).toEqual(['start', 'rebuilding-trust', 'final-thought']);
    expect(pack.support.title).toBe('Where to find support');
  });

  it('GIVEN a duplicated question id THEN the problem names the file and the field', () => {
    const dir = brokenPack('questions.yaml', (t) => t.replace('id: q-trust-02', 'id: q-trust-01'));
    expect(problemsOf(dir)).toEqual(['questions.yaml: questions.1.id "q-trust-01" is used twice']);
  });

  it('GIVEN an empty text THEN the problem names the field', () => {
    const dir = brokenPack('prompts.yaml', (t) => t.replace(/text: Share a small kindness.*/, 'text: "  "'));
    expect(problemsOf(dir)).toEqual(['prompts.yaml: prompts.1.text must not be empty']);
  });

  it('GIVEN a question on an unknown theme THEN the problem names the theme', () => {
    const dir = brokenPack('questions.yaml', (t) => t.replace('theme: patience', 'theme: hope'));
    const problems = problemsOf(dir);
    expect(problems).toContain('questions.yaml: questions.2.theme "hope" is not a theme in themes.yaml');
    expect(problems).toContain('questions.yaml: theme "patience" has no question (each theme needs at least one)');
  });

  it('GIVEN a section body past the embed budget THEN it is refused with the limit', () => {
    const dir = brokenPack('sections/02-trust.md', (t) => `${t}\n${'word '.repeat(800)}`);
    expect(problemsOf(dir)).toEqual(['sections/02-trust.md: body must be at most 3800 characters']);
  });

  it('GIVEN a title too long for a menu label THEN it is refused', () => {
    const dir = brokenPack('tips.yaml', (t) => t.replace('title: Be patient', `title: ${'x'.repeat(101)}`));
    expect(problemsOf(dir)).toEqual(['tips.yaml: tips.0.title must be at most 100 characters']);
  });

  it('GIVEN a missing front matter field THEN the file and field are named', () => {
    const dir = brokenPack('sections/01-start.md', (t) => t.replace('summary: Why it is worth trying.\n', ''));
    expect(problemsOf(dir)).toEqual(['sections/01-start.md: summary is required']);
  });

  it('GIVEN front matter that is not YAML THEN the file is named', () => {
    const dir = brokenPack('sections/01-start.md', (t) => t.replace('summary: Why it is worth trying.', 'summary: [unclosed'));
    expect(problemsOf(dir)).toEqual([expect.stringMatching(/^sections\/01-start.md: front matter is not valid YAML/)]);
  });

  it('GIVEN a section without front matter THEN its fields are missing, and the body is not read as YAML', () => {
    const dir = brokenPack('sections/01-start.md', (t) => t.replace(/^---[\s\S]*?\n---\n/, ''));
    const problems = problemsOf(dir);
    expect(problems).toContain('sections/01-start.md: id is required');
    expect(problems.some((p) => /not valid YAML/.test(p))).toBe(false);
  });

  it('GIVEN Windows line ends THEN the section reads the same', () => {
    const dir = brokenPack('sections/01-start.md', (t) => t.replace(/\n/g, '\r\n'));
    const start = loadContent(dir).sections[0]!;
    const original = loadContent(FIXTURE).sections[0]!;
    expect({ ...start, body: start.body.replace(/\r\n/g, '\n') }).toEqual(original);
  });

  it('GIVEN section orders with a gap THEN the order problem is reported', () => {
    const dir = brokenPack('sections/03-end.md', (t) => t.replace('order: 3', 'order: 5'));
    expect(problemsOf(dir)).toEqual(['sections/: order must run 1, 2, 3… without gaps or repeats (found 5 for "final-thought")']);
  });

  it('GIVEN invalid YAML THEN the file is named', () => {
    const dir = brokenPack('themes.yaml', () => 'themes: [unclosed');
    expect(problemsOf(dir)[0]).toMatch(/^themes.yaml: is not valid YAML/);
  });

  it('GIVEN a file of two YAML documents THEN the file is named', () => {
    const dir = brokenPack('tips.yaml', (t) => `${t}\n---\ntips: []\n`);
    expect(problemsOf(dir)[0]).toMatch(/^tips.yaml: is not valid YAML \(more than one document/);
  });

  it('GIVEN an unknown prompt kind and a bad id THEN both are listed at once', () => {
    const dir = brokenPack('prompts.yaml', (t) => t.replace('kind: share', 'kind: shout').replace('id: p-001', 'id: P 001'));
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^prompts.yaml: prompts.0.id must be lower-case kebab-case/);
    expect(problems[1]).toMatch(/^prompts.yaml: prompts.1.kind /);
  });

  it('GIVEN a missing file THEN it is named', () => {
    const dir = brokenPack('support.md', (t) => t);
    rmSync(join(dir, 'support.md'));
    expect(problemsOf(dir)).toEqual(['support.md: file is missing']);
  });
});
