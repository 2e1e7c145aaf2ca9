import type { APIEmbed } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/discord/register-commands.ts';
import { startWorld, type World } from './harness.ts';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world?.close();
});

type Message = { id: string; content: string; embeds: APIEmbed[]; ephemeral: boolean; allowedMentions: any };
const shown = (o: { reply?: unknown; updated?: unknown; followUps: unknown[] }) =>
  (o.updated ?? o.reply ?? o.followUps[0]) as Message;
const posts = (channelId: string) =>
  (world.discord.messages(channelId) as unknown as Message[]).filter((m) =>
    m.embeds[0]?.title?.startsWith('Small wins'),
  );
const unix = (iso: string) => Date.parse(iso) / 1000;

async function enable(options: Record<string, string | number | boolean> = {}, userId = world.alex.id) {
  return shown(
    await world.run(
      'smallwins enable',
      { channel: world.channel('small-wins').id, time: '09:00', timezone: 'Europe/London', ...options },
      userId,
    ),
  );
}

describe('/smallwins preview', () => {
  it('shows the post exactly as it will go out, dated with the day it is due', async () => {
    world.setClock('2026-11-25T10:00:00Z'); // after today's 09:00: the next post is tomorrow's
    const role = world.discord.addRole(world.guild.id, { name: 'daily', permissions: 0n, mentionable: true });
    await enable({ role: role.id });
    const preview = shown(await world.run('smallwins preview', { channel: world.channel('small-wins').id }));
    expect(preview.ephemeral).toBe(true);
    expect(preview.content).toContain(`<t:${unix('2026-11-26T09:00:00Z')}:F>`);
    expect(preview.embeds[0]!.title).toBe('Small wins · Thursday 26 November');
    expect(preview.allowedMentions).toMatchObject({ parse: [] });

    await world.tickAt('2026-11-26T09:00:00Z');
    const [post] = posts(world.channel('small-wins').id);
    expect(preview.embeds).toEqual(post!.embeds);
    expect(preview.content).toContain(post!.content); // the role mention, shown but pinging nobody
  });

  it('without a channel, previews the one channel opted in', async () => {
    await enable();
    const preview = shown(await world.run('smallwins preview')); // run in #general, which is not opted in
    expect(preview.content).toContain(`<#${world.channel('small-wins').id}>`);
    expect(preview.embeds[0]!.title).toBe('Small wins · Wednesday 25 November');
  });

  it('without a channel and several opted in, asks which, naming them', async () => {
    await enable();
    await enable({ channel: world.channel('announcements').id });
    const answer = shown(await world.run('smallwins preview'));
    expect(answer.embeds).toEqual([]);
    expect(answer.content).toContain(`<#${world.channel('small-wins').id}>`);
    expect(answer.content).toContain(`<#${world.channel('announcements').id}>`);
    expect(answer.content).toContain('channel:');
  });
});

describe('/smallwins enable: legacy zone names', () => {
  it('timezone:EST names the zone it stands for, suggests America/New_York, and stores nothing', async () => {
    const answer = await enable({ timezone: 'EST' });
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain('UTC-05:00 all year');
    expect(answer.content).toContain('America/New_York');
    expect(world.app.bot.daily.posts.subscriptionsOf(world.guild.id)).toEqual([]);
    expect(await world.app.store.subscriptions()).toEqual([]);
    // Confirming means running it again with the city zone.
    expect((await enable({ timezone: 'America/New_York' })).content).toContain('(America/New_York)');
  });

  it.each([['MST'], ['HST'], ['EST5EDT'], ['CET'], ['PST8PDT'], ['Etc/GMT+5']])(
    'timezone:%s is not stored either',
    async (zone) => {
      const answer = await enable({ timezone: zone });
      expect(answer.content).toMatch(/Run the command again with/);
      expect(await world.app.store.subscriptions()).toEqual([]);
    },
  );

  it('autocomplete offers the city zone first for a legacy abbreviation', async () => {
    const outcome = await world.discord.autocomplete({
      guildId: world.guild.id,
      channelId: world.general.id,
      userId: world.alex.id,
      command: 'smallwins enable',
      options: { channel: world.channel('small-wins').id, time: '9am', timezone: 'EST' },
      focused: 'timezone',
    });
    expect(outcome.choices?.[0]).toEqual({ name: 'America/New_York', value: 'America/New_York' });
  });
});

