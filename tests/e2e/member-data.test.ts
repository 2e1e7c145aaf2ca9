import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIEmbed } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionOutcome } from '@reconnect/loopback-discord';
import { openDatabase } from '../../src/storage/database.ts';
import { startWorld, type World } from './harness.ts';

/**
 * A member's own choices and data, through the loopback with the commands registered
 * globally (as in production): /preferences applies in a server and in a DM alike,
 * /mydata shows, exports and erases everything kept about the member, and the store holds
 * no record about a member that the registry (and the README's statement) leaves out.
 */
let world: World;
let dmId: string;
beforeAll(async () => {
  world = await startWorld({ globalCommands: true });
  world.discord.installForUser(world.alex.id);
  dmId = world.discord.openDm(world.alex.id).id;
});
afterAll(async () => {
  await world?.close();
});

type Message = {
  id: string;
  content: string;
  embeds: APIEmbed[];
  components: Array<{ components: Array<Record<string, any>> }>;
  ephemeral: boolean;
  attachments: Array<{ id: string; filename: string }>;
};
const shown = (o: InteractionOutcome) => (o.updated ?? o.reply ?? o.followUps[0]) as Message;
const component = (message: Message, match: (c: Record<string, any>) => boolean) =>
  message.components.flatMap((r) => r.components).find(match)!;
const buttonId = (message: Message, label: string) => component(message, (c) => c.label === label).custom_id as string;
const inServer = (command: string, options: Record<string, string | boolean> = {}, userId = world.alex.id) =>
  world.run(command, options, userId);
const inDm = (command: string, options: Record<string, string | boolean> = {}) =>
  world.discord.invoke({ channelId: dmId, userId: world.alex.id, command, options });
const click = (message: Message, label: string, userId = world.alex.id) =>
  world.discord.clickButton({ messageId: message.id, customId: buttonId(message, label), userId });
const themeOf = (message: Message) => /Theme: ([^·]+) ·/.exec(message.embeds[0]!.footer!.text)![1]!.trim();
const mydata = (sub: string) => inDm(`mydata ${sub}`);

describe('/preferences: one member’s choices, in every server and DM', () => {
  it('leaves themes out of /reflect in the server and in the DM, and refuses to leave out every theme', async () => {
    const panel = shown(await inDm('preferences'));
    expect(panel.ephemeral).toBe(true);
    expect(panel.embeds[0]!.title).toBe('Your preferences');
    const menu = component(panel, (c) => c.custom_id === 'prf:themes');
    const themes = world.content.themes.map((t) => t.id);
    // Discord's client lets a member pick at most all but one.
    expect(menu.max_values).toBe(themes.length - 1);
    expect(() =>
      world.discord.selectMenu({ messageId: panel.id, customId: 'prf:themes', values: themes, userId: world.alex.id }),
    ).toThrow(/takes 0 to 8/);

    // Alex draws first, so the bot holds alex's choices (none yet) when they change.
    expect(themeOf(shown(await inServer('reflect', { theme: 'boundaries' })))).toBe('Boundaries');
    const keep = ['trust', 'patience'];
    const chosen = shown(
      await world.discord.selectMenu({
        messageId: panel.id,
        customId: 'prf:themes',
        values: themes.filter((t) => !keep.includes(t)),
        userId: world.alex.id,
      }),
    );
    expect(chosen.embeds[0]!.fields![0]!.value).toContain('Self-reflection');

    const drawn = new Set<string>();
    for (let i = 0; i < 6; i++) {
      drawn.add(themeOf(shown(await inServer('reflect'))));
      drawn.add(themeOf(shown(await inDm('reflect'))));
    }
    expect([...drawn].sort()).toEqual(['Patience', 'Trust']);
    // Sam chose nothing: every theme can come up for him.
    const samDrawn = new Set<string>();
    for (let i = 0; i < 12; i++) samDrawn.add(themeOf(shown(await inServer('reflect', {}, world.sam.id))));
    expect(samDrawn.size).toBeGreaterThan(2);
  });

  it('a theme left out but asked for by name is not drawn until the member says so, once', async () => {
    const notice = shown(await inServer('reflect', { theme: 'boundaries' }));
    expect(notice.ephemeral).toBe(true);
    expect(notice.embeds).toEqual([]);
    expect(notice.content).toContain('**Boundaries**');
    const once = shown(await click(notice, 'Draw one this once'));
    expect(themeOf(once)).toBe('Boundaries');
    // Another question on it asks again.
    const again = shown(await click(once, 'Another question'));
    expect(again.content).toContain('**Boundaries**');
  });

  it('a heavier question shows its content note first, hidden until tapped, unless notes are turned off', async () => {
    const heavy = world.content.questions.find((q) => q.note && q.theme === 'trust')!;
    const trustCount = world.content.questions.filter((q) => q.theme === 'trust').length;
    // Alex drew trust questions in the test before: the rest of this round comes first,
    // then a new round, so the heavier one shows within two rounds whatever was drawn.
    const descriptions: string[] = [];
    let message = shown(await inDm('reflect', { theme: 'trust' }));
    descriptions.push(message.embeds[0]!.description!);
    for (let i = 1; i < 2 * trustCount && !descriptions.some((d) => d.includes(heavy.text)); i++) {
      message = shown(await click(message, 'Another question'));
      descriptions.push(message.embeds[0]!.description!);
    }
    const withNote = descriptions.find((d) => d.includes(heavy.text))!;
    expect(withNote).toMatch(/^Content note: this question touches on .+\n\n\|\|/);
    expect(withNote).toContain(`||${heavy.text}||`);

    const panel = shown(await inServer('preferences'));
    expect(panel.embeds[0]!.fields![1]!.value).toMatch(/^On:/);
    const off = shown(await click(panel, 'Turn content notes off'));
    expect(off.embeds[0]!.fields![1]!.value).toMatch(/^Off:/);
    // The heavier section of the article shows straight away now, in the DM too.
    const section = world.content.sections.find((s) => s.note)!;
    const plain = shown(await inDm('article', { section: String(section.order) }));
    expect(plain.embeds[0]!.description).toBe(section.body);
    shown(await click(off, 'Turn content notes on'));
    const noted = shown(await inDm('article', { section: String(section.order) }));
    expect(noted.embeds[0]!.description).toMatch(/^\*Content note: this section touches on /);
  });
});

