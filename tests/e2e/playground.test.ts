import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/** Runs `npm run playground`'s command with this input and no token, .env or network settings. */
function playground(input: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/playground.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH! },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

describe('npm run playground', () => {
  it('runs slash commands, presses buttons by number, shows a daily post arriving, and quits with 0', async () => {
    const { code, out } = await playground(
      [
        '/article section:trust',
        '3', // Next
        '/reflect theme:patience share:true',
        '/smallwins enable channel:#small-wins time:9am timezone:UTC',
        '/clock 09:00',
        '/smallwins status',
        '/reflect theme:nope',
        '/quit',
      ].join('\n'),
    );
    expect(code).toBe(0);
    expect(out).toMatch(/│ 4\. Rebuilding trust/);
    expect(out).toMatch(/│ 5\. Celebrate the small wins/);
    expect(out).toMatch(/\[1\] ◀️ Previous\s+\[2\] Contents\s+\[3\] ▶️ Next/);
    expect(out).toMatch(/Theme: Patience/);
    expect(out).toMatch(/── new message in #small-wins ──[\s\S]*Small wins · /);
    expect(out).toMatch(/Small wins in 1 channel/);
    expect(out).toContain('"nope" is not a valid choice for theme. Choose one of: self-reflection,');
    expect(out).toMatch(/Bye\.$/m);
  }, 60_000);

  it('ends cleanly at the end of input, without /quit', async () => {
    const { code, out } = await playground('/about\n');
    expect(code).toBe(0);
    expect(out).toMatch(/About Reconnect/);
  }, 60_000);
});
