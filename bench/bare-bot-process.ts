/**
 * The bare discord.js bot (bare-bot.ts) as a process of its own, for the start-up and
 * memory benchmarks: compiled with tsconfig.bench.json and run by plain node, as
 * `npm start` runs the bot. DISCORD_TOKEN and DISCORD_API_URL as for the bot;
 * BENCH_CACHES=bot gives it the bot's caches instead of discord.js's defaults, with the
 * bot's server index, which holds what the bot reads instead. Prints
 * one line, `ready <guilds>`, once the client is ready; stops on SIGTERM.
 */
import { botCacheOptions, forgetServers } from '../src/discord/gateway-cache.ts';
import { ServerIndex } from '../src/discord/server-index.ts';
import { startBareBot } from './bare-bot.ts';

const servers = new ServerIndex();
const bot = await startBareBot({
  apiUrl: process.env.DISCORD_API_URL!,
  token: process.env.DISCORD_TOKEN!,
  ...(process.env.BENCH_CACHES === 'bot'
    ? { caches: botCacheOptions(), raw: (p) => servers.handle(p), onClient: forgetServers }
    : {}),
});
console.log(`ready ${process.env.BENCH_CACHES === 'bot' ? servers.size : bot.client.guilds.cache.size}`);
process.once('SIGTERM', () => void bot.stop().then(() => process.exit(0)));
