/**
 * The bot with discord.js's default caches in place of its own, as a process, for the
 * memory benchmark: everything else as `npm start` runs it (compiled with
 * tsconfig.bench.json, started with npm start's node options), so the two differ only
 * in what discord.js keeps. DISCORD_TOKEN, DISCORD_API_URL and DATABASE_URL as for the
 * bot; logs "ready" as the bot does; stops on SIGTERM.
 */
import { launchApp } from '../src/app/app.ts';
import { parseConfig } from '../src/app/config.ts';
import { createLogger } from '../src/app/logger.ts';

const config = parseConfig(process.env);
const app = await launchApp(config, createLogger({ level: config.logLevel, secrets: [config.token] }), {
  caches: 'discord.js defaults',
});
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
