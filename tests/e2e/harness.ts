import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoopbackDiscord, type LoopbackOptions } from '@reconnect/loopback-discord';
import { launchApp, type App } from '../../src/app/app.ts';
import { parseConfig } from '../../src/app/config.ts';
import { loadContent } from '../../src/content/content-pack.ts';
import { createLogger } from '../../src/app/logger.ts';
import { registerCommands } from '../../src/discord/register-commands.ts';

export const TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gtest.loopback-e2e-token-value';

/**
 * A loopback Discord with one server (#general, #small-wins), two members, the real bot
 * (discord.js client, its store on `databaseUrl`, by default SQLite in a temporary folder)
 * with its commands registered to that server (or globally: `globalCommands`), and the
 * bot's log lines captured for assertions.
 */
export async function startWorld(
  options: {
    contentDir?: string;
    rateLimits?: Record<string, unknown>;
    loopback?: Omit<Partial<LoopbackOptions>, 'token'>;
    /** A new, empty database for this world (tests/storage/engines.ts makes one per engine). */
    databaseUrl?: string;
    /** More of the bot's environment (HEALTH_PORT…). */
    env?: Record<string, string>;
    /** Register the commands globally, as in production (user install needs it), not to the server. */
    globalCommands?: boolean;
    /** What discord.js caches (the memory bench's contender runs on its defaults). */
    caches?: 'bot' | 'discord.js defaults';
  } = {},
) {
  const discord = await LoopbackDiscord.start({
    token: TOKEN,
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...options.loopback,
  });
  const alex = discord.addUser({ username: 'alex' });
  const sam = discord.addUser({ username: 'sam' });
  const guild = discord.addGuild({
    name: 'Reconnect Test',
    ownerId: alex.id, // alex moderates (an owner has Manage Server); sam is a member
    channels: [
      { name: 'general' },
      { name: 'small-wins' },
      { name: 'announcements', type: 5 },
      { name: 'Voice', type: 2 },
    ],
    members: [{ userId: alex.id }, { userId: sam.id }],
  });
  const general = guild.channels.find((c) => c.name === 'general')!;
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-e2e-'));
  // Through the real configuration parser, as `npm start` reads its environment.
  const config = parseConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: guild.id,
    DATABASE_URL: options.databaseUrl ?? `sqlite://${join(dir, 'reconnect.sqlite')}`,
    CONTENT_DIR: options.contentDir,
    ...options.env,
  });
  const content = loadContent(config.contentDir);
  await registerCommands(options.globalCommands ? { ...config, guildId: undefined } : config, content);
  /** The bot's clock: the daily posts tick by hand in these tests, at times they choose. */
  let clock = Date.parse('2026-11-25T08:00:00Z');
  const timeOptions = { now: () => clock, autoTick: false, ...(options.caches ? { caches: options.caches } : {}) };
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'info',
    secrets: [TOKEN],
    destination: { write: (l: string) => logLines.push(l) },
  });
  let app: App = await launchApp(config, logger, timeOptions);

  /** What a member in #general sees after running a command. */
  const run = (command: string, opts: Record<string, string | number | boolean> = {}, userId = alex.id) =>
    discord.invoke({ guildId: guild.id, channelId: general.id, userId, command, options: opts });

  return {
    discord,
    guild,
    general,
    alex,
    sam,
    config,
    content,
    logLines,
    /** The bot's clock and ticking, for a second instance on the same store. */
    timeOptions,
    get app() {
      return app;
    },
    run,
    logs: () => logLines.map((l) => JSON.parse(l) as Record<string, unknown>),
    /** Stops the bot and starts a new one on the same store, as after a deploy. */
    async restart() {
      await app.stop();
      app = await launchApp(config, logger, timeOptions);
    },
    /** Sets the bot's clock and runs the daily posts' tick at that moment. */
    async tickAt(iso: string) {
      clock = Date.parse(iso);
      await app.bot.daily.runner.tick();
    },
    setClock(iso: string) {
      clock = Date.parse(iso);
    },
    channel(name: string) {
      return guild.channels.find((c) => c.name === name)!;
    },
    async close() {
      await app.stop();
      await discord.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type World = Awaited<ReturnType<typeof startWorld>>;
