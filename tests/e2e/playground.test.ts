import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
/** Piped output has no terminal width: the playground lays out for 80 columns, less a margin. */
const WIDTH = 78;
const ID = /\d{17,20}/;

/** Runs `npm run playground`'s command with this input and no token, .env or network settings. */
function playground(input: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'playground/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, TZ: 'UTC', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

/** The output that follows the echo of a command, up to the next one. */
const after = (out: string, marker: string) => out.slice(out.indexOf(marker));

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

  it('/dm moves you to your DM with the bot, where the member commands work and /smallwins is not offered; /server goes back', async () => {
    const { code, out } = await playground(
      ['/dm', '/tips tip:4', '/smallwins status', '/server', '/smallwins status', '/quit'].join('\n'),
    );
    expect(code).toBe(0);
    expect(out).toContain('You are in your DM with Reconnect');
    expect(after(out, 'You are in your DM')).toMatch(/│ Seek support/);
    expect(out).toContain('Discord offers /smallwins in servers only, not in your DM with Reconnect.');
    expect(after(out, 'You are in #general again.')).toContain('Small wins is not on in any channel here.');
    expect(out).not.toMatch(/Playground error/);
  }, 60_000);

  it('shows channels, roles and times as Discord does: by name, in your time zone, "in N hours"', async () => {
    const { code, out } = await playground(
      [
        '/channels',
        '/smallwins enable channel:#small-wins time:09:00 timezone:UTC role:@Small Wins Crew',
        '/smallwins status',
        '/quit',
      ].join('\n'),
      { TZ: 'America/New_York' },
    );
    expect(code).toBe(0);
    expect(out).toContain('Channels: #general, #small-wins, #introductions');
    expect(out).toMatch(/Roles: [^\n]*@Small\s+Wins\s+Crew/);
    // 09:00 UTC is 04:00 or 05:00 in New York, as a member there would see it in Discord.
    expect(out).toMatch(
      /Small wins is on in #small-wins: every day at 09:00 \(UTC\) · mentions\s+@Small\s+Wins\s+Crew/,
    );
    expect(out).toMatch(
      /Next post: \w+day, \d{1,2} \w+ \d{4} 0[45]:00 \(in (a few seconds|a minute|an hour|a day|\d+ (minutes|hours))\)\./,
    );
    expect(out).toMatch(/│ Next: \d{1,2} \w+ \d{4} 0[45]:00 \(in [^)]+\)/);
    expect(out).not.toMatch(/#channel\(|@role\(|UTC \(/);
    expect(out).not.toMatch(ID);
  }, 60_000);

  it('refuses /clock 25:00, and moves 400 days in one jump with progress, one post a day, and no wait of minutes', async () => {
    const { code, out } = await playground(
      [
        '/smallwins enable channel:#small-wins time:09:00 timezone:UTC',
        '/clock 25:00',
        '/clock 9:75',
        '/clock +400d',
        '/quit',
      ].join('\n'),
    );
    expect(code).toBe(0);
    expect(out).toContain('25:00 is not a time of day: hours go from 00 to 23 and minutes from 00 to 59.');
    expect(out).toContain('9:75 is not a time of day');
    for (const day of [40, 200, 360]) expect(out).toMatch(new RegExp(`⏩ .* · day ${day} of 400`));
    expect(out.match(/── new message in #small-wins ──/g)).toHaveLength(400);
    expect(out).toMatch(/The bot's clock: \w+day, \d{1,2} \w+ \d{4} \d\d:\d\d \(UTC\)\./);
  }, 120_000);

  it('names things in errors, never ids; wraps them at word boundaries; quotes only a short excerpt of a long value', async () => {
    const long = 'hope '.repeat(80).trim();
    const { code, out } = await playground(
      [
        '/smallwins enable channel:#nope time:09:00 timezone:UTC',
        '/smallwins enable channel:#small-wins time:09:00 timezone:UTC role:@Moderators',
        `/reflect theme:${long}`,
        '/fail #nowhere 403',
        '/quit',
      ].join('\n'),
    );
    expect(code).toBe(0);
    expect(out).toContain('There is no channel #nope here. The channels are #general, #small-wins,');
    expect(out).toMatch(/There is no role @Moderators here\. The roles are @everyone,[\s\S]*@Small\s+Wins\s+Crew\./);
    expect(out).toContain('There is no channel #nowhere here.');
    expect(out).not.toMatch(ID);
    expect(out).not.toContain('hope '.repeat(10));
    expect(out).toContain(`"${long.slice(0, 31)}…" is not a valid choice for theme.`);
    for (const line of out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(WIDTH);
    // Wrapped at spaces: the choices list runs over several lines without a word cut in two.
    const choices = after(out, 'is not a valid choice').split('\n').slice(0, 4).join(' ');
    expect(choices).toMatch(/self-reflection, understanding-separation \(Understanding\s+separation\)/);
  }, 60_000);

  it('a channel deleted with /fail 404 comes back with /fail ok, and small wins can be turned on there again', async () => {
    const { code, out } = await playground(
      [
        '/smallwins enable channel:#small-wins time:09:00 timezone:UTC',
        '/fail #small-wins 404',
        '/smallwins status',
        '/fail #small-wins ok',
        '/smallwins enable channel:#small-wins time:09:00 timezone:UTC',
        '/clock +1d',
        '/quit',
      ].join('\n'),
    );
    expect(code).toBe(0);
    expect(out).toContain('#small-wins is deleted');
    expect(out).toContain('Small wins is not on in any channel here.');
    expect(out).toContain('#small-wins is back, as a new channel');
    expect(after(out, 'is back').match(/Small wins is on in #small-wins/g)).toHaveLength(1);
    expect(after(out, 'is back')).toMatch(/── new message in #small-wins ──/);
  }, 60_000);

  it('ends cleanly at the end of input, without /quit', async () => {
    const { code, out } = await playground('/about\n');
    expect(code).toBe(0);
    expect(out).toMatch(/About Reconnect/);
  }, 60_000);
});

// A real terminal: `script` (util-linux) gives the playground a pseudo-terminal.
const hasScript = spawnSync('script', ['--version']).status === 0;

describe.skipIf(!hasScript)('npm run playground in a terminal', () => {
  it('keeps what you type while a command runs out of its output, and shows it at the next prompt', async () => {
    const command = `${process.execPath} --import tsx playground/main.ts`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, TZ: 'UTC', TERM: 'xterm' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const waitFor = async (pattern: RegExp, from = 0) => {
      for (let i = 0; i < 600 && !pattern.test(out.slice(from)); i++) await new Promise((r) => setTimeout(r, 50));
      if (!pattern.test(out.slice(from))) throw new Error(`never saw ${pattern} in: ${out.slice(from)}`);
    };
    try {
      const prompt = /#general › \S*$/;
      await waitFor(prompt);
      let from = out.length;
      child.stdin.write('/smallwins enable channel:#small-wins time:09:00 timezone:UTC\r');
      await waitFor(/Next post[\s\S]*#general › \S*$/, from);
      // Enter, and at once the start of the next command, as a quick typist would.
      from = out.length;
      child.stdin.write('/clock +3d\r/about');
      await waitFor(/The bot's clock: [\s\S]*#general › \/about/, from);
      const run = out.slice(from);
      const typed = run.indexOf('/about');
      expect(run.indexOf('── new message in #small-wins ──')).toBeGreaterThan(0);
      expect(typed).toBeGreaterThan(run.lastIndexOf('└'));
      expect(typed).toBeGreaterThan(run.indexOf("The bot's clock: "));
      child.stdin.write('\r');
      await waitFor(/About Reconnect/, from);
      child.stdin.write('/quit\r');
      await exited;
    } finally {
      child.kill();
    }
  }, 60_000);
});
