import type { APIEmbed } from 'discord-api-types/v10';
import { PermissionFlagsBits } from 'discord.js';
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

type Message = {
  id: string;
  content: string;
  embeds: APIEmbed[];
  ephemeral: boolean;
  attachments: Array<{ url: string; filename: string }>;
};
type Outcome = { reply?: unknown; updated?: unknown; followUps: unknown[] };
const shown = (o: Outcome) => (o.updated ?? o.reply ?? o.followUps[0]) as Message;
const posts = (channelId: string) =>
  (world.discord.messages(channelId) as unknown as Message[]).filter((m) =>
    m.embeds[0]?.title?.startsWith('Small wins'),
  );

/** A second server, moderated by sam, with the bot and its commands in it. */
async function secondServer() {
  const guild = world.discord.addGuild({
    name: 'Other server',
    ownerId: world.sam.id,
    channels: [{ name: 'general' }, { name: 'small-wins' }],
    members: [{ userId: world.sam.id }, { userId: world.alex.id }],
  });
  await registerCommands({ ...world.config, guildId: guild.id }, world.content);
  const { servers } = world.app.bot;
  await world.discord.waitFor(() => guild.channels.every((c) => servers.channel(guild.id, c.id)) || undefined, 10_000);
  const general = guild.channels.find((c) => c.name === 'general')!;
  const run = (command: string, options: Record<string, string | number | boolean> = {}, userId = world.sam.id) =>
    world.discord.invoke({ guildId: guild.id, channelId: general.id, userId, command, options });
  return { guild, general, smallWins: guild.channels.find((c) => c.name === 'small-wins')!, run };
}

/** The answer of a command that defers first (import), once it is edited in. */
async function finalAnswer(outcome: Outcome): Promise<Message> {
  return world.discord.waitFor(
    () => ((outcome.reply as Message | undefined)?.content ? (outcome.reply as Message) : undefined),
    10_000,
  );
}

