import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import type { Client } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LoopbackDiscord, shardIdOf, type SeededGuild } from '../src/index.ts';
import { WHERE_COMMANDS, WHERE_TOKEN as TOKEN, startWhereBot as startBot } from './where-bot.ts';

describe('discord.js against a sharded loopback', () => {
  let discord: LoopbackDiscord;
  let guilds: SeededGuild[];
  let alex: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    // max_concurrency 4: discord.js waits 5 s between identifies of one bucket; with a bucket per shard it need not.
    discord = await LoopbackDiscord.start({ token: TOKEN, sharding: { recommendedShards: 4, maxConcurrency: 4 } });
    alex = discord.addUser({ username: 'alex' }).id;
    guilds = [];
    for (let shard = 0; shard < 4; shard++) {
      for (let n = 0; n < 2; n++) {
        guilds.push(
          discord.addGuild({
            name: `S${shard}-${n}`,
            channels: [{ name: 'general' }],
            members: [{ userId: alex }],
            onShard: [shard, 4],
          }),
        );
      }
    }
    await new REST({ api: discord.apiUrl })
      .setToken(TOKEN)
      .put(Routes.applicationCommands(discord.application.id), { body: WHERE_COMMANDS });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.destroy();
  });
  afterAll(async () => {
    await discord?.close();
  });

  it('GIVEN two processes with two shards each THEN each receives exactly its guilds and their interactions, and DMs reach shard 0', async () => {
    const a = await startBot(discord.apiUrl, 'A', { shards: [0, 1], shardCount: 4 });
    const b = await startBot(discord.apiUrl, 'B', { shards: [2, 3], shardCount: 4 });
    clients.push(a.client, b.client);
    expect(
      discord
        .gatewaySessions()
        .map((s) => s.shard)
        .sort(),
    ).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
    ]);

    for (const [bot, shards] of [
      [a, [0, 1]],
      [b, [2, 3]],
    ] as const) {
      const expected = guilds.filter((g) => (shards as readonly number[]).includes(shardIdOf(g.id, 4)));
      expect([...bot.client.guilds.cache.keys()].sort()).toEqual(expected.map((g) => g.id).sort());
      for (const g of expected) expect(bot.client.guilds.cache.get(g.id)!.shardId).toBe(shardIdOf(g.id, 4));
    }

    for (const guild of guilds) {
      const shard = shardIdOf(guild.id, 4);
      const label = shard < 2 ? 'A' : 'B';
      const outcome = await discord.invoke({
        guildId: guild.id,
        channelId: guild.channels[0]!.id,
        userId: alex,
        command: 'where',
      });
      expect(outcome.reply?.content).toBe(`${label}:${shard} context=0 guild=${guild.id} user=null inGuild=true`);
      await discord.waitFor(() => outcome.followUps.length === 1);
      // Exactly one shard of one process saw it.
      const seen = [a, b].filter((bot) => bot.receivedOn.has(outcome.interaction.id));
      expect(seen).toHaveLength(1);
    }

    const dm = discord.openDm(alex);
    const inDm = await discord.invoke({ channelId: dm.id, userId: alex, command: 'where' });
    expect(inDm.reply?.content).toBe('A:0 context=1 guild=0 user=null inGuild=false');
    expect(b.receivedOn.has(inDm.interaction.id)).toBe(false);
    expect(discord.violations).toEqual([]);
  });

  it('GIVEN shards: "auto" THEN one process runs the count /gateway/bot recommends, each guild on its shard', async () => {
    const bot = await startBot(discord.apiUrl, 'auto', { shards: 'auto' });
    clients.push(bot.client);
    expect(bot.client.ws.shards.size).toBe(4);
    expect(bot.client.guilds.cache.size).toBe(guilds.length);
    for (const g of guilds) expect(bot.client.guilds.cache.get(g.id)!.shardId).toBe(shardIdOf(g.id, 4));
    const guild = guilds[5]!;
    const outcome = await discord.invoke({
      guildId: guild.id,
      channelId: guild.channels[0]!.id,
      userId: alex,
      command: 'where',
    });
    expect(outcome.reply?.content).toMatch(new RegExp(`^auto:${shardIdOf(guild.id, 4)} `));
  });
});
