/**
 * The loopback Discord of the fan-out benchmark, in a worker thread of its own: Discord
 * is another machine, so its clock and event loop must not stall with the bot's.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LoopbackDiscord } from '../src/loopback/index.ts';

const { token, channels } = workerData as { token: string; channels: number };
const discord = await LoopbackDiscord.start({
  token,
  rateLimits: { enabled: true, globalPerSecond: 50, channelMessages: { limit: 5, windowMs: 5000 } },
});
// Discord allows 500 channels per server: spread them over several.
const targets: Array<{ guildId: string; channelId: string }> = [];
for (let g = 0; targets.length < channels; g++) {
  const n = Math.min(500, channels - targets.length);
  const guild = discord.addGuild({ name: `Fan-out ${g}`, channels: Array.from({ length: n }, (_, i) => ({ name: `c${i}` })) });
  targets.push(...guild.channels.map((c) => ({ guildId: guild.id, channelId: c.id })));
}
parentPort!.postMessage({ kind: 'ready', apiUrl: discord.apiUrl, targets });
parentPort!.on('message', async (message: { kind: string }) => {
  if (message.kind === 'report') {
    parentPort!.postMessage({
      kind: 'report',
      perChannel: targets.map((t) => discord.messages(t.channelId).length),
      rateLimited: discord.stats.rateLimited,
      invalidRequests: discord.stats.invalidRequests,
    });
  } else if (message.kind === 'close') {
    await discord.close();
    parentPort!.close();
  }
});