describe('/mydata: what Reconnect keeps about a member, in their hands', () => {
  it('show lists it in plain words, without content', async () => {
    const message = shown(await mydata('show'));
    expect(message.ephemeral).toBe(true);
    const text = message.embeds[0]!.description!;
    expect(text).toMatch(/\*\*Reflection history:\*\* the ids of \d+ questions you have drawn/);
    expect(text).toMatch(/Deleted on its own <t:\d+:D>/);
    expect(text).toContain('left out of /reflect: Self-reflection, Understanding separation');
    expect(text).toContain('content notes on');
    for (const q of world.content.questions) expect(text).not.toContain(q.text);
  });

  it('export sends all of it as a JSON file only the member sees', async () => {
    const message = shown(await mydata('export'));
    expect(message.ephemeral).toBe(true);
    expect(message.attachments.map((a) => a.filename)).toEqual(['reconnect-my-data.json']);
    const data = JSON.parse(world.discord.attachmentData(message.attachments[0]!.id)!.toString('utf8'));
    expect(data.userId).toBe(world.alex.id);
    expect(data.records.preferences).toMatchObject({
      excludedThemes: world.content.themes.map((t) => t.id).filter((t) => !['trust', 'patience'].includes(t)),
      contentNotes: true,
    });
    // The history as the store holds it (its size depends on the draws before: a round
    // that comes to an end starts over).
    const history = (await world.app.store.memberData.describe(world.alex.id)).find(
      (s) => s.kind === 'reflect-history',
    )!;
    expect(history.count).toBeGreaterThan(0);
    expect(data.records['reflect-history'].questionsSeen).toHaveLength(history.count);
    expect(Object.keys(data.records).sort()).toEqual(
      world.app.store.memberData
        .kinds()
        .map((k) => k.kind)
        .sort(),
    );
  });

  it('delete asks first, then erases everything of the member and nothing of another; /reflect starts afresh; nothing is logged', async () => {
    const samBefore = await world.app.store.memberData.export(world.sam.id);
    expect(samBefore['reflect-history']).not.toBeNull();
    const linesBefore = world.logLines.length;

    const confirm = shown(await mydata('delete'));
    expect(confirm.ephemeral).toBe(true);
    expect(shown(await click(confirm, 'Keep it')).content).toBe('Nothing was erased.');
    // (Contributions' kinds hold nothing here: alex suggested and shared nothing.)
    const kept = (await world.app.store.memberData.describe(world.alex.id)).filter((s) =>
      ['reflect-history', 'preferences'].includes(s.kind),
    );
    expect(kept.every((s) => s.count > 0)).toBe(true);

    // Boundaries is still left out (test one), as alex's draws just read.
    expect(shown(await inServer('reflect', { theme: 'boundaries' })).content).toContain('**Boundaries**');
    const confirmAgain = shown(await mydata('delete'));
    const done = shown(await click(confirmAgain, 'Erase everything'));
    expect(done.content).toMatch(/^Erased: your reflection history \(\d+ questions seen\) and your preferences\./);
    expect(await world.app.store.memberData.describe(world.alex.id)).toEqual([
      { kind: 'reflect-history', count: 0 },
      { kind: 'preferences', count: 0 },
      { kind: 'suggestions', count: 0 },
      { kind: 'anonymous-shares', count: 0, details: { blockedInServers: 0 } },
      { kind: 'review-decisions', count: 0 },
    ]);
    expect(await world.app.store.memberData.export(world.sam.id)).toEqual(samBefore);

    const after = shown(await mydata('show'));
    expect(after.embeds[0]!.description).toContain('**Reflection history:** none kept.');
    // A fresh history: one question seen, and every theme back in the draws at once.
    expect(themeOf(shown(await inServer('reflect', { theme: 'boundaries' })))).toBe('Boundaries');
    const [history] = await world.app.store.memberData.describe(world.alex.id);
    expect(history!.count).toBe(1);
    expect(shown(await mydata('delete')).ephemeral).toBe(true);
    // Not a line about any of it in the log, at info level or above.
    expect(world.logLines.slice(linesBefore)).toEqual([]);
  });
});

