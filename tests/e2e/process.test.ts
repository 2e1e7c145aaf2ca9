import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoopbackDiscord } from '@reconnect/loopback-discord';
import { DEFAULT_CONTENT_DIR } from '../../src/app/config.ts';
import { loadContent } from '../../src/content/content-pack.ts';
import { registerCommands } from '../../src/discord/register-commands.ts';
import { Store } from '../../src/storage/store.ts';
import { testEngines } from '../storage/engines.ts';

const TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gproc.process-test-token-value';
const ROOT = join(import.meta.dirname, '../..');
/** For a test that starts two or three bot processes one after another: each takes seconds to load on a busy machine. */
const PROCESSES_TIMEOUT_MS = 90_000;
/** The node options of `npm start` (`node [options] dist/src/main.js` in package.json), which the compiled bot is started with. */
const NPM_START_NODE_OPTIONS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .trim()
  .split(/\s+/)
  .slice(1, -1);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'reconnect-process-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A database URL with a password in it: the test server's own, or one made up where the
 * server does not ask for any (trust authentication), and SQLite's unchanged.
 */
function withPassword(url: string): string {
  if (!url.startsWith('postgres')) return url;
  const parsed = new URL(url);
  parsed.password ||= 'pw-Of_The_Database';
  return parsed.toString();
}

/** What would show the URL's password in the log: the password itself, or (a short one such as 'postgres', also a word of its own) the URL's part with it. */
function passwordTraces(url: string): string[] {
  const password = url.startsWith('postgres') ? new URL(url).password : '';
  if (!password) return [];
  return password.length >= 12 ? [password] : [`:${password}@`];
}

/**
 * `npm run dev`'s command (or another script's under tsx), or with a compiled `.js` script
 * `npm start`'s (plain node), with exactly this environment (no .env: the cwd is a temp folder).
 */
