import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const REPLIES = join(ROOT, 'src/replies');

/** Every module a file loads when it runs (type-only imports are erased), followed through the project's own files. */
function runtimeImports(start: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)) {
      if (specifier!.startsWith('.')) queue.push(resolve(dirname(file), specifier!));
      else packages.add(specifier!);
    }
  }
  return { files, packages };
}

describe('src/replies', () => {
  it('GIVEN the reply builders THEN nothing they load at run time talks to Discord or the database', () => {
    const builders = readdirSync(REPLIES)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(REPLIES, f));
    const { files, packages } = runtimeImports(builders);
    expect([...packages].sort()).toEqual([
      '@reconnect/discord-limits',
      'discord-api-types/v10',
      'luxon',
      'node:crypto',
    ]);
    const outside = [...files].map((f) => relative(ROOT, f)).filter((f) => !f.startsWith('src/replies/'));
    expect(
      outside.filter(
        (f) => f.startsWith('src/storage/') || f.startsWith('src/app/') || /client|runner|sender|store/.test(f),
      ),
    ).toEqual([]);
  });
});