describe('privacy in words: the statement matches what the store holds', () => {
  it('every table and key holding a member’s id after a busy run is a registered kind, and the README and /about name each', async () => {
    const { alex, sam, discord } = world;
    await inServer('reflect', {}, sam.id);
    await inServer('smallwins enable', {
      channel: world.channel('small-wins').id,
      time: '09:00',
      timezone: 'Europe/London',
    });
    const panel = shown(await inServer('preferences', {}, sam.id));
    await click(panel, 'Turn content notes off', sam.id);
    await discord.selectMenu({ messageId: panel.id, customId: 'prf:themes', values: ['trust'], userId: sam.id });
    const reviewsId = discord.addChannel(world.guild.id, { name: 'reviews' }).id;
    await discord.waitFor(() => world.app.bot.servers.channel(world.guild.id, reviewsId));
    await inServer('customize review', { channel: reviewsId });
    const suggesting = await inServer(
      'suggest',
      { kind: 'question', theme: 'trust', text: 'What did you keep?' },
      sam.id,
    );
    // A deferred answer shows once it is edited.
    const suggested = (await discord.waitFor(() => suggesting.reply)) as unknown as Message;
    expect(suggested.ephemeral).toBe(true);
    await world.restart(); // every batched write lands

    const userIds = [alex.id, sam.id];
    const db = await openDatabase(world.config.databaseUrl);
    const holding = new Set<string>();
    try {
      const tables: string[] = await db.knex('sqlite_master').where('type', 'table').pluck('name');
      for (const table of tables.filter((t) => !t.startsWith('sqlite_') && !t.startsWith('knex_'))) {
        for (const row of await db.knex(table).select('*')) {
          const text = JSON.stringify(row);
          if (!userIds.some((id) => text.includes(id))) continue;
          holding.add(table === 'keyv' ? `keyv:${String(row.key).split(':').slice(0, 2).join(':')}` : `table:${table}`);
        }
      }
    } finally {
      await db.close();
    }
    expect(holding).toEqual(new Set(['table:reflect_history', 'table:member_preferences', 'table:submissions']));
    const listed = world.app.store.memberData.kinds().flatMap((k) => k.locations);
    for (const place of holding) expect(listed).toContain(place);
    // The README's statement names every place members' data is kept.
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const statement = readme.slice(readme.indexOf('### Members’ data'));
    for (const place of listed) expect(statement).toContain(`\`${place.split(':')[1]}\``);
    // /about says what is kept and how to erase it.
    const about = shown(await inServer('about'));
    const privacy = about.embeds[0]!.fields![0]!.value;
    expect(privacy).toContain('/mydata delete');
    for (const kept of ['reflection questions you have drawn', '/preferences', 'suggestion', 'anonymously'])
      expect(privacy).toContain(kept);
  });
});

describe('/preferences: reset', () => {
  it('puts every theme back and content notes on, and keeps no record of the member’s choices', async () => {
    const sam = world.sam.id;
    const panel = shown(await inServer('preferences', {}, sam));
    expect(panel.embeds[0]!.fields![0]!.value).toContain('Trust');
    const reset = shown(await click(panel, 'Reset to defaults', sam));
    expect(reset.embeds[0]!.fields!.map((f) => f.value.split(':')[0])).toEqual(['Nothing', 'On']);
    const [, preferences] = await world.app.store.memberData.describe(sam);
    expect(preferences).toEqual({ kind: 'preferences', count: 0 });
  });
});
