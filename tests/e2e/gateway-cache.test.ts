import { PermissionFlagsBits, type APIEmbed } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from './harness.ts';

// What the bot keeps of the gateway (src/discord/gateway-cache.ts): what it reads and no more,
// and what it reads is still there for the daily posts' permission checks.
let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world?.close();
});

const servers = () => world.app.bot.servers;
const canEmbed = (channelId: string) =>
  ((servers().botPermissions(world.guild.id, channelId) ?? 0n) & PermissionFlagsBits.EmbedLinks) !== 0n;

type Message = { embeds: APIEmbed[]; content: string; thread?: { name: string } };
const shown = (o: { reply?: unknown; updated?: unknown; followUps: unknown[] }) =>
  (o.updated ?? o.reply ?? o.followUps[0]) as Message;

describe('the gateway cache', () => {
  it('keeps servers, channels and roles in its own index, and no member or user seen in an interaction', async () => {
    const role = world.discord.addRole(world.guild.id, { name: 'daily', permissions: 0n, mentionable: true });
    await world.run('reflect', {}, world.sam.id);
    const enabled = shown(
      await world.run('smallwins enable', {
        channel: world.channel('small-wins').id,
        time: '09:00',
        timezone: 'UTC',
        role: role.id,
        thread: true,
      }),
    );
    expect(enabled.content).toContain('Small wins is on');
    await world.tickAt('2026-11-25T09:00:00Z');
    const [post] = world.discord.messages(world.channel('small-wins').id) as unknown as Message[];
    expect(post!.thread?.name).toMatch(/^Small wins/);

    const { client, servers } = world.app.bot;
    // Servers, channels and roles are in the bot's own index, none in discord.js's caches.
    expect(servers.isAvailable(world.guild.id)).toBe(true);
    expect(world.guild.channels.filter((c) => !servers.channel(world.guild.id, c.id))).toEqual([]);
    expect(servers.role(world.guild.id, role.id)).toEqual({ mentionable: true });
    expect(client.guilds.cache.size + client.channels.cache.size).toBe(0);
    expect([...client.users.cache.keys()]).toEqual([client.user.id]);
  });

  it('still sees a permission taken away in a channel for @everyone, from the overwrites and roles it keeps', async () => {
    const channel = world.channel('small-wins');
    world.discord.updateChannel(channel.id, {
      permission_overwrites: [
        { id: world.guild.id, type: 0, allow: '0', deny: String(PermissionFlagsBits.EmbedLinks) },
      ],
    });
    await world.discord.waitFor(() => servers().channel(world.guild.id, channel.id) && !canEmbed(channel.id)); // CHANNEL_UPDATE arrived
    const reply = shown(await world.run('smallwins enable', { channel: channel.id, time: '09:00', timezone: 'UTC' }));
    expect(reply.content).toContain('- Embed Links');
    expect(reply.content).not.toContain('- Send Messages');
  });

  it('still sees a permission taken away from the bot’s own role in a channel', async () => {
    const channel = world.channel('small-wins');
    world.discord.updateChannel(channel.id, {
      permission_overwrites: [
        { id: world.guild.botRoleId!, type: 0, allow: '0', deny: String(PermissionFlagsBits.SendMessages) },
      ],
    });
    await world.discord.waitFor(() => {
      const bits = servers().botPermissions(world.guild.id, channel.id) ?? 0n;
      return (bits & PermissionFlagsBits.SendMessages) === 0n || undefined;
    });
    const reply = shown(await world.run('smallwins enable', { channel: channel.id, time: '09:00', timezone: 'UTC' }));
    expect(reply.content).toContain('- Send Messages');
    expect(reply.content).not.toContain('- Embed Links');
  });

  it('sees that an unmentionable role to mention needs Mention Everyone, taken away in the channel', async () => {
    const role = world.discord.addRole(world.guild.id, { name: 'daily', permissions: 0n, mentionable: false });
    await world.discord.waitFor(() => servers().role(world.guild.id, role.id));
    // Without Mention Everyone, an unmentionable role cannot be mentioned.
    world.discord.updateChannel(world.channel('small-wins').id, {
      permission_overwrites: [
        { id: world.guild.id, type: 0, allow: '0', deny: String(PermissionFlagsBits.MentionEveryone) },
      ],
    });
    await world.discord.waitFor(() => {
      const bits = servers().botPermissions(world.guild.id, world.channel('small-wins').id) ?? 0n;
      return (bits & PermissionFlagsBits.MentionEveryone) === 0n || undefined;
    });
    const refused = shown(
      await world.run('smallwins enable', {
        channel: world.channel('small-wins').id,
        time: '09:00',
        timezone: 'UTC',
        role: role.id,
      }),
    );
    expect(refused.content).toContain('- Mention Everyone');
  });
});

describe("the bot on discord.js's default caches (the memory bench's contender)", () => {
  it('answers, posts and reads permissions as with its own caches, while discord.js keeps every server and channel', async () => {
    await world.close();
    world = await startWorld({ caches: 'discord.js defaults' });
    const reflect = shown(await world.run('reflect', {}, world.sam.id));
    expect(reflect.embeds[0]?.title ?? reflect.content).toBeTruthy();
    const enabled = shown(
      await world.run('smallwins enable', { channel: world.channel('small-wins').id, time: '09:00', timezone: 'UTC' }),
    );
    expect(enabled.content).toContain('Small wins is on');
    await world.tickAt('2026-11-25T09:00:00Z');
    expect(world.discord.messages(world.channel('small-wins').id)).toHaveLength(1);

    const { client } = world.app.bot;
    expect([...client.guilds.cache.keys()]).toEqual([world.guild.id]);
    expect(client.channels.cache.size).toBeGreaterThanOrEqual(world.guild.channels.length);
  });
});