describe('/smallwins status: a channel switched off after three refused days', () => {
  async function refuseThreeDays() {
    await enable();
    world.discord.setChannelFault(world.channel('small-wins').id, 403);
    for (const day of ['25', '26', '27']) await world.tickAt(`2026-11-${day}T09:00:00Z`);
  }

  it('stays in status, saying when and why it was switched off and what to grant, across a restart', async () => {
    await refuseThreeDays();
    await world.restart();
    const status = shown(await world.run('smallwins status'));
    const text = JSON.stringify(status.embeds);
    expect(text).toContain(`<#${world.channel('small-wins').id}>`);
    expect(text).toContain(`Switched off <t:${unix('2026-11-27T09:00:00Z')}:f>`);
    expect(text).toContain('refused 3 days in a row');
    expect(text).toContain('View Channel, Send Messages and Embed Links');
    expect(text).not.toContain('Next: <t:');
    // Nothing more is tried while it is off.
    world.discord.setChannelFault(world.channel('small-wins').id, null);
    await world.tickAt('2026-11-28T09:00:00Z');
    expect(posts(world.channel('small-wins').id)).toHaveLength(0);
  });

  it('goes from status when a moderator dismisses it with /smallwins disable', async () => {
    await refuseThreeDays();
    const dismissed = shown(await world.run('smallwins disable', { channel: world.channel('small-wins').id }));
    expect(dismissed.content).toMatch(/dismissed/i);
    expect(shown(await world.run('smallwins status')).content).toMatch(/not on in any channel/);
    expect(await world.app.store.subscriptions()).toEqual([]);
  });

  it('posts again once a moderator enables it again', async () => {
    await refuseThreeDays();
    world.discord.setChannelFault(world.channel('small-wins').id, null);
    const again = await enable();
    expect(again.content).toContain('Small wins is on');
    const status = JSON.stringify(shown(await world.run('smallwins status')).embeds);
    expect(status).not.toContain('Switched off');
    await world.tickAt('2026-11-28T09:00:00Z');
    expect(posts(world.channel('small-wins').id)).toHaveLength(1);
  });
});

