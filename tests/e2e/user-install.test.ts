import { join } from 'node:path';
import type { APIEmbed } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionOutcome, SeededGuild } from '@reconnect/loopback-discord';
import { startWorld, type World } from './harness.ts';

/**
 * User install: a member who installed Reconnect to their own account uses the member
 * commands in a DM with the bot, a group DM and a server the bot is not in, with the
 * commands registered globally as `npm run deploy-commands` does in production.
 */
let world: World;
let dmId: string;
let groupId: string;
let away: SeededGuild;
let chatId: string;
beforeAll(async () => {
  // The small pack (3 questions) so a member can see the whole pool across places.
  world = await startWorld({ contentDir: join(import.meta.dirname, '../fixtures/content-min'), globalCommands: true });
  const { discord, alex, sam } = world;
  discord.installForUser(alex.id);
  dmId = discord.openDm(alex.id).id;
  groupId = discord.addGroupDm({ userIds: [alex.id, sam.id], name: 'Siblings' }).id;
  away = discord.addGuild({
    name: 'Without the bot',
    channels: [{ name: 'chat' }],
    members: [{ userId: alex.id }, { userId: sam.id }],
    withBot: false,
  });
  chatId = away.channels[0]!.id;
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
  channel_id: string;
};
const shown = (o: InteractionOutcome) => (o.updated ?? o.reply ?? o.followUps[0]) as Message;
const buttonId = (message: Message, label: string) =>
  message.components.flatMap((r) => r.components).find((c) => c.label === label)!.custom_id as string;

/** The three places a member-installed app reaches that a server install does not. */
const places = () =>
  [
    { name: 'a DM with the bot', channelId: dmId, context: 1, owners: { '0': '0', '1': world.alex.id } },
    { name: 'a group DM', channelId: groupId, context: 2, owners: { '1': world.alex.id } },
    {
      name: 'a server without the bot',
      channelId: chatId,
      guildId: away.id,
      context: 0,
      owners: { '1': world.alex.id },
    },
  ] as const;

/** Runs a command as alex in a place. */
const runIn = (
  place: ReturnType<typeof places>[number],
  command: string,
  options: Record<string, string | boolean> = {},
  userId = world.alex.id,
) =>
  world.discord.invoke({
    ...('guildId' in place ? { guildId: place.guildId } : {}),
    channelId: place.channelId,
    userId,
    command,
    options,
  });

/** Nothing went wrong on either side: no refused payloads, no handler failures. */
function expectNoFaults() {
  expect(world.discord.violations).toEqual([]);
  expect(world.logs().filter((l) => (l.level as number) >= 40)).toEqual([]);
}

describe('the commands as registered globally', () => {
  it('offers /article, /reflect, /tips and /about to both installs in servers, DMs and group DMs, and /smallwins to servers only', () => {
    const byName = Object.fromEntries(world.discord.registeredCommands().map((c) => [c.name, c]));
    for (const name of ['article', 'reflect', 'tips', 'about', 'preferences', 'mydata']) {
      expect(byName[name], name).toMatchObject({ integration_types: [0, 1], contexts: [0, 1, 2] });
    }
    expect(byName.smallwins).toMatchObject({ integration_types: [0], contexts: [0] });
    expect(world.discord.registeredCommands(world.guild.id)).toEqual([]);
  });
});

describe.each(['a DM with the bot', 'a group DM', 'a server without the bot'])(
  'in %s, through the member’s own install',
  (placeName) => {
    const place = () => places().find((p) => p.name === placeName)!;

    it('/about answers privately, with the context and installs Discord sends', async () => {
      const outcome = await runIn(place(), 'about');
      expect(outcome.interaction).toMatchObject({
        context: place().context,
        authorizing_integration_owners: place().owners,
      });
      const message = shown(outcome);
      expect(message.embeds[0]?.title).toBe('About Reconnect');
      expect(message.ephemeral).toBe(true);
      expectNoFaults();
    });

    it('/article opens the contents, a section, and pages with its buttons', async () => {
      const contents = shown(await runIn(place(), 'article'));
      expect(contents.embeds[0]?.title).toBe('Reconnecting after hardship');
      const section = shown(await runIn(place(), 'article', { section: '2' }));
      expect(section.embeds[0]?.title).toBe(`2. ${world.content.sections[1]!.title}`);
      const next = await world.discord.clickButton({
        messageId: section.id,
        customId: buttonId(section, 'Next'),
        userId: world.alex.id,
      });
      expect(shown(next).embeds[0]?.title).toBe(`3. ${world.content.sections[2]!.title}`);
      const picked = await world.discord.selectMenu({
        messageId: contents.id,
        customId: 'art:menu',
        values: [world.content.sections[0]!.id],
        userId: world.alex.id,
      });
      expect(shown(picked).embeds[0]?.title).toBe(`1. ${world.content.sections[0]!.title}`);
      const choices = await world.discord.autocomplete({
        ...('guildId' in place() ? { guildId: away.id } : {}),
        channelId: place().channelId,
        userId: world.alex.id,
        command: 'article',
        options: { section: 'trust' },
        focused: 'section',
      });
      expect(choices.choices?.map((c) => c.value)).toEqual([world.content.sections[1]!.id]);
      expectNoFaults();
    });

    it('a section nobody can find gets a private answer naming the sections, and is logged as a refusal', async () => {
      const refused = await runIn(place(), 'article', { section: 'zzzz', share: true });
      expect(shown(refused).ephemeral).toBe(true);
      expect(shown(refused).content).toContain(world.content.sections[0]!.title);
      expect(world.logs().at(-1)).toMatchObject({ msg: 'refused an interaction', kind: 'unknown-section' });
      expectNoFaults();
    });

    it('/tips lists the takeaways and opens one', async () => {
      const overview = shown(await runIn(place(), 'tips'));
      expect(overview.embeds[0]!.fields!.map((f) => f.name)).toEqual(
        world.content.tips.map((t, i) => `${i + 1}. ${t.title}`),
      );
      expect(shown(await runIn(place(), 'tips', { tip: '2' })).embeds[0]?.title).toBe(world.content.tips[1]!.title);
      expectNoFaults();
    });

    it('/reflect share:true shows the question to everyone there, and "Another question" draws in place', async () => {
      const shared = shown(await runIn(place(), 'reflect', { share: true }));
      expect(shared.ephemeral).toBe(false);
      expect(shared.channel_id).toBe(place().channelId);
      expect(world.discord.messages(place().channelId).map((m) => m.id)).toContain(shared.id);
      const again = await world.discord.clickButton({
        messageId: shared.id,
        customId: buttonId(shared, 'Another question'),
        userId: world.alex.id,
      });
      expect(again.updated?.id).toBe(shared.id);
      expectNoFaults();
    });
  },
);

describe('one member, one history, wherever they draw', () => {
  it('never repeats a question across a server with the bot, a DM and a group DM until the pool is seen', async () => {
    const member = world.discord.addUser({ username: 'wanderer' });
    world.discord.addMember(world.guild.id, member.id);
    world.discord.installForUser(member.id);
    const dm = world.discord.openDm(member.id).id;
    const group = world.discord.addGroupDm({ userIds: [member.id, world.sam.id] }).id;
    const draw = async (where: { guildId?: string; channelId: string }) =>
      shown(await world.discord.invoke({ ...where, userId: member.id, command: 'reflect' })).embeds[0]!.description!;
    const seen = [
      await draw({ guildId: world.guild.id, channelId: world.general.id }),
      await draw({ channelId: dm }),
      await draw({ channelId: group }),
    ];
    expect(seen).toHaveLength(world.content.questions.length);
    expect(new Set(seen).size).toBe(world.content.questions.length);
    expectNoFaults();
  });
});

describe('where others click, and where Discord decides', () => {
  it('in a group DM, another member clicking a shared question gets a private copy, and the shared message stays as it was', async () => {
    const shared = shown(
      await world.discord.invoke({
        channelId: groupId,
        userId: world.alex.id,
        command: 'reflect',
        options: { share: true },
      }),
    );
    const clicked = await world.discord.clickButton({
      messageId: shared.id,
      customId: buttonId(shared, 'Another question'),
      userId: world.sam.id,
    });
    expect(clicked.interaction).toMatchObject({
      context: 2,
      authorizing_integration_owners: { '1': world.alex.id },
      user: { id: world.sam.id },
    });
    expect(clicked.updated).toBeUndefined();
    expect(shown(clicked).ephemeral).toBe(true);
    expect(world.discord.message(shared.id)?.embeds).toEqual(shared.embeds);
    expectNoFaults();
  });

  it('GIVEN a server that turned external apps off THEN share:true comes out private, the buttons still work, and nothing breaks', async () => {
    const closed = world.discord.addGuild({
      name: 'No external apps',
      channels: [{ name: 'chat' }],
      members: [{ userId: world.alex.id }],
      withBot: false,
    });
    world.discord.setExternalApps(closed.id, false);
    const channelId = closed.channels[0]!.id;
    const shared = shown(
      await world.discord.invoke({
        guildId: closed.id,
        channelId,
        userId: world.alex.id,
        command: 'reflect',
        options: { share: true },
      }),
    );
    expect(shared.ephemeral).toBe(true);
    expect(world.discord.messages(channelId)).toEqual([]);
    const again = await world.discord.clickButton({
      messageId: shared.id,
      customId: buttonId(shared, 'Another question'),
      userId: world.alex.id,
    });
    expect(again.updated?.id).toBe(shared.id);
    const article = shown(
      await world.discord.invoke({
        guildId: closed.id,
        channelId,
        userId: world.alex.id,
        command: 'article',
        options: { share: true },
      }),
    );
    expect(article.embeds[0]?.title).toBe('Reconnecting after hardship');
    expectNoFaults();
  });

  it('the bot never heard of the server it was used in: no guild in its index', () => {
    expect(world.app.bot.servers.isAvailable(away.id)).toBe(false);
    expect(world.app.bot.servers.isAvailable(world.guild.id)).toBe(true);
  });
});

describe('moderator commands stay in servers with the bot', () => {
  it('/smallwins is not offered in a DM, a group DM or a server without the bot, and still runs in the server', async () => {
    for (const place of places()) {
      expect(() => runIn(place, 'smallwins status'), place.name).toThrow(
        place.context === 0 ? /not offered to user/ : /is not available in/,
      );
    }
    const status = await world.run('smallwins status');
    expect(status.status).toBe('responded');
    expect(shown(status).ephemeral).toBe(true);
    expectNoFaults();
  });
});
