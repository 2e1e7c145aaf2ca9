/**
 * The bare discord.js bot (bare-bot.ts) as a process of its own, for the start-up and
 * memory benchmarks: compiled with tsconfig.bench.json and run by plain node, as
 * `npm start` runs the bot. DISCORD_TOKEN and DISCORD_API_URL as for the bot;
 * BENCH_CACHES=bot gives it the bot's caches instead of discord.js's defaults. Prints
 * one line, `ready <guilds>`, once the client is ready; stops on SIGTERM.
 */
import { botCacheOptions } from '../src/discord/gateway-cache.ts';
import { startBareBot } from './bare-bot.ts';

const bot = await startBareBot({
  apiUrl: process.env.DISCORD_API_URL!,
  token: process.env.DISCORD_TOKEN!,
  ...(process.env.BENCH_CACHES === 'bot' ? { caches: botCacheOptions() } : {}),
});
console.log(`ready ${bot.client.guilds.cache.size}`);
process.once('SIGTERM', () => void bot.stop().then(() => process.exit(0)));