describe('/smallwins post-now and /about: what the bot says about the next post and mentions', () => {
  it('post-now says when the next daily post goes out, here tomorrow', async () => {
    await enable();
    await world.tickAt('2026-11-25T09:00:00Z');
    world.setClock('2026-11-25T10:00:00Z');
    // post-now answers first (deferred), then fills the answer in once the test post is out.
    const outcome = await world.run('smallwins post-now', { channel: world.channel('small-wins').id });
    const answer = await world.discord.waitFor(() => shown(outcome));
    expect(answer.content).toContain(`<t:${unix('2026-11-26T09:00:00Z')}:F>`);
    expect(answer.content).not.toMatch(/today's post/);
  });

  it('/about says exactly who the bot may mention: only a role a moderator chose for the daily post', async () => {
    const about = shown(await world.run('about', {}, world.sam.id));
    const text = about.embeds[0]!.description!;
    expect(text).not.toMatch(/never pings anyone/);
    expect(text).toContain(
      'Reconnect mentions nobody, except a role a moderator chose to be mentioned in a channel’s daily small-wins post.',
    );
  });
});

describe("another server's channel", () => {
  /** A second server, moderated by sam, with the bot in it and its commands registered. */
  async function otherServer() {
    const other = world.discord.addGuild({
      name: 'Other Server',
      ownerId: world.sam.id,
      channels: [{ name: 'their-wins' }, { name: 'lobby' }],
      members: [{ userId: world.sam.id }],
    });
    await registerCommands({ ...world.config, guildId: other.id }, world.content);
    await world.discord.waitFor(() => world.app.bot.servers.isAvailable(other.id));
    const theirs = other.channels.find((c) => c.name === 'their-wins')!;
    const lobby = other.channels.find((c) => c.name === 'lobby')!;
    const asSam = (command: string, options: Record<string, string | number | boolean> = {}) =>
      world.discord.invoke({ guildId: other.id, channelId: lobby.id, userId: world.sam.id, command, options });
    // alex moderates this server and crafts interactions naming the other server's channels.
    const crafted = (command: string, options: Record<string, string | number | boolean>) =>
      world.discord.invoke({
        guildId: world.guild.id,
        channelId: world.general.id,
        userId: world.alex.id,
        command,
        options,
        foreignChannels: true,
      });
    return { other, theirs, lobby, asSam, crafted };
  }

  it('is refused by enable, disable, preview and post-now, and the other server keeps its settings', async () => {
    const { other, theirs, asSam, crafted } = await otherServer();
    expect(
      shown(await asSam('smallwins enable', { channel: theirs.id, time: '18:00', timezone: 'UTC' })).content,
    ).toContain('Small wins is on');
    const before = await world.app.store.subscriptions();

    const attempts = [
      crafted('smallwins enable', { channel: theirs.id, time: '09:00', timezone: 'Europe/London' }),
      crafted('smallwins disable', { channel: theirs.id }),
      crafted('smallwins preview', { channel: theirs.id }),
      crafted('smallwins post-now', { channel: theirs.id }),
    ];
    for (const attempt of attempts) {
      const answer = shown(await attempt);
      expect(answer.ephemeral).toBe(true);
      expect(answer.content).toContain('not a channel of this server');
    }
    expect(await world.app.store.subscriptions()).toEqual(before);
    expect(world.app.bot.daily.posts.subscription(theirs.id)).toMatchObject({
      guildId: other.id,
      time: '18:00',
      zone: 'UTC',
    });
    expect(world.app.bot.daily.posts.subscriptionsOf(world.guild.id)).toEqual([]);
    expect(posts(theirs.id)).toHaveLength(0);
    const status = shown(await asSam('smallwins status'));
    expect(JSON.stringify(status.embeds)).toContain(`<#${theirs.id}>`);
  });

  it('is refused when not opted in anywhere, storing nothing', async () => {
    const { theirs, crafted } = await otherServer();
    const answer = shown(
      await crafted('smallwins enable', { channel: theirs.id, time: '09:00', timezone: 'Europe/London' }),
    );
    expect(answer.content).toContain('not a channel of this server');
    expect(await world.app.store.subscriptions()).toEqual([]);
  });
});

describe('/smallwins role', () => {
  it('refuses @everyone (the role whose id is the server id) with a clear message, storing nothing', async () => {
    const answer = await enable({ role: world.guild.id });
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain('@everyone');
    expect(answer.content).not.toContain('Small wins is on');
    expect(await world.app.store.subscriptions()).toEqual([]);
  });

  it('a role deleted after enable is a problem in status, and the post goes out without the mention', async () => {
    const role = world.discord.addRole(world.guild.id, { name: 'daily', permissions: 0n, mentionable: true });
    await enable({ role: role.id });
    world.discord.deleteRole(world.guild.id, role.id);
    await world.discord.waitFor(() => !world.app.bot.servers.role(world.guild.id, role.id));

    const status = JSON.stringify(shown(await world.run('smallwins status')).embeds);
    expect(status).toContain('role to mention no longer exists');
    expect(status).not.toContain(`<@&${role.id}>`);
    const preview = shown(await world.run('smallwins preview'));
    expect(preview.content).not.toContain(`<@&${role.id}>`);

    await world.tickAt('2026-11-25T09:00:00Z');
    const [post] = posts(world.channel('small-wins').id);
    expect(post).toBeDefined();
    expect(post!.content).not.toContain(role.id);
    expect(post!.allowedMentions).toEqual({ parse: [], roles: [] });
  });
});