function start(env: Record<string, string>, script = 'src/main.ts') {
  // The same loader `npm run dev` uses, named by path since the cwd is outside the repo.
  const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const argv = !script.endsWith('.js')
    ? ['--import', tsx, join(ROOT, script)]
    : [...(script === 'dist/src/main.js' ? NPM_START_NODE_OPTIONS : []), join(ROOT, script)];
  const child = spawn(process.execPath, argv, {
    cwd: dir,
    env: { PATH: process.env.PATH!, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp) => {
    for (let i = 0; i < 300 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    if (!pattern.test(out)) throw new Error(`never saw ${pattern}: ${out}`);
  };
  return { child, exited, output: () => out, stdout: () => stdout, waitFor };
}

describe('npm run deploy-commands', () => {
  it('registers every command in one bulk overwrite, to the development server, asking the API for the application id', async () => {
    const discord = await LoopbackDiscord.start({ token: TOKEN });
    const guild = discord.addGuild({ name: 'Deploy', channels: [{ name: 'general' }] });
    try {
      const run = start(
        { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl, DISCORD_GUILD_ID: guild.id },
        'src/deploy-commands.ts',
      );
      expect(await run.exited).toBe(0);
      expect(run.output()).toContain(
        `Registered 9 commands (/article, /reflect, /tips, /about, /preferences, /mydata, /smallwins, /customize, /suggest) for server ${guild.id}.`,
      );
      expect(discord.registeredCommands(guild.id).map((c) => c.name)).toEqual([
        'article',
        'reflect',
        'tips',
        'about',
        'preferences',
        'mydata',
        'smallwins',
        'customize',
        'suggest',
      ]);
      expect(discord.registeredCommands()).toEqual([]);
      const puts = discord.requestLog.filter((r) => r.method === 'PUT');
      expect(puts).toHaveLength(1);
      expect(run.output()).toContain(
        'User install (/article, /reflect, /tips, /about, /preferences, /mydata in DMs, group DMs and servers without the bot) needs global commands',
      );
      expect(run.output()).not.toContain(TOKEN);
    } finally {
      await discord.close();
    }
  });

  it('without DISCORD_GUILD_ID registers globally: member commands for server and user installs, /smallwins for servers', async () => {
    const discord = await LoopbackDiscord.start({ token: TOKEN });
    try {
      const run = start({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl }, 'src/deploy-commands.ts');
      expect(await run.exited).toBe(0);
      expect(run.output()).toContain(
        'Registered 9 commands (/article, /reflect, /tips, /about, /preferences, /mydata, /smallwins, /customize, /suggest) for global.',
      );
      expect(run.output()).toContain(
        'Server commands /smallwins, /customize, /suggest: server installs, in servers only.',
      );
      const byName = Object.fromEntries(discord.registeredCommands().map((c) => [c.name, c]));
      expect(byName.reflect).toMatchObject({ integration_types: [0, 1], contexts: [0, 1, 2] });
      expect(byName.smallwins).toMatchObject({ integration_types: [0], contexts: [0] });
      expect(byName.suggest).toMatchObject({ integration_types: [0], contexts: [0] });
    } finally {
      await discord.close();
    }
  });
});

describe('npm start', () => {
  it('exits at once without a token, saying how to get one and pointing at the playground', async () => {
    const bot = start({});
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toMatch(/DISCORD_TOKEN is required/);
    expect(bot.output()).toMatch(/npm run playground/);
  });

  it('refuses a broken content pack, naming the file and the field', async () => {
    const pack = join(dir, 'pack');
    cpSync(DEFAULT_CONTENT_DIR, pack, { recursive: true });
    writeFileSync(
      join(pack, 'tips.yaml'),
      'tips:\n  - id: patience\n    title: ""\n    short: Short enough to pass here.\n    long: x\n',
    );
    const bot = start({ DISCORD_TOKEN: TOKEN, CONTENT_DIR: pack });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toMatch(/tips.yaml: tips.0.title must not be empty/);
  });
});

// `npm start` on each engine: DATABASE_URL=postgres://… runs the same bot.
describe.each(testEngines())('npm start on $name', (engine) => {
  it(
    'runs against the API URL it is given, keeps its data through a hard kill, and stops cleanly on SIGTERM without logging the token or the database password',
    async () => {
      const discord = await LoopbackDiscord.start({ token: TOKEN });
      const mod = discord.addUser({ username: 'mod' });
      const guild = discord.addGuild({
        name: 'Process',
        ownerId: mod.id,
        channels: [{ name: 'general' }, { name: 'wins' }],
      });
      const [general, wins] = guild.channels;
      const databaseUrl = withPassword(await engine.newDatabaseUrl());
      const env = {
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_URL: discord.apiUrl,
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'info',
      };
      await registerCommands(
        { token: TOKEN, apiUrl: discord.apiUrl, clientId: undefined, guildId: guild.id },
        loadContent(DEFAULT_CONTENT_DIR),
      );
      try {
        const first = start(env);
        await first.waitFor(/"msg":"ready"/);
        // A new database on either engine is announced, saying where it is.
        expect(first.output()).toMatch(/"(path|database)":"[^"]+","msg":"created a new database/);
        const enabled = await discord.invoke({
          guildId: guild.id,
          channelId: general!.id,
          userId: mod.id,
          command: 'smallwins enable',
          options: { channel: wins!.id, time: '09:00', timezone: 'UTC' },
        });
        expect(enabled.reply?.content).toContain('Small wins is on');
        first.child.kill('SIGKILL');
        await first.exited;

        const store = await Store.open(databaseUrl);
        expect((await store.subscriptions()).map((s) => s.channelId)).toEqual([wins!.id]);
        await store.close();

        const second = start(env);
        await second.waitFor(/"msg":"ready"/);
        expect(second.output()).toMatch(/"channels":1,"msg":"daily posts scheduled"/);
        second.child.kill('SIGTERM');
        expect(await second.exited).toBe(0);
        expect(second.output()).toMatch(/"msg":"shutting down"/);
        expect(first.output() + second.output()).not.toContain(TOKEN);
        for (const trace of passwordTraces(databaseUrl)) expect(first.output() + second.output()).not.toContain(trace);
      } finally {
        await discord.close();
      }
    },
    PROCESSES_TIMEOUT_MS,
  );
});

describe('npm start: a database URL with a password', () => {
  it(
    'never writes the password, whatever goes wrong with the database',
    async () => {
      const password = 'pw-Never_In_Logs';
      // Nothing listens on port 1; the second URL cannot even be parsed.
      for (const url of [
        `postgres://reconnect:${password}@127.0.0.1:1/reconnect`,
        `postgres://reconnect:${password}@127.0.0.1:notaport/reconnect`,
      ]) {
        const bot = start({ DISCORD_TOKEN: TOKEN, DATABASE_URL: url, LOG_LEVEL: 'debug' });
        expect(await bot.exited).toBe(1);
        expect(bot.output()).toMatch(/"msg":"could not start"/);
        expect(bot.output()).not.toContain(password);
      }
    },
    PROCESSES_TIMEOUT_MS,
  );
});

describe('npm start: what it writes', () => {
  it(
    'announces a new database, with its path, only when it creates one; every line on stdout is a JSON log line',
    async () => {
      const discord = await LoopbackDiscord.start({ token: TOKEN });
      discord.addGuild({ name: 'Logs', channels: [{ name: 'general' }] });
      const path = join(dir, 'announce', 'bot.sqlite');
      const env = {
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_URL: discord.apiUrl,
        DATABASE_URL: `sqlite://${path}`,
        LOG_LEVEL: 'info',
      };
      const lines = (text: string) =>
        text
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as Record<string, unknown>);
      try {
        const first = start(env);
        await first.waitFor(/"msg":"ready"/);
        first.child.kill('SIGTERM');
        expect(await first.exited).toBe(0);
        const created = lines(first.stdout()).filter((l) => /created a new database/.test(String(l.msg)));
        expect(created).toHaveLength(1);
        expect(created[0]).toMatchObject({ level: 30, path });

        const second = start(env);
        await second.waitFor(/"msg":"ready"/);
        second.child.kill('SIGTERM');
        expect(await second.exited).toBe(0);
        expect(lines(second.stdout()).filter((l) => /new database/.test(String(l.msg)))).toEqual([]);
        expect(lines(second.stdout()).map((l) => l.msg)).toContain('ready');
        // Nothing besides: no stderr text, no line that is not JSON (lines() would throw).
        for (const run of [first, second]) expect(run.output()).toBe(run.stdout());

        // The file is deleted (or moved) while the bot is down: the empty one it starts on is announced.
        rmSync(path, { force: true });
        const third = start(env);
        await third.waitFor(/"msg":"ready"/);
        third.child.kill('SIGTERM');
        expect(await third.exited).toBe(0);
        expect(lines(third.stdout()).filter((l) => /created a new database/.test(String(l.msg)))).toHaveLength(1);
      } finally {
        await discord.close();
      }
    },
    PROCESSES_TIMEOUT_MS,
  );
});

// What a fresh clone does for production: `npm run build`, then `npm start` (plain node, no tsx).
describe('npm run build && npm start', () => {
  beforeAll(async () => {
    rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
    await promisify(execFile)('npm', ['run', 'build'], { cwd: ROOT });
  }, 180_000);

  it('compiles to dist/, and the compiled bot starts on plain node, reads the shipped content, answers a member and stops on SIGTERM', async () => {
    expect(existsSync(join(ROOT, 'dist/src/main.js'))).toBe(true);
    const discord = await LoopbackDiscord.start({ token: TOKEN });
    const guild = discord.addGuild({ name: 'Built', channels: [{ name: 'general' }] });
    const member = discord.addUser({ username: 'member' });
    discord.addMember(guild.id, member.id);
    const env = {
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      DATABASE_URL: `sqlite://${join(dir, 'built', 'bot.sqlite')}`,
      LOG_LEVEL: 'info',
    };
    try {
      const deploy = start({ ...env, DISCORD_GUILD_ID: guild.id }, 'dist/src/deploy-commands.js');
      expect(await deploy.exited).toBe(0);
      expect(discord.registeredCommands(guild.id).map((c) => c.name)).toEqual([
        'article',
        'reflect',
        'tips',
        'about',
        'preferences',
        'mydata',
        'smallwins',
        'customize',
        'suggest',
      ]);

      const bot = start(env, 'dist/src/main.js');
      await bot.waitFor(/"msg":"ready"/);
      const about = await discord.invoke({
        guildId: guild.id,
        channelId: guild.channels[0]!.id,
        userId: member.id,
        command: 'about',
      });
      const shipped = loadContent(DEFAULT_CONTENT_DIR).strings.t('about.title');
      expect(about.reply?.embeds?.[0]?.title).toBe(shipped);
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(bot.output()).not.toContain(TOKEN);
    } finally {
      await discord.close();
    }
  }, 60_000);
});
