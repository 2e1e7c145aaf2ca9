/**
 * The loopback Discords of the latency benchmark, in a worker thread: one for the bot and
 * one for the bare client, each with a server of 200 members. Latency is measured here,
 * on the server's side, from dispatching INTERACTION_CREATE to receiving the callback.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LoopbackDiscord } from '@reconnect/loopback-discord';

const { token } = workerData as { token: string };

async function world() {
  const discord = await LoopbackDiscord.start({ token });
  // Each invocation is a different member, as in a busy server.
  const members = Array.from({ length: 200 }, (_, i) => discord.addUser({ username: `m${i}` }).id);
  const guild = discord.addGuild({
    name: 'Bench',
    channels: [{ name: 'general' }],
    members: members.map((userId) => ({ userId })),
  });
  let i = 0;
  const invoke = () =>
    discord.invoke({
      guildId: guild.id,
      channelId: guild.channels[0]!.id,
      userId: members[i++ % members.length]!,
      command: 'reflect',
    });
  return { discord, guildId: guild.id, invoke };
}

/** Runs `count` invocations with `inFlight` outstanding at once; returns each latency in ms. */
async function drive(count: number, inFlight: number, invoke: () => Promise<{ status: string }>): Promise<number[]> {
  const latencies: number[] = [];
  let started = 0;
  async function lane() {
    while (started < count) {
      started++;
      const start = performance.now();
      const outcome = await invoke();
      if (outcome.status !== 'responded') throw new Error(`an interaction was not answered: ${outcome.status}`);
      latencies.push(performance.now() - start);
    }
  }
  await Promise.all(Array.from({ length: inFlight }, lane));
  return latencies;
}

const sides = { bot: await world(), floor: await world() };
parentPort!.postMessage({
  kind: 'ready',
  bot: { apiUrl: sides.bot.discord.apiUrl, guildId: sides.bot.guildId },
  floor: { apiUrl: sides.floor.discord.apiUrl, guildId: sides.floor.guildId },
});
parentPort!.on('message', async (message: { kind: string; side: 'bot' | 'floor'; count: number; inFlight: number }) => {
  if (message.kind === 'drive') {
    const latencies = await drive(message.count, message.inFlight, sides[message.side].invoke);
    parentPort!.postMessage({ kind: 'drive', latencies });
  } else if (message.kind === 'close') {
    await sides.bot.discord.close();
    await sides.floor.discord.close();
    parentPort!.close();
  }
});
