import { Routes } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackDiscord, shardIdOf, type SeededGuild } from '../src/index.ts';
import { DISCORD_EPOCH, SnowflakeGenerator } from '../src/snowflake.ts';
import { identify, type RawSession } from './gateway-client.ts';

const TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gshard.loopback-sharding-token';

/** A bot-token request to the loopback. */
async function api(discord: LoopbackDiscord, method: string, path: string, body?: unknown) {
  const res = await fetch(`${discord.apiUrl}/v10${path}`, {
    method,
    headers: { Authorization: `Bot ${TOKEN}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

/** Answers every interaction with a plain reply, as a bot would. */
function answerEverything(discord: LoopbackDiscord) {
  discord.on('dispatch', (event: string, data: any) => {
    if (event !== 'INTERACTION_CREATE') return;
    void fetch(`${discord.apiUrl}/v10/interactions/${data.id}/${data.token}/callback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'ok' } }),
    });
  });
}

describe('loopback gateway sharding', () => {
  let discord: LoopbackDiscord;
  const sessions: RawSession[] = [];
  const open = (shard?: [number, number]) => {
    const s = identify(discord, TOKEN, shard);
    sessions.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of sessions.splice(0)) s.close();
    await discord?.close();
  });

  it('GIVEN a recommended shard count THEN /gateway/bot reports it with max_concurrency, and each IDENTIFY spends a session start', async () => {
    discord = await LoopbackDiscord.start({ token: TOKEN, sharding: { recommendedShards: 4, maxConcurrency: 2 } });
    const before = (await api(discord, 'GET', Routes.gatewayBot())).body;
    expect(before).toMatchObject({
      shards: 4,
      session_start_limit: { total: 1000, remaining: 1000, max_concurrency: 2 },
    });
    await open([0, 4]).ready;
    await open([1, 4]).ready;
    expect((await api(discord, 'GET', Routes.gatewayBot())).body.session_start_limit.remaining).toBe(998);
  });

  it('GIVEN the defaults THEN one shard is recommended and quick identifies are all accepted, as before', async () => {
    discord = await LoopbackDiscord.start({ token: TOKEN });
    expect((await api(discord, 'GET', Routes.gatewayBot())).body).toMatchObject({
      shards: 1,
      session_start_limit: { max_concurrency: 1 },
    });
    const ready = await Promise.all([open().ready, open().ready, open([0, 1]).ready]);
    expect(ready.map((d) => d.shard)).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
  });

  it.each([
    ['an id past the count', [4, 4]],
    ['a negative id', [-1, 2]],
    ['no shards', [0, 0]],
    ['a fraction', [0.5, 2]],
    ['a single number', [1]],
    ['a string', '0,1'],
  ])('closes an IDENTIFY with %s as its shard with 4010 Invalid shard', async (_what, shard) => {
    discord = await LoopbackDiscord.start({ token: TOKEN });
    expect(await open(shard as [number, number]).closed).toBe(4010);
    expect(discord.gatewaySessions()).toEqual([]);
  });

  it('GIVEN more guilds than one shard may hold THEN an unsharded IDENTIFY is closed with 4011, and sharded ones that each hold few enough are ready', async () => {
    discord = await LoopbackDiscord.start({ token: TOKEN, sharding: { maxGuildsPerShard: 2 } });
    for (const shard of [0, 0, 1, 1]) discord.addGuild({ name: `G${shard}`, onShard: [shard, 2] });
    expect(await open().closed).toBe(4011);
    const [zero, one] = await Promise.all([open([0, 2]).ready, open([1, 2]).ready]);
    expect(zero.guilds).toHaveLength(2);
    expect(one.guilds).toHaveLength(2);
    // Discord counts per session: a third guild on shard 0 is one too many for it.
    discord.addGuild({ name: 'G0-again', onShard: [0, 2] });
    expect(await open([0, 2]).closed).toBe(4011);
  });

  it('routes each guild to the shard (guild_id >> 22) % num_shards names: READY, GUILD_CREATE, later events and interactions; DMs to shard 0', async () => {
    discord = await LoopbackDiscord.start({ token: TOKEN, sharding: { recommendedShards: 4, maxConcurrency: 4 } });
    answerEverything(discord);
    const alex = discord.addUser({ username: 'alex' });
    const guilds: SeededGuild[] = [];
    for (let shard = 0; shard < 4; shard++) {
      for (let n = 0; n < 2; n++)
        guilds.push(
          discord.addGuild({
            name: `S${shard}-${n}`,
            channels: [{ name: 'general' }],
            members: [{ userId: alex.id }],
            onShard: [shard, 4],
          }),
        );
    }
    await api(discord, 'PUT', Routes.applicationCommands(discord.application.id), [
      { name: 'ping', description: 'Pong', contexts: [0, 1] },
    ]);
    const shards = [0, 1, 2, 3].map((i) => open([i, 4]));
    const everything = open(); // another deployment on one shard: num_shards 1 gets every guild
    const ready = await Promise.all(shards.map((s) => s.ready));
    await everything.ready;

    for (let i = 0; i < 4; i++) {
      const mine = guilds
        .filter((g) => shardIdOf(g.id, 4) === i)
        .map((g) => g.id)
        .sort();
      expect(mine).toHaveLength(2);
      expect(ready[i].shard).toEqual([i, 4]);
      expect(ready[i].guilds.map((g: { id: string }) => g.id).sort()).toEqual(mine);
      expect(
        shards[i]!.of('GUILD_CREATE')
          .map((g) => g.id)
          .sort(),
      ).toEqual(mine);
    }
    expect(everything.of('GUILD_CREATE')).toHaveLength(8);

    // Later events and interactions, one guild at a time, reach only the owning shard.
    for (const guild of guilds) {
      const owner = shardIdOf(guild.id, 4);
      const channel = discord.addChannel(guild.id, { name: 'later' });
      discord.addRole(guild.id, { name: 'later', permissions: 0n });
      await api(discord, 'POST', Routes.channelMessages(guild.channels[0]!.id), { content: 'hello' });
      const outcome = await discord.invoke({
        guildId: guild.id,
        channelId: guild.channels[0]!.id,
        userId: alex.id,
        command: 'ping',
      });
      expect(outcome.status).toBe('responded');
      await discord.waitFor(() => shards[owner]!.of('INTERACTION_CREATE').some((i) => i.id === outcome.interaction.id));
      for (let i = 0; i < 4; i++) {
        const expected = i === owner ? 1 : 0;
        expect(shards[i]!.of('CHANNEL_CREATE').filter((c) => c.id === channel.id)).toHaveLength(expected);
        expect(shards[i]!.of('GUILD_ROLE_CREATE').filter((r) => r.guild_id === guild.id)).toHaveLength(expected);
        expect(
          shards[i]!.of('MESSAGE_CREATE').filter((m) => m.guild_id === guild.id && m.content === 'hello'),
        ).toHaveLength(expected);
        expect(shards[i]!.of('INTERACTION_CREATE').filter((x) => x.id === outcome.interaction.id)).toHaveLength(
          expected,
        );
      }
    }

    // Events without a guild (a DM interaction) go to shard 0 only.
    const dm = discord.openDm(alex.id);
    const inDm = await discord.invoke({ channelId: dm.id, userId: alex.id, command: 'ping' });
    expect(inDm.status).toBe('responded');
    await discord.waitFor(() => shards[0]!.of('INTERACTION_CREATE').some((i) => i.id === inDm.interaction.id));
    for (const i of [1, 2, 3])
      expect(shards[i]!.of('INTERACTION_CREATE').some((x) => x.id === inDm.interaction.id)).toBe(false);
    expect(
      discord
        .gatewaySessions()
        .map((s) => s.shard)
        .sort(),
    ).toEqual([
      [0, 1],
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
  });

  it('GIVEN max_concurrency 2 and a 5 s identify window THEN a second IDENTIFY in the same bucket (shard_id % 2) gets Invalid Session, another bucket does not', async () => {
    discord = await LoopbackDiscord.start({ token: TOKEN, sharding: { maxConcurrency: 2, identifyIntervalMs: 5000 } });
    await open([0, 4]).ready;
    await expect(open([2, 4]).ready).rejects.toThrow('invalid session');
    await open([1, 4]).ready;
    await expect(open([3, 4]).ready).rejects.toThrow('invalid session');
    expect(discord.gatewaySessions().map((s) => s.shard)).toEqual([
      [0, 4],
      [1, 4],
    ]);
  });

  it('GIVEN a short identify window for tests THEN the bucket accepts an IDENTIFY again once it has passed', async () => {
    discord = await LoopbackDiscord.start({ token: TOKEN, sharding: { identifyIntervalMs: 100 } });
    await open([0, 2]).ready;
    await expect(open([1, 2]).ready).rejects.toThrow('invalid session');
    let accepted = false;
    for (let attempt = 0; attempt < 100 && !accepted; attempt++) {
      await new Promise((r) => setTimeout(r, 50));
      accepted = await open([1, 2]).ready.then(
        () => true,
        () => false,
      );
    }
    expect(accepted).toBe(true);
    expect(discord.gatewaySessions().map((s) => s.shard)).toContainEqual([1, 2]);
  });
});

describe('guild ids and shards', () => {
  it('gives guilds seeded in one burst consecutive milliseconds, so they spread over any shard count', () => {
    const gen = new SnowflakeGenerator();
    const now = DISCORD_EPOCH + 1_000_000;
    const ids = Array.from({ length: 6 }, () => {
      gen.next(now); // other ids in between (owners, roles, channels) take no millisecond of their own
      return gen.nextInNewMillisecond(undefined, now);
    });
    const ms = ids.map((id) => Number(BigInt(id) >> 22n));
    expect(ms.slice(1).map((m, i) => m - ms[i]!)).toEqual([1, 1, 1, 1, 1]);
    expect(new Set(ids.map((id) => shardIdOf(id, 6))).size).toBe(6);
  });

  it('puts a guild on the shard onShard asks for', async () => {
    const discord = await LoopbackDiscord.start({ token: TOKEN });
    try {
      for (const count of [2, 3, 16])
        for (let shard = 0; shard < count; shard++)
          expect(shardIdOf(discord.addGuild({ name: 'x', onShard: [shard, count] }).id, count)).toBe(shard);
      expect(() => discord.addGuild({ name: 'x', onShard: [3, 3] })).toThrow(/onShard/);
    } finally {
      await discord.close();
    }
  });
});