describe('/customize', () => {
  it('is registered for moderators only and in servers only, and refuses a member without Manage Server, storing nothing', async () => {
    const definition = world.discord.registeredCommands(world.guild.id).find((c) => c.name === 'customize')!;
    expect(definition.default_member_permissions).toBe('32');
    expect(definition.contexts).toEqual([0]);
    expect(definition.options!.map((o) => o.name)).toEqual([
      'prompts',
      'questions',
      'support',
      'use',
      'export',
      'import',
      'review',
      'review-off',
    ]);
    const answer = shown(await world.run('customize prompts add', { text: 'A prompt from a member' }, world.sam.id));
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toMatch(/Manage Server/);
    expect(
      shown(await world.run('customize support set', { text: 'Not theirs to set' }, world.sam.id)).content,
    ).toMatch(/Manage Server/);
    expect(await world.app.store.serverContent.allPrompts(world.guild.id)).toEqual([]);
    expect((await world.app.store.serverContent.settings(world.guild.id)).supportNote).toBeNull();
  });

  it('adds, lists newest first with short ids, finds by autocomplete and removes prompts; refuses empty, over-long and duplicate texts', async () => {
    const added = shown(
      await world.run('customize prompts add', { text: 'Name one thing that went a little better this week.' }),
    );
    expect(added.ephemeral).toBe(true);
    const id = /`([a-z2-9]{6})`/.exec(added.content)![1]!;
    await world.run('customize prompts add', { text: 'Who did you think of kindly today?' });
    const list = shown(await world.run('customize prompts list'));
    expect(list.embeds[0]!.title).toBe("2 prompts of this server's own");
    const description = list.embeds[0]!.description!;
    expect(description.indexOf('Who did you think of kindly')).toBeLessThan(description.indexOf('Name one thing'));
    expect(description).toContain(`\`${id}\``);

    const typed = await world.discord.autocomplete({
      guildId: world.guild.id,
      channelId: world.general.id,
      userId: world.alex.id,
      command: 'customize prompts remove',
      options: { prompt: 'better' },
      focused: 'prompt',
    });
    expect(typed.choices).toEqual([{ name: `${id} · Name one thing that went a little better this week.`, value: id }]);

    expect(shown(await world.run('customize prompts add', { text: '   ' })).content).toMatch(/empty/);
    expect(shown(await world.run('customize prompts add', { text: 'x'.repeat(401) })).content).toContain(
      '401 characters long; the most is 400',
    );
    expect(
      shown(await world.run('customize prompts add', { text: 'WHO did you think of  kindly today?' })).content,
    ).toMatch(/already has that prompt/);
    expect(await world.app.store.serverContent.allPrompts(world.guild.id)).toHaveLength(2);

    expect(shown(await world.run('customize prompts remove', { prompt: id })).content).toContain(
      `Removed prompt \`${id}\``,
    );
    expect(shown(await world.run('customize prompts remove', { prompt: id })).content).toMatch(/no prompt with the id/);
    expect((await world.app.store.serverContent.allPrompts(world.guild.id)).map((p) => p.text)).toEqual([
      'Who did you think of kindly today?',
    ]);
  });

  it('makes text that would mention someone plain: no mention syntax reaches a post', async () => {
    await world.run('customize prompts add', {
      text: `Hello @everyone and @here, <@${world.sam.id}> <@&${world.guild.id}> <#${world.general.id}>`,
    });
    expect(shown(await world.run('customize use', { prompts: 'server' })).content).toContain(
      'daily prompts from its own pool',
    );
    await world.run('smallwins enable', {
      channel: world.channel('small-wins').id,
      time: '09:00',
      timezone: 'Europe/London',
    });
    await world.tickAt('2026-11-25T09:00:00Z');
    const [post] = posts(world.channel('small-wins').id);
    const text = JSON.stringify(post);
    expect(post!.embeds[0]!.description).toContain('Hello @\u200beveryone');
    for (const syntax of [
      '@everyone',
      '@here',
      `<@${world.sam.id}>`,
      `<@&${world.guild.id}>`,
      `<#${world.general.id}>`,
    ])
      expect(text).not.toContain(syntax);
  });

  it("posts a server's own prompts in its rotation, never another server's", async () => {
    const other = await secondServer();
    await world.run('customize prompts add', { text: 'First server: what small step felt possible today?' });
    await world.run('customize prompts add', { text: 'First server: who would you like to hear from?' });
    await world.run('customize use', { prompts: 'server' });
    await other.run('customize prompts add', { text: 'Other server: one thing you are grateful for.' });
    await world.run('smallwins enable', {
      channel: world.channel('small-wins').id,
      time: '09:00',
      timezone: 'Europe/London',
    });
    await other.run('smallwins enable', { channel: other.smallWins.id, time: '09:00', timezone: 'Europe/London' });
    for (const day of ['25', '26', '27', '28']) await world.tickAt(`2026-11-${day}T09:00:00Z`);
    const mine = posts(world.channel('small-wins').id).map((p) => p.embeds[0]!.description!);
    const theirs = posts(other.smallWins.id).map((p) => p.embeds[0]!.description!);
    expect(mine).toHaveLength(4);
    expect(mine.every((d) => d.startsWith('First server:'))).toBe(true);
    // Both of its prompts before any repeat, as the pack's rotate.
    expect(new Set(mine.slice(0, 2)).size).toBe(2);
    // The other server uses both pools (the default): its own and the pack's, never the first server's.
    expect(theirs).toHaveLength(4);
    expect(theirs.some((d) => d.startsWith('First server:'))).toBe(false);
    const pack = new Set(world.content.prompts.map((p) => p.text));
    expect(theirs.every((d) => pack.has(d) || d === 'Other server: one thing you are grateful for.')).toBe(true);
  });

  it('/reflect draws from the pools `use` chooses, and `server` with an empty pool is refused', async () => {
    const refused = shown(await world.run('customize use', { questions: 'server' }));
    expect(refused.content).toMatch(/no questions of its own yet/);
    expect((await world.app.store.serverContent.settings(world.guild.id)).questions).toBe('both');

    await world.run('customize questions add', {
      theme: 'trust',
      text: 'Our own: what would rebuild a little trust this month?',
    });
    await world.run('customize questions add', {
      theme: 'self-reflection',
      text: 'Our own: what are you ready for now?',
    });
    await world.run('customize use', { questions: 'server' });
    const draws = [];
    for (let i = 0; i < 4; i++) draws.push(shown(await world.run('reflect', {}, world.sam.id)).embeds[0]!.description!);
    expect(draws.every((d) => d.startsWith('Our own:'))).toBe(true);
    expect(new Set(draws.slice(0, 2)).size).toBe(2); // no repeat until the pool is seen
    expect(shown(await world.run('reflect', { theme: 'trust' }, world.sam.id)).embeds[0]!.description).toBe(
      'Our own: what would rebuild a little trust this month?',
    );
    expect(shown(await world.run('reflect', { theme: 'vulnerable-dialogue' }, world.sam.id)).content).toMatch(
      /none is on the theme "Vulnerable dialogue"/,
    );

    await world.run('customize use', { questions: 'built-in' });
    const pack = new Set(world.content.questions.map((q) => q.text));
    // A heavier question of the pack shows under its content note, behind a spoiler.
    const question = (description: string) => /\|\|([^|]+)\|\|$/.exec(description)?.[1] ?? description;
    for (let i = 0; i < 3; i++)
      expect(pack.has(question(shown(await world.run('reflect', {}, world.sam.id)).embeds[0]!.description!))).toBe(
        true,
      );
  });

  it('a question added or removed shows in /reflect at once, though /reflect had just read the server’s pools', async () => {
    await world.run('customize questions add', { theme: 'trust', text: 'Our own: what would rebuild some trust?' });
    await world.run('customize use', { questions: 'server' });
    expect(shown(await world.run('reflect', {}, world.alex.id)).embeds[0]!.description).toBe(
      'Our own: what would rebuild some trust?',
    );
    expect(shown(await world.run('reflect', { theme: 'patience' }, world.alex.id)).content).toMatch(
      /none is on the theme "Patience"/,
    );
    const added = shown(
      await world.run('customize questions add', {
        theme: 'patience',
        text: 'Our own: where could you wait a little?',
      }),
    );
    expect(shown(await world.run('reflect', { theme: 'patience' }, world.alex.id)).embeds[0]!.description).toBe(
      'Our own: where could you wait a little?',
    );
    const id = /`([a-z2-9]{6})`/.exec(added.content || added.embeds[0]?.description || '')?.[1];
    expect(id).toBeDefined();
    await world.run('customize questions remove', { question: id! });
    expect(shown(await world.run('reflect', { theme: 'patience' }, world.alex.id)).content).toMatch(
      /none is on the theme "Patience"/,
    );
  });

  it('shows each server its own support note in /about and the support tip, and the pack’s elsewhere', async () => {
    const other = await secondServer();
    const set = shown(
      await world.run('customize support set', {
        text: 'In our town: call the Listening Line on 0800 000 000, day or night.',
      }),
    );
    expect(set.embeds[0]!.description).toBe('In our town: call the Listening Line on 0800 000 000, day or night.');
    const about = shown(await world.run('about', {}, world.sam.id));
    expect(about.embeds[1]!.description).toBe('In our town: call the Listening Line on 0800 000 000, day or night.');
    const tip = shown(await world.run('tips', { tip: 'support' }, world.sam.id));
    expect(tip.embeds[0]!.description).toContain('Listening Line');
    // The other server still shows the pack's note.
    const elsewhere = shown(await other.run('about', {}, world.alex.id));
    expect(elsewhere.embeds[1]!.description).toBe(world.content.support.body);
    expect(shown(await other.run('customize support show')).content).toMatch(/bot's own support note/);
    await world.run('customize support reset');
    expect(shown(await world.run('about', {}, world.sam.id)).embeds[1]!.description).toBe(world.content.support.body);
  });

  it('exports a file that, imported into a second server, gives it the same content; importing again skips and counts', async () => {
    const other = await secondServer();
    await world.run('customize prompts add', { text: 'Prompt one of ours.' });
    await world.run('customize prompts add', { text: 'Prompt two of ours.' });
    await world.run('customize questions add', { theme: 'trust', text: 'A trust question of ours?' });
    await world.run('customize support set', { text: 'Our own support line: 116 123.' });
    await world.run('smallwins enable', {
      channel: world.channel('small-wins').id,
      time: '09:00',
      timezone: 'Europe/London',
      days: 'weekdays',
    });

    const exported = shown(await world.run('customize export'));
    expect(exported.ephemeral).toBe(true);
    expect(exported.attachments).toHaveLength(1);
    const file = world.discord.fileAt(exported.attachments[0]!.url)!.toString('utf8');
    const json = JSON.parse(file);
    expect(json).toMatchObject({
      prompts: [{ text: 'Prompt one of ours.' }, { text: 'Prompt two of ours.' }],
      questions: [{ theme: 'trust', text: 'A trust question of ours?' }],
      supportNote: 'Our own support line: 116 123.',
      smallwins: [
        { channelId: world.channel('small-wins').id, time: '09:00', zone: 'Europe/London', days: [1, 2, 3, 4, 5] },
      ],
    });
    // Settings only: nothing of the channel's running state (its last post, its pinned message).
    expect(Object.keys(json.smallwins[0]).sort()).not.toContain('lastPostedDate');

    const upload = world.discord.uploadFile('reconnect-server-content.json', file);
    const answer = await finalAnswer(await other.run('customize import', { file: upload }));
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain('Prompts: 2 added, 0 already here');
    expect(answer.content).toContain('Questions: 1 added');
    const content = world.app.store.serverContent;
    expect((await content.allPrompts(other.guild.id)).map((p) => p.text)).toEqual(
      (await content.allPrompts(world.guild.id)).map((p) => p.text),
    );
    expect((await content.allQuestions(other.guild.id)).map((q) => [q.theme, q.text])).toEqual([
      ['trust', 'A trust question of ours?'],
    ]);
    expect((await content.settings(other.guild.id)).supportNote).toBe('Our own support line: 116 123.');
    expect(shown(await other.run('about', {}, world.alex.id)).embeds[1]!.description).toBe(
      'Our own support line: 116 123.',
    );

    const again = await finalAnswer(
      await other.run('customize import', { file: world.discord.uploadFile('again.json', file) }),
    );
    expect(again.content).toContain('Prompts: 0 added, 2 already here and skipped');
    expect(await content.allPrompts(other.guild.id)).toHaveLength(2);
  });

  it('refuses a file with any bad entry, naming each, and changes nothing', async () => {
    await world.run('customize prompts add', { text: 'Already ours.' });
    const bad = JSON.stringify({
      format: 'reconnect-server-content',
      version: 1,
      prompts: [{ text: 'A good new prompt.' }, { text: '' }],
      questions: [
        { theme: 'no-such-theme', text: 'Fine text?' },
        { theme: 'trust', text: 'y'.repeat(301) },
      ],
      supportNote: 'A note that must not be set.',
    });
    const answer = await finalAnswer(
      await world.run('customize import', { file: world.discord.uploadFile('bad.json', bad) }),
    );
    expect(answer.content).toContain('Nothing was imported: 3 entries');
    expect(answer.content).toContain('prompts[2].text is empty');
    expect(answer.content).toContain('questions[1].theme names "no-such-theme"');
    expect(answer.content).toContain('questions[2].text is longer than 300 characters');
    expect((await world.app.store.serverContent.allPrompts(world.guild.id)).map((p) => p.text)).toEqual([
      'Already ours.',
    ]);
    expect(await world.app.store.serverContent.allQuestions(world.guild.id)).toEqual([]);
    expect((await world.app.store.serverContent.settings(world.guild.id)).supportNote).toBeNull();

    const notOurs = await finalAnswer(
      await world.run('customize import', { file: world.discord.uploadFile('x.json', '{"hello": 1}') }),
    );
    expect(notOurs.content).toMatch(/not a file made by \/customize export/);
  });

  it('keeps two servers apart: lists, removal by id and settings', async () => {
    const other = await secondServer();
    const id = /`([a-z2-9]{6})`/.exec(
      shown(await world.run('customize prompts add', { text: 'Only the first server has this.' })).content,
    )![1]!;
    expect(shown(await other.run('customize prompts list')).content).toMatch(/no prompts of its own yet/);
    expect(shown(await other.run('customize prompts remove', { prompt: id })).content).toMatch(/no prompt with the id/);
    const typed = await world.discord.autocomplete({
      guildId: other.guild.id,
      channelId: other.general.id,
      userId: world.sam.id,
      command: 'customize prompts remove',
      options: { prompt: '' },
      focused: 'prompt',
    });
    expect(typed.choices).toEqual([]);
    expect(shown(await other.run('customize use', { prompts: 'server' })).content).toMatch(/no prompts of its own yet/);
    expect(await world.app.store.serverContent.allPrompts(world.guild.id)).toHaveLength(1);
  });
});

describe('/customize import of /smallwins settings', () => {
  const subsOf = (guildId: string) => world.app.bot.daily.posts.subscriptionsOf(guildId);
  const importFile = async (run: World['run'], file: string) =>
    finalAnswer(await run('customize import', { file: world.discord.uploadFile('settings.json', file) }));
  /** Waits until the bot's gateway cache has the change just made in the loopback Discord. */
  const cached = (check: () => boolean) => world.discord.waitFor(() => check() || undefined, 10_000);
  /** A mentionable role made in the loopback Discord, once the bot's gateway cache has it. */
  const mentionableRole = async () => {
    const role = world.discord.addRole(world.guild.id, { name: 'daily', permissions: 0n, mentionable: true });
    await cached(() => world.app.bot.servers.role(world.guild.id, role.id) !== undefined);
    return role;
  };
  /** The settings file `/customize export` attaches, as text. */
  const exported = async () =>
    world.discord.fileAt(shown(await world.run('customize export')).attachments[0]!.url)!.toString('utf8');

  it('brings back a channel disabled since the export: it posts again at its time on its days, and a changed one takes the file’s settings', async () => {
    const smallWins = world.channel('small-wins').id;
    const announcements = world.channel('announcements').id;
    const role = await mentionableRole();
    await world.run('smallwins enable', {
      channel: smallWins,
      time: '09:00',
      timezone: 'Europe/London',
      days: 'weekdays',
      role: role.id,
    });
    await world.run('smallwins enable', { channel: announcements, time: '10:00', timezone: 'Europe/Paris' });
    const file = await exported();

    await world.run('smallwins disable', { channel: smallWins });
    await world.run('smallwins enable', { channel: announcements, time: '11:00', timezone: 'Europe/Paris' });
    const answer = await importFile(world.run, file);
    expect(answer.content).toContain(`Small wins: daily posts are now on in 1 channel: <#${smallWins}>.`);
    expect(answer.content).toContain(`Small wins: 1 channel now has the file's settings: <#${announcements}>.`);
    expect(answer.content).not.toContain('not in this server');
    expect(world.app.bot.daily.posts.subscription(announcements)).toMatchObject({ time: '10:00' });

    // Wednesday 25 November, then the weekend (no post), then Monday.
    for (const at of ['2026-11-25T09:00:00Z', '2026-11-28T09:00:00Z', '2026-11-29T09:00:00Z', '2026-11-30T09:00:00Z'])
      await world.tickAt(at);
    const sent = posts(smallWins) as Array<Message & { allowedMentions: unknown }>;
    expect(sent.map((p) => p.embeds[0]!.title)).toEqual([
      'Small wins · Wednesday 25 November',
      'Small wins · Monday 30 November',
    ]);
    expect(sent[0]!.content).toBe(`<@&${role.id}>`);
    expect(sent[0]!.allowedMentions).toEqual({ parse: [], roles: [role.id] });
    // The store holds it too, so a restart (or another process) posts it.
    expect((await world.app.store.subscriptions()).map((s) => s.channelId).sort()).toEqual(
      [smallWins, announcements].sort(),
    );

    const again = await importFile(world.run, file);
    expect(again.content).toContain('Small wins: 2 channels already had these settings and were skipped:');
    expect(again.content).toContain(`<#${smallWins}>`);
    expect(again.content).not.toContain('daily posts are now on');
    expect(world.discord.violations).toEqual([]);
  });

  it('takes the whole import back when a channel cannot be saved: no prompt, no note, no channel; the moderator gets a reference, and the same file later works', async () => {
    const smallWins = world.channel('small-wins').id;
    const announcements = world.channel('announcements').id;
    await world.run('smallwins enable', { channel: smallWins, time: '09:00', timezone: 'Europe/London' });
    await world.run('smallwins enable', { channel: announcements, time: '10:00', timezone: 'Europe/Paris' });
    const file = JSON.stringify({
      ...(JSON.parse(await exported()) as object),
      prompts: [{ text: 'A prompt from the file.' }],
      supportNote: 'The file’s support note.',
    });
    await world.run('smallwins disable', { channel: smallWins });
    await world.run('smallwins disable', { channel: announcements });

    const { store } = world.app;
    const save = store.saveSubscription.bind(store);
    let saves = 0;
    store.saveSubscription = (sub) => (++saves === 2 ? Promise.reject(new Error('database gone')) : save(sub));
    try {
      const answer = await importFile(world.run, file);
      expect(answer.ephemeral).toBe(true);
      expect(answer.content).toMatch(/ref: [A-Z0-9]{8}/);
    } finally {
      store.saveSubscription = save;
    }
    expect(await store.serverContent.allPrompts(world.guild.id)).toEqual([]);
    expect((await store.serverContent.settings(world.guild.id)).supportNote).toBeNull();
    expect(subsOf(world.guild.id)).toEqual([]);
    expect(await store.subscriptions()).toEqual([]);

    const again = await importFile(world.run, file);
    expect(again.content).toContain('Prompts: 1 added');
    expect(
      subsOf(world.guild.id)
        .map((sub) => sub.channelId)
        .sort(),
    ).toEqual([smallWins, announcements].sort());
  });

  it('skips every channel of a file from another server, listing each, and subscribes nothing there', async () => {
    const other = await secondServer();
    const smallWins = world.channel('small-wins').id;
    const announcements = world.channel('announcements').id;
    await world.run('smallwins enable', { channel: smallWins, time: '09:00', timezone: 'Europe/London' });
    await world.run('smallwins enable', { channel: announcements, time: '10:00', timezone: 'Europe/Paris' });
    await world.run('customize prompts add', { text: 'A prompt that travels.' });
    const file = await exported();

    const answer = await importFile(other.run, file);
    expect(answer.content).toContain('Prompts: 1 added');
    expect(answer.content).toContain('Small wins: 2 channels of the file are not in this server and were skipped:');
    expect(answer.content).toContain(`<#${smallWins}>`);
    expect(answer.content).toContain(`<#${announcements}>`);
    expect(subsOf(other.guild.id)).toEqual([]);
    // The first server's channels are untouched: still its own, with its settings.
    expect(
      subsOf(world.guild.id)
        .map((s) => [s.channelId, s.time])
        .sort(),
    ).toEqual(
      [
        [smallWins, '09:00'],
        [announcements, '10:00'],
      ].sort(),
    );
    expect((await world.app.store.subscriptions()).every((s) => s.guildId === world.guild.id)).toBe(true);
  });

  it('changes nothing at all, prompts included, when one channel’s zone is bad or the bot lacks a permission, naming it', async () => {
    const smallWins = world.channel('small-wins').id;
    const announcements = world.channel('announcements').id;
    const file = (zone: string) =>
      JSON.stringify({
        format: 'reconnect-server-content',
        version: 1,
        prompts: [{ text: 'Must not be added.' }],
        supportNote: 'Must not be set.',
        smallwins: [
          { channelId: smallWins, time: '09:00', zone: 'Europe/London', roleId: null, thread: false },
          { channelId: announcements, time: '10:00', zone, roleId: null, thread: false },
        ],
      });
    const unchanged = async () => {
      expect(await world.app.store.serverContent.allPrompts(world.guild.id)).toEqual([]);
      expect((await world.app.store.serverContent.settings(world.guild.id)).supportNote).toBeNull();
      expect(subsOf(world.guild.id)).toEqual([]);
      expect(await world.app.store.subscriptions()).toEqual([]);
    };

    const badZone = await importFile(world.run, file('Mars/Olympus'));
    expect(badZone.content).toContain('Nothing was imported: 1 entry of the file is not right.');
    expect(badZone.content).toContain('smallwins[2].zone: "Mars/Olympus" is not a time zone');
    await unchanged();
    const legacy = await importFile(world.run, file('EST'));
    expect(legacy.content).toContain('smallwins[2].zone: "EST" is an abbreviation or a fixed offset');
    await unchanged();

    world.discord.updateChannel(announcements, {
      permission_overwrites: [
        { id: world.guild.id, type: 0, allow: '0', deny: String(PermissionFlagsBits.SendMessages) },
      ],
    });
    await cached(
      () =>
        ((world.app.bot.servers.botPermissions(world.guild.id, announcements) ?? 0n) &
          PermissionFlagsBits.SendMessages) ===
        0n,
    );
    const voice = await importFile(
      world.run,
      file('Europe/Paris').replace(`"channelId":"${smallWins}"`, `"channelId":"${world.channel('Voice').id}"`),
    );
    expect(voice.content).toContain('smallwins[1].channelId is not a text or announcement channel');
    await unchanged();

    const denied = await importFile(world.run, file('Europe/Paris'));
    expect(denied.content).toContain('Nothing was imported');
    expect(denied.content).toContain(`smallwins[2].channelId: in <#${announcements}> I am missing Send Messages`);
    await unchanged();
  });

  it('imports a channel whose role this server lacks without any mention, and says so', async () => {
    const smallWins = world.channel('small-wins').id;
    const role = await mentionableRole();
    await world.run('smallwins enable', {
      channel: smallWins,
      time: '09:00',
      timezone: 'Europe/London',
      role: role.id,
    });
    const file = await exported();
    await world.run('smallwins disable', { channel: smallWins });
    world.discord.deleteRole(world.guild.id, role.id);
    await cached(() => world.app.bot.servers.role(world.guild.id, role.id) === undefined);

    const answer = await importFile(world.run, file);
    expect(answer.content).toContain(`Small wins: daily posts are now on in 1 channel: <#${smallWins}>.`);
    expect(answer.content).toContain(
      `The file names a role this server does not have for <#${smallWins}>: daily posts there mention nobody.`,
    );
    expect(world.app.bot.daily.posts.subscription(smallWins)).toMatchObject({ roleId: null });
    await world.tickAt('2026-11-25T09:00:00Z');
    const [post, ...rest] = posts(smallWins) as Array<Message & { allowedMentions: unknown }>;
    expect(rest).toEqual([]);
    expect(post!.content).not.toContain('<@&');
    expect(post!.allowedMentions).toEqual({ parse: [], roles: [] });
  });
});
