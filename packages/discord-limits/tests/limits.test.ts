import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { describe, expect, it } from 'vitest';

describe('@reconnect/discord-limits', () => {
  it('declares in index.d.ts exactly the limits index.js exports, each a positive whole number', () => {
    const types = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8');
    const declared = [...types.matchAll(/^\s+(\w+): number;$/gm)].map((m) => m[1]);
    expect(declared.sort()).toEqual(Object.keys(DISCORD_LIMITS).sort());
    for (const [name, value] of Object.entries(DISCORD_LIMITS))
      expect(Number.isSafeInteger(value) && value > 0, name).toBe(true);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(DISCORD_LIMITS)).toBe(true);
  });

  it('loads under plain node from the repository root, as the compiled bot will', () => {
    const { NODE_OPTIONS: _loaders, ...env } = process.env;
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { DISCORD_LIMITS } from '@reconnect/discord-limits'; console.log(DISCORD_LIMITS.content)",
      ],
      { cwd: fileURLToPath(new URL('../../..', import.meta.url)), env, encoding: 'utf8' },
    );
    expect(out.trim()).toBe(String(DISCORD_LIMITS.content));
  });
});
