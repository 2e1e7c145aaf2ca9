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

type Message = { embeds: APIEmbed[]; content: string; thread?: { name: string } };
const shown = (o: { reply?: unknown; updated?: unknown; followUps: unknown[] }) =>
  (o.updated ?? o.reply ?? o.followUps[0]) as Message;

describe('the gateway cache', () => {
  it('keeps servers, channels, roles and the bot’s own member, but no member or user seen in an interaction', async () => {
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

    const client = world.app.bot.client;
    const guild = client.guilds.cache.get(world.guild.id)!;
    expect(
      [...guild.channels.cache.values()]
        .filter((c) => !c.isThread())
        .map((c) => c.name)
        .sort(),
    ).toEqual(['Voice', 'announcements', 'general', 'small-wins']);
    expect(guild.roles.cache.has(role.id)).toBe(true);
    expect([...guild.members.cache.keys()]).toEqual([client.user.id]);
    expect([...client.users.cache.keys()]).toEqual([client.user.id]);
    const general = guild.channels.cache.get(world.general.id)!;
    expect(general.isTextBased() ? general.messages.cache.size : 'not text').toBe(0);
  });

  it('still sees a permission taken away in a channel, from the overwrites and roles it keeps', async () => {
    const channel = world.channel('small-wins');
    world.discord.updateChannel(channel.id, {
      permission_overwrites: [
        { id: world.guild.id, type: 0, allow: '0', deny: String(PermissionFlagsBits.EmbedLinks) },
      ],
    });
    await new Promise((r) => setTimeout(r, 100)); // CHANNEL_UPDATE reaches the client's cache
    const reply = shown(await world.run('smallwins enable', { channel: channel.id, time: '09:00', timezone: 'UTC' }));
    expect(reply.content).toContain('- Embed Links');
    expect(reply.content).not.toContain('- Send Messages');
  });
});
