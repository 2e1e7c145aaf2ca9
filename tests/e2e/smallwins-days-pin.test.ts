import { PermissionFlagsBits, type APIEmbed } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testEngines } from '../storage/engines.ts';
import { startWorld, type World } from './harness.ts';

let world: World;

type Message = { id: string; content: string; embeds: APIEmbed[]; ephemeral: boolean; pinned: boolean };
const shown = (o: { reply?: unknown; updated?: unknown; followUps: unknown[] }) =>
  (o.updated ?? o.reply ?? o.followUps[0]) as Message;
const smallWins = () => world.channel('small-wins').id;
const posts = () =>
  (world.discord.messages(smallWins()) as unknown as Message[]).filter((m) =>
    m.embeds[0]?.title?.startsWith('Small wins'),
  );
const stamp = (iso: string, style: string) => `<t:${Date.parse(iso) / 1000}:${style}>`;
const statusField = async () => shown(await world.run('smallwins status')).embeds[0]!.fields![0]!.value;

async function enable(options: Record<string, string | number | boolean>) {
  return shown(
    await world.run('smallwins enable', { channel: smallWins(), time: '09:00', timezone: 'Europe/London', ...options }),
  );
}

/** Grants or takes away the bot's Pin Messages in #small-wins, and waits until the bot's cache agrees. */
async function pinPermission(granted: boolean) {
  const bit = PermissionFlagsBits.PinMessages;
  world.discord.updateChannel(smallWins(), {
    permission_overwrites: [
      { id: world.guild.botRoleId!, type: 0, allow: granted ? String(bit) : '0', deny: granted ? '0' : String(bit) },
    ],
  });
  const { servers } = world.app.bot;
  await world.discord.waitFor(
    () => (((servers.botPermissions(world.guild.id, smallWins()) ?? 0n) & bit) !== 0n) === granted || undefined,
  );
}

// 2026-11-25, where the harness's clock starts, is a Wednesday.
describe.each(testEngines())('/smallwins enable days and pin on $name', (engine) => {
  beforeEach(async () => {
    world = await startWorld({ databaseUrl: await engine.newDatabaseUrl() });
  });
  afterEach(async () => {
    await world?.close();
  });

  it('autocompletes days: the presets, then the list being typed', async () => {
    const complete = (days: string) =>
      world.discord.autocomplete({
        guildId: world.guild.id,
        channelId: world.general.id,
        userId: world.alex.id,
        command: 'smallwins enable',
        options: { channel: smallWins(), time: '9am', timezone: 'Europe/London', days },
        focused: 'days',
      });
    expect((await complete('')).choices!.slice(0, 3).map((c) => c.value)).toEqual([
      'every day',
      'weekdays',
      'weekends',
    ]);
    expect((await complete('Mon, W')).choices).toEqual([{ name: 'mon, wed', value: 'mon, wed' }]);
  });

  it('refuses days it cannot read, storing nothing', async () => {
    const reply = await enable({ days: 'mon, funday' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('"mon, funday" is not a set of days');
    expect(await world.app.store.subscriptions()).toEqual([]);
  });

  it('posts only on the chosen local days: shows them, skips the others (catch-up too), and previews the next chosen day', async () => {
    const reply = await enable({ days: 'Monday, wed,FRI' });
    expect(reply.content).toContain('on Monday, Wednesday and Friday at **09:00** (Europe/London)');
    expect(reply.content).toContain(stamp('2026-11-25T09:00:00Z', 'F'));

    await world.tickAt('2026-11-25T09:00:00Z'); // Wednesday
    expect(posts()).toHaveLength(1);
    expect(await statusField()).toContain(`Next: ${stamp('2026-11-27T09:00:00Z', 'f')}`);

    // Thursday is not chosen: nothing at its time, nor as a catch-up after a restart.
    await world.tickAt('2026-11-26T09:00:00Z');
    await world.restart();
    await world.tickAt('2026-11-26T11:00:00Z');
    expect(posts()).toHaveLength(1);

    // Friday's post, missed at its time, is caught up within the window.
    await world.tickAt('2026-11-27T14:30:00Z');
    expect(posts().map((p) => p.embeds[0]!.title)).toEqual([
      'Small wins · Wednesday 25 November',
      'Small wins · Friday 27 November',
    ]);

    // The weekend is skipped: the preview is Monday's post.
    const preview = shown(await world.run('smallwins preview', { channel: smallWins() }));
    expect(preview.content).toContain(stamp('2026-11-30T09:00:00Z', 'F'));
    expect(preview.embeds[0]!.title).toBe('Small wins · Monday 30 November');
    await world.tickAt('2026-11-28T09:00:00Z');
    await world.tickAt('2026-11-29T09:00:00Z');
    expect(posts()).toHaveLength(2);
    expect(await statusField()).toContain('on Monday, Wednesday and Friday at **09:00**');

    // Weekdays read as such; every day again when days is left out.
    expect((await enable({ days: 'weekdays' })).content).toContain('on weekdays at **09:00**');
    expect((await enable({})).content).toContain('every day at **09:00**');
  });

  it('refuses pin without Pin Messages, naming it, and changes nothing', async () => {
    const reply = await enable({ pin: true });
    expect(reply.content).toContain('- Pin Messages');
    expect(await world.app.store.subscriptions()).toEqual([]);
  });

  it('pins each day’s post and unpins the one before', async () => {
    await pinPermission(true);
    expect((await enable({ pin: true })).content).toContain('pins each post');
    await world.tickAt('2026-11-25T09:00:00Z');
    const [wednesday] = posts();
    expect(world.discord.pins(smallWins()).map((m) => m.id)).toEqual([wednesday!.id]);

    await world.tickAt('2026-11-26T09:00:00Z');
    const [, thursday] = posts();
    expect(world.discord.pins(smallWins()).map((m) => m.id)).toEqual([thursday!.id]);
    expect(world.discord.message(wednesday!.id)!.pinned).toBe(false);
    expect(await statusField()).not.toContain('⚠️');
    expect(world.discord.violations).toEqual([]);
  });

  it('shows a refused pin as a problem in status while the post counts: posted once, next post tomorrow', async () => {
    await pinPermission(true);
    await enable({ pin: true });
    await pinPermission(false);
    await world.tickAt('2026-11-25T09:00:00Z');
    await world.tickAt('2026-11-25T09:05:00Z');
    expect(posts()).toHaveLength(1);
    expect(world.discord.pins(smallWins())).toEqual([]);
    const field = await statusField();
    expect(field).toContain('⚠️ posted, but not pinned (missing permission: Pin Messages)');
    expect(field).toContain(`Next: ${stamp('2026-11-26T09:00:00Z', 'f')}`);
    expect(field).toContain('Last: <t:');

    // Granted again, the next day's post is pinned and the problem is gone.
    await pinPermission(true);
    await world.tickAt('2026-11-26T09:00:00Z');
    expect(world.discord.pins(smallWins()).map((m) => m.id)).toEqual([posts()[1]!.id]);
    expect(await statusField()).not.toContain('⚠️');
  });
});
