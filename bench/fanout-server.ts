/**
 * The loopback Discord of the daily-post benchmarks, in a worker thread of its own:
 * Discord is another machine, so its clock and event loop must not stall with the bot's.
 * It holds `channels` channels (over servers of 500, Discord's limit) and `members`
 * members in the first server, under the given network conditions and global windows.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { LoopbackDiscord, type NetworkConditions } from '@reconnect/loopback-discord';

const { token, channels, members, network, globalWindowPhaseMs, shards } = workerData as {
  token: string;
  /** Gateway shards (/gateway/bot's recommendation); the servers go round them in turn. Default 1. */
  shards?: number;
  channels: number;
  members?: number;
  network?: Partial<NetworkConditions>;
  globalWindowPhaseMs?: number | null;
};
const discord = await LoopbackDiscord.start({
  token,
  rateLimits: {
    enabled: true,
    globalPerSecond: DISCORD_LIMITS.globalRequestsPerSecond,
    channelMessages: {
      limit: DISCORD_LIMITS.channelMessagesPerWindow,
      windowMs: DISCORD_LIMITS.channelMessagesWindowMs,
    },
    globalWindowPhaseMs: globalWindowPhaseMs ?? null,
  },
  ...(network ? { network } : {}),
  ...(shards ? { sharding: { recommendedShards: shards, maxConcurrency: shards } } : {}),
});
const memberIds = Array.from({ length: members ?? 0 }, (_, i) => discord.addUser({ username: `m${i}` }).id);
const targets: Array<{ guildId: string; channelId: string }> = [];
for (let g = 0; targets.length < channels; g++) {
  const n = Math.min(500, channels - targets.length);
  const guild = discord.addGuild({
    name: `Fan-out ${g}`,
    ...(shards ? { onShard: [g % shards, shards] as [number, number] } : {}),
    channels: Array.from({ length: n }, (_, i) => ({ name: `c${i}` })),
    ...(g === 0 ? { members: memberIds.map((userId) => ({ userId })) } : {}),
  });
  targets.push(...guild.channels.map((c) => ({ guildId: guild.id, channelId: c.id })));
}
const first = targets[0]!;

/** Starts `count` /reflect, `perSecond` a second, each by the next member; returns each latency (dispatch to callback, ms). */
async function drive(count: number, perSecond: number): Promise<number[]> {
  const runs: Array<Promise<number>> = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const userId = memberIds[i % memberIds.length]!;
    const sent = performance.now();
    runs.push(
      discord
        .invoke({ guildId: first.guildId, channelId: first.channelId, userId, command: 'reflect' })
        .then((outcome) => (outcome.status === 'responded' ? performance.now() - sent : Number.POSITIVE_INFINITY)),
    );
  }
  return Promise.all(runs);
}

parentPort!.postMessage({ kind: 'ready', apiUrl: discord.apiUrl, targets });
parentPort!.on(
  'message',
  async (message: { kind: string; perSecond?: number; durationMs?: number; count?: number }) => {
    if (message.kind === 'report') {
      const posts = (channelId: string) =>
        discord.messages(channelId).filter((m) => m.embeds[0]?.title?.startsWith('Small wins ·')).length;
      parentPort!.postMessage({
        kind: 'report',
        perChannel: targets.map((t) => posts(t.channelId)),
        requests: discord.stats.requests,
        rateLimited: discord.stats.rateLimited,
        limitedAt: discord.requestLog.filter((e) => e.status === 429).map((e) => e.at),
      });
    } else if (message.kind === 'squeeze') {
      parentPort!.postMessage({
        kind: 'squeeze',
        ...discord.squeezeGlobalLimit(message.perSecond!, message.durationMs!),
      });
    } else if (message.kind === 'drive') {
      parentPort!.postMessage({ kind: 'drive', latencies: await drive(message.count!, message.perSecond!) });
    } else if (message.kind === 'close') {
      await discord.close();
      parentPort!.close();
    }
  },
);
