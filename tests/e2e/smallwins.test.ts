import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { PermissionFlagsBits, type APIEmbed } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ageClaims } from '../storage/age-claims.ts';
import { testEngines } from '../storage/engines.ts';
import { startWorld, type World } from './harness.ts';

let world: World;

type Message = {
  id: string;
  content: string;
  embeds: APIEmbed[];
  ephemeral: boolean;
  allowedMentions: any;
  thread?: { name: string };
};
const shown = (o: { reply?: unknown; updated?: unknown; followUps: unknown[] }) =>
  (o.updated ?? o.reply ?? o.followUps[0]) as Message;
const posts = (channelId: string) =>
  (world.discord.messages(channelId) as unknown as Message[]).filter((m) =>
    m.embeds[0]?.title?.startsWith('Small wins'),
  );

async function enable(options: Record<string, string | number | boolean>, userId = world.alex.id) {
  return shown(
    await world.run(
      'smallwins enable',
      { channel: world.channel('small-wins').id, time: '09:00', timezone: 'Europe/London', ...options },
      userId,
    ),
  );
}

// The daily posts run on both engines: each world on a new database of its own.
describe.each(testEngines())('/smallwins on $name', (engine) => {
  const newWorld = async (options: Parameters<typeof startWorld>[0] = {}) =>
    startWorld({ ...options, databaseUrl: await engine.newDatabaseUrl() });
  beforeEach(async () => {
    world = await newWorld();
  });
  afterEach(async () => {
    await world?.close();
  });

  it('is registered for moderators only (Manage Server) and in servers only, with the documented options', () => {
    const command = world.discord.registeredCommands(world.guild.id).find((c) => c.name === 'smallwins')!;
    expect(command.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(command.contexts).toEqual([0]);
    const sub = (name: string) =>
      (command.options!.find((o) => o.name === name) as { options?: Array<{ name: string }> }).options?.map(
        (o) => o.name,
      ) ?? [];
    expect(sub('enable')).toEqual(['channel', 'time', 'timezone', 'role', 'thread', 'days', 'pin']);
    expect(sub('disable')).toEqual(['channel']);
    expect(sub('status')).toEqual([]);
    expect(sub('post-now')).toEqual(['channel']);
  });

  it('autocompletes time zones, best match first', async () => {
    const outcome = await world.discord.autocomplete({
      guildId: world.guild.id,
      channelId: world.general.id,
      userId: world.alex.id,
      command: 'smallwins enable',
      options: { channel: world.channel('small-wins').id, time: '9am', timezone: 'london' },
      focused: 'timezone',
    });
    expect(outcome.choices?.[0]).toEqual({ name: 'Europe/London', value: 'Europe/London' });
    expect(outcome.choices!.length).toBeLessThanOrEqual(DISCORD_LIMITS.choices);
  });

  it('enables a channel, confirms with the next post time, and posts exactly once at that minute', async () => {
    const reply = await enable({ time: '9am', timezone: 'europe/london' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('every day at **09:00** (Europe/London)');
    expect(reply.content).toContain(`<t:${Date.parse('2026-11-25T09:00:00Z') / 1000}:F>`);
    await world.tickAt('2026-11-25T08:59:00Z');
    expect(posts(world.channel('small-wins').id)).toHaveLength(0);
    await world.tickAt('2026-11-25T09:00:00Z');
    await world.tickAt('2026-11-25T09:01:00Z');
    const [post, ...rest] = posts(world.channel('small-wins').id);
    expect(rest).toHaveLength(0);
    expect(post!.embeds[0]!.title).toBe('Small wins · Wednesday 25 November');
    expect(post!.embeds[0]!.footer!.text).toMatch(/\/reflect.*\/article/);
    expect(post!.allowedMentions).toEqual({ parse: [], roles: [] });
    expect(posts(world.general.id)).toHaveLength(0);
    expect(world.discord.violations).toEqual([]);

    const status = shown(await world.run('smallwins status'));
    expect(status.embeds[0]!.fields![0]!.value).toContain(`Last: <t:`);
    expect(status.embeds[0]!.fields![0]!.value).toContain(`Next: <t:${Date.parse('2026-11-26T09:00:00Z') / 1000}:f>`);
  });

  it('mentions only the chosen role and starts a thread named with the date', async () => {
    const role = world.discord.addRole(world.guild.id, { name: 'daily', permissions: 0n, mentionable: true });
    await enable({ role: role.id, thread: true });
    await world.tickAt('2026-11-25T09:00:00Z');
    const [post] = posts(world.channel('small-wins').id);
    expect(post!.content).toBe(`<@&${role.id}>`);
    expect(post!.allowedMentions).toEqual({ parse: [], roles: [role.id] });
    expect(post!.thread?.name).toBe('Small wins · Wednesday 25 November');
  });

  it('refuses a member without Manage Server, and bad inputs, storing nothing', async () => {
    expect((await enable({}, world.sam.id)).content).toMatch(/Manage Server/);
    expect((await enable({ time: '25:00' })).content).toMatch(/not a time of day/);
    expect((await enable({ timezone: 'Mars/Olympus' })).content).toMatch(/not a time zone/);
    expect((await enable({ channel: world.channel('Voice').id })).content).toMatch(/text or announcement channel/);
    expect(world.app.bot.daily.posts.subscriptionsOf(world.guild.id)).toEqual([]);
    expect(await world.app.store.subscriptions()).toEqual([]);
  });

  it('refuses to enable where the bot lacks permissions, listing what is missing', async () => {
    const channel = world.channel('small-wins');
    world.discord.updateChannel(channel.id, {
      permission_overwrites: [
        {
          id: world.guild.id,
          type: 0,
          allow: '0',
          deny: String(PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks),
        },
      ],
    });
    await new Promise((r) => setTimeout(r, 100)); // CHANNEL_UPDATE reaches the client's cache
    const reply = await enable({});
    expect(reply.content).toContain('- Send Messages');
    expect(reply.content).toContain('- Embed Links');
    expect(await world.app.store.subscriptions()).toEqual([]);
  });

  it('asks for Mention Everyone only when the chosen role is not mentionable', async () => {
    const channel = world.channel('small-wins');
    world.discord.updateChannel(channel.id, {
      permission_overwrites: [
        { id: world.guild.id, type: 0, allow: '0', deny: String(PermissionFlagsBits.MentionEveryone) },
      ],
    });
    const quiet = world.discord.addRole(world.guild.id, { name: 'quiet', permissions: 0n, mentionable: false });
    const open = world.discord.addRole(world.guild.id, { name: 'open', permissions: 0n, mentionable: true });
    await new Promise((r) => setTimeout(r, 100)); // the updates reach the client's cache
    expect((await enable({ role: quiet.id })).content).toContain('- Mention Everyone');
    expect((await enable({ role: open.id })).content).toContain('Small wins is on');
  });

  it('posts once when two instances run against the same store (a redeploy overlap)', async () => {
    await enable({});
    const { launchApp } = await import('../../src/app/app.ts');
    const { createLogger } = await import('../../src/app/logger.ts');
    const second = await launchApp(world.config, createLogger({ level: 'silent' }), {
      now: () => Date.parse('2026-11-25T09:00:00Z'),
      autoTick: false,
    });
    try {
      world.setClock('2026-11-25T09:00:00Z');
      await Promise.all([world.app.bot.daily.runner.tick(), second.bot.daily.runner.tick()]);
      expect(posts(world.channel('small-wins').id)).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('removes a server’s subscriptions when the bot leaves it', async () => {
    await enable({});
    world.discord.removeBotFromGuild(world.guild.id);
    await world.discord.waitFor(
      () => world.app.bot.daily.posts.subscriptionsOf(world.guild.id).length === 0 || undefined,
    );
    expect(await world.app.store.subscriptions()).toEqual([]);
  });

  it('survives restarts before, after, and between send and record, with exactly one post', async () => {
    await enable({});
    await world.restart(); // before
    await world.tickAt('2026-11-25T09:00:00Z');
    await world.restart(); // after
    await world.tickAt('2026-11-25T09:05:00Z');
    expect(posts(world.channel('small-wins').id)).toHaveLength(1);
    // Between: tomorrow's message goes out but the bot dies before recording it.
    const store = world.app.store;
    const realRecord = store.recordPost.bind(store);
    store.recordPost = async () => {
      throw new Error('killed between sending and recording');
    };
    await world.tickAt('2026-11-26T09:00:00Z');
    store.recordPost = realRecord;
    await world.restart();
    await world.tickAt('2026-11-26T09:02:00Z');
    await world.tickAt('2026-11-26T09:03:00Z');
    expect(posts(world.channel('small-wins').id).map((m) => m.embeds[0]!.title)).toEqual([
      'Small wins · Wednesday 25 November',
      'Small wins · Thursday 26 November',
    ]);
  });

  it('catches up a missed post inside the window, and not after it', async () => {
    await enable({});
    await world.tickAt('2026-11-25T14:30:00Z'); // 5.5 h late
    expect(posts(world.channel('small-wins').id)).toHaveLength(1);
    await world.tickAt('2026-11-26T15:30:00Z'); // 6.5 h late
    expect(posts(world.channel('small-wins').id)).toHaveLength(1);
  });

  it('shows a 403 channel in status while the others still get their post; removes a deleted channel', async () => {
    await enable({});
    await enable({ channel: world.channel('announcements').id });
    world.discord.setChannelFault(world.channel('small-wins').id, 403);
    await world.tickAt('2026-11-25T09:00:00Z');
    expect(posts(world.channel('announcements').id)).toHaveLength(1);
    const status = shown(await world.run('smallwins status'));
    const field = status.embeds[0]!.fields!.find((f) => f.value.includes(world.channel('small-wins').id))!;
    expect(field.value).toMatch(/⚠️ .*Missing Permissions/);

    world.discord.deleteChannel(world.channel('announcements').id);
    await world.discord.waitFor(
      () => world.app.bot.daily.posts.subscription(world.channel('announcements').id) === undefined || undefined,
    );
    expect((await world.app.store.subscriptions()).map((s) => s.channelId)).toEqual([world.channel('small-wins').id]);
  });

  it('removes a channel whose post Discord answers with 404 Unknown Channel', async () => {
    await enable({});
    world.discord.setChannelFault(world.channel('small-wins').id, 404);
    await world.tickAt('2026-11-25T09:00:00Z');
    expect(world.app.bot.daily.posts.subscriptionsOf(world.guild.id)).toEqual([]);
    expect(await world.app.store.subscriptions()).toEqual([]);
  });

  it('previews the next prompt without using it up, and post-now leaves the schedule alone', async () => {
    await enable({});
    const preview = shown(await world.run('smallwins preview', { channel: world.channel('small-wins').id }));
    expect(preview.ephemeral).toBe(true);
    const previewed = preview.embeds[0]!.description;
    const postNow = await world.run('smallwins post-now', { channel: world.channel('small-wins').id });
    const test = await world.discord.waitFor(() => shown(postNow));
    expect(test.content).toMatch(/Test post sent/);
    await world.tickAt('2026-11-25T09:00:00Z');
    const all = posts(world.channel('small-wins').id);
    expect(all.map((m) => m.embeds[0]!.title)).toEqual([
      'Small wins (test post) · Wednesday 25 November',
      'Small wins · Wednesday 25 November',
    ]);
    expect(all[1]!.embeds[0]!.description).toBe(previewed);
  });

  it('delivers every post once through a storm of rate limits', async () => {
    await world.close();
    world = await newWorld({ rateLimits: { globalPerSecond: 5, channelMessages: { limit: 1, windowMs: 2000 } } });
    const channels = [world.channel('small-wins'), world.channel('announcements'), world.general];
    for (const channel of channels) await enable({ channel: channel.id });
    await world.tickAt('2026-11-25T09:00:00Z');
    for (const channel of channels) expect(posts(channel.id)).toHaveLength(1);
  });

  it('answers ten post-now in a row on one channel within the deadline, and makes ten test posts with different prompts', async () => {
    await enable({});
    const channelId = world.channel('small-wins').id;
    const outcomes: Array<Awaited<ReturnType<World['run']>>> = [];
    for (let i = 0; i < 10; i++) outcomes.push(await world.run('smallwins post-now', { channel: channelId }));
    expect(outcomes.map((o) => o.status)).toEqual(outcomes.map(() => 'responded'));
    const testPosts = () => posts(channelId).filter((m) => m.embeds[0]!.title!.includes('(test post)'));
    await world.discord.waitFor(() => testPosts().length === 10 || undefined, 30_000);
    expect(new Set(testPosts().map((m) => m.embeds[0]!.description)).size).toBe(10);
    await world.discord.waitFor(
      () => outcomes.every((o) => shown(o)?.content?.includes('Test post sent')) || undefined,
      10_000,
    );
    expect(outcomes.every((o) => shown(o).ephemeral)).toBe(true);
    expect(world.discord.violations).toEqual([]);
  });

  it('replaces post-now’s first answer with the reason when the test post then fails', async () => {
    await enable({});
    const channelId = world.channel('small-wins').id;
    world.discord.setChannelFault(channelId, 500);
    const outcome = await world.run('smallwins post-now', { channel: channelId });
    expect(outcome.status).toBe('responded');
    const answer = await world.discord.waitFor(() => outcome.reply, 10_000);
    expect(answer.content).toMatch(/Something went wrong on my side \(ref: /);
    expect(answer.ephemeral).toBe(true);
  });

  it('never takes a test post for the day’s post when checking the channel after a crash', async () => {
    await enable({});
    const channelId = world.channel('small-wins').id;
    await world.run('smallwins post-now', { channel: channelId });
    await world.discord.waitFor(() => posts(channelId).length === 1 || undefined);
    // A crash at 09:00 after taking the day's claim.
    await world.app.store.claimPost(channelId, '2026-11-25', 'dead-instance', 60_000);
    await world.restart();
    await world.tickAt('2026-11-25T09:00:00Z');
    // The dead instance's lease runs out, on the database's clock.
    await ageClaims(world.config.databaseUrl, 60_000);
    await world.tickAt('2026-11-25T09:02:00Z');
    await world.tickAt('2026-11-25T09:04:00Z');
    expect(posts(channelId).map((m) => m.embeds[0]!.title)).toEqual([
      'Small wins (test post) · Wednesday 25 November',
      'Small wins · Wednesday 25 November',
    ]);
    // The next day a send fails after a test post: the retry looks first, and still finds no daily post.
    world.setClock('2026-11-26T08:00:00Z');
    await world.run('smallwins post-now', { channel: channelId });
    await world.discord.waitFor(() => posts(channelId).length === 3 || undefined);
    world.discord.setChannelFault(channelId, 500);
    await world.tickAt('2026-11-26T09:00:00Z');
    world.discord.setChannelFault(channelId, null);
    await world.tickAt('2026-11-26T09:01:00Z');
    expect(
      posts(channelId)
        .map((m) => m.embeds[0]!.title)
        .slice(2),
    ).toEqual(['Small wins (test post) · Thursday 26 November', 'Small wins · Thursday 26 November']);
  });

  it('shows a database failure in status, with the retry as the next post, and posts once the database is back', async () => {
    await enable({});
    const channelId = world.channel('small-wins').id;
    const store = world.app.store;
    const claim = store.claimPost.bind(store);
    store.claimPost = async () => {
      throw new Error('SQLITE_BUSY: database is locked');
    };
    await world.tickAt('2026-11-25T09:00:00Z');
    const field = shown(await world.run('smallwins status')).embeds[0]!.fields![0]!.value;
    expect(field).toMatch(/⚠️ .*could not post/);
    const next = Number(/Next: <t:(\d+):f>/.exec(field)?.[1]) * 1000;
    expect(next).toBeGreaterThan(Date.parse('2026-11-25T09:00:00Z'));
    store.claimPost = claim;
    await world.tickAt('2026-11-25T09:01:00Z');
    await world.tickAt('2026-11-25T09:02:00Z');
    expect(posts(channelId)).toHaveLength(1);
    expect(shown(await world.run('smallwins status')).embeds[0]!.fields![0]!.value).not.toContain('⚠️');
  });
});
