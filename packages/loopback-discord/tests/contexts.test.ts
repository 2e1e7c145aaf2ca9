import { ChannelType, MessageFlags, PermissionFlagsBits as P, Routes } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoopbackDiscord, type SeededGuild } from '../src/index.ts';
import { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS } from '../src/permissions.ts';
import { identify } from './gateway-client.ts';

const TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gctx.loopback-contexts-token';

/** What the scripted bot answers: a callback body per interaction, and follow-ups after it. */
type Script = (interaction: any) => { callback: unknown; followUps?: unknown[] } | undefined;

/**
 * A bot with no discord.js: it hears INTERACTION_CREATE as every session would and
 * answers over REST like any bot, so the rules can be tested quickly.
 */
function scriptedBot(discord: LoopbackDiscord, script: Script) {
  const followUpAnswers: Array<{ status: number; body: any }> = [];
  discord.on('dispatch', (event: string, data: any) => {
    if (event !== 'INTERACTION_CREATE') return;
    const plan = script(data);
    if (!plan) return;
    void (async () => {
      await post(discord, `/interactions/${data.id}/${data.token}/callback`, plan.callback, false);
      for (const body of plan.followUps ?? [])
        followUpAnswers.push(await post(discord, `/webhooks/${data.application_id}/${data.token}`, body, false));
    })();
  });
  return { followUpAnswers };
}

async function post(discord: LoopbackDiscord, path: string, body: unknown, auth = true) {
  const res = await fetch(`${discord.apiUrl}/v10${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: `Bot ${TOKEN}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

const reply = (content: string, flags = 0) => ({ type: 4, data: { content, flags, allowed_mentions: { parse: [] } } });

/** The commands of a user-installable app: some everywhere, one for servers only. */
const COMMANDS = [
  {
    name: 'everywhere',
    description: 'Works in servers, DMs and group DMs',
    integration_types: [0, 1],
    contexts: [0, 1, 2],
  },
  { name: 'server-only', description: 'A moderator command', integration_types: [0], contexts: [0] },
  { name: 'user-only', description: 'Only through a user install', integration_types: [1], contexts: [0, 1, 2] },
  { name: 'default', description: 'Registered without contexts or integration types' },
  { name: 'no-dms', description: 'The deprecated dm_permission false', dm_permission: false },
  {
    name: 'search',
    description: 'Autocompletes',
    integration_types: [0, 1],
    contexts: [0, 1, 2],
    options: [{ type: 3, name: 'q', description: 'Query', autocomplete: true }],
  },
];

describe('interaction contexts and installations', () => {
  let discord: LoopbackDiscord;
  let guild: SeededGuild;
  let alex: string;
  let sam: string;
  let kim: string;
  const general = () => guild.channels[0]!.id;

  beforeEach(async () => {
    discord = await LoopbackDiscord.start({ token: TOKEN });
    alex = discord.addUser({ username: 'alex' }).id;
    sam = discord.addUser({ username: 'sam' }).id;
    kim = discord.addUser({ username: 'kim' }).id;
    guild = discord.addGuild({
      name: 'With the bot',
      channels: [{ name: 'general' }],
      members: [{ userId: alex }, { userId: sam }],
    });
    const put = await fetch(`${discord.apiUrl}/v10${Routes.applicationCommands(discord.application.id)}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bot ${TOKEN}` },
      body: JSON.stringify(COMMANDS),
    });
    expect(put.status).toBe(200);
  });
  afterEach(async () => {
    await discord.close();
  });

  it('registers integration_types and contexts as sent, with Discord’s defaults otherwise', () => {
    const byName = Object.fromEntries(discord.registeredCommands().map((c) => [c.name, c]));
    expect(byName.everywhere).toMatchObject({ integration_types: [0, 1], contexts: [0, 1, 2] });
    expect(byName.default).toMatchObject({ integration_types: [0], contexts: null });
  });

  it('GIVEN a server install THEN a command in the server carries context 0, the guild as owner, member and guild_id, and the bot’s app_permissions', async () => {
    scriptedBot(discord, () => ({ callback: reply('hi') }));
    const outcome = await discord.invoke({ guildId: guild.id, channelId: general(), userId: alex, command: 'default' });
    expect(outcome.interaction).toMatchObject({
      context: 0,
      authorizing_integration_owners: { '0': guild.id },
      guild_id: guild.id,
      member: { user: { id: alex } },
      entitlements: [],
      app_permissions: String(DEFAULT_EVERYONE_PERMISSIONS | DEFAULT_BOT_PERMISSIONS),
    });
    expect(outcome.interaction).not.toHaveProperty('user');
    expect(outcome.reply?.interaction_metadata).toMatchObject({ authorizing_integration_owners: { '0': guild.id } });
  });

  it('GIVEN the member installed the app too THEN a command supporting both installs names both owners', async () => {
    discord.installForUser(alex);
    scriptedBot(discord, () => ({ callback: reply('hi') }));
    const both = await discord.invoke({ channelId: general(), userId: alex, command: 'everywhere' });
    expect(both.interaction.authorizing_integration_owners).toEqual({ '0': guild.id, '1': alex });
    const serverOnly = await discord.invoke({ channelId: general(), userId: alex, command: 'server-only' });
    expect(serverOnly.interaction.authorizing_integration_owners).toEqual({ '0': guild.id });
    const userOnly = await discord.invoke({ channelId: general(), userId: alex, command: 'user-only' });
    expect(userOnly.interaction.authorizing_integration_owners).toEqual({ '1': alex });
    // Sam did not install it: a user-install-only command is not offered to him.
    expect(() => discord.invoke({ channelId: general(), userId: sam, command: 'user-only' })).toThrow(
      /not offered to user .* integration_types \[1\]/,
    );
  });

  it('runs a command in the bot’s DM: context 1, user not member, a DM channel, and the reply is in that DM', async () => {
    discord.installForUser(alex);
    scriptedBot(discord, () => ({
      callback: reply('in your DMs'),
      followUps: [{ content: 'and a follow-up', allowed_mentions: { parse: [] } }],
    }));
    const dm = discord.openDm(alex);
    expect(dm).toMatchObject({ type: ChannelType.DM, recipients: [{ id: alex }] });
    const outcome = await discord.invoke({ channelId: dm.id, userId: alex, command: 'everywhere' });
    expect(outcome.interaction).toMatchObject({
      context: 1,
      authorizing_integration_owners: { '0': '0', '1': alex },
      user: { id: alex },
      channel: { id: dm.id, type: ChannelType.DM },
      channel_id: dm.id,
      entitlements: [],
      app_permissions: String(P.AttachFiles | P.EmbedLinks | P.MentionEveryone | P.UseExternalEmojis),
    });
    for (const key of ['member', 'guild_id', 'guild', 'guild_locale'])
      expect(outcome.interaction).not.toHaveProperty(key);
    expect(outcome.reply).toMatchObject({ content: 'in your DMs', channel_id: dm.id, ephemeral: false });
    await discord.waitFor(() => outcome.followUps.length === 1);
    expect(discord.messages(dm.id).map((m) => m.content)).toEqual(['in your DMs', 'and a follow-up']);
    expect(discord.openDm(alex).id).toBe(dm.id);
  });

  it('offers a server-install command in the bot’s DM without a user install, and refuses what the DM context excludes', async () => {
    scriptedBot(discord, () => ({ callback: reply('ok') }));
    const dm = discord.openDm(sam); // shares a server with the bot
    expect(
      (await discord.invoke({ channelId: dm.id, userId: sam, command: 'default' })).interaction
        .authorizing_integration_owners,
    ).toEqual({ '0': '0' });
    expect(() => discord.invoke({ channelId: dm.id, userId: sam, command: 'server-only' })).toThrow(
      '/server-only is not available in DMs with the bot (contexts [0])',
    );
    expect(() => discord.invoke({ channelId: dm.id, userId: sam, command: 'no-dms' })).toThrow(
      /not available in DMs with the bot/,
    );
    expect(() => discord.invoke({ channelId: dm.id, userId: sam, command: 'user-only' })).toThrow(
      /not offered to user/,
    );
    expect(() => discord.invoke({ channelId: dm.id, userId: alex, command: 'default' })).toThrow(
      `user ${alex} is not in DM ${dm.id}`,
    );
    expect(() => discord.openDm(kim)).toThrow(/shares no server with the bot and has not installed the app/);
  });

  it('runs a user-installed command in a group DM: context 2, only the user install, replies and follow-ups visible there, and at most 5 follow-ups', async () => {
    discord.installForUser(alex);
    const followUps = Array.from({ length: 6 }, (_, i) => ({ content: `follow-up ${i + 1}` }));
    const bot = scriptedBot(discord, () => ({ callback: reply('for the group'), followUps }));
    const group = discord.addGroupDm({ userIds: [alex, sam, kim], name: 'Family' });
    expect(group).toMatchObject({ type: ChannelType.GroupDM, name: 'Family', owner_id: alex });
    const outcome = await discord.invoke({ channelId: group.id, userId: alex, command: 'everywhere' });
    expect(outcome.interaction).toMatchObject({
      context: 2,
      authorizing_integration_owners: { '1': alex },
      user: { id: alex },
      channel: { id: group.id, type: ChannelType.GroupDM },
      app_permissions: String(P.AttachFiles | P.EmbedLinks | P.MentionEveryone),
    });
    expect(outcome.interaction).not.toHaveProperty('member');
    await discord.waitFor(() => bot.followUpAnswers.length === 6);
    expect(bot.followUpAnswers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(bot.followUpAnswers[5]).toEqual({
      status: 400,
      body: { code: 40094, message: 'This interaction has hit the maximum number of follow up messages' },
    });
    expect(discord.messages(group.id).map((m) => m.content)).toEqual([
      'for the group',
      ...followUps.slice(0, 5).map((f) => f.content),
    ]);
    // No install, no command: Sam has not installed the app, and a server install never reaches a group DM.
    expect(() => discord.invoke({ channelId: group.id, userId: sam, command: 'everywhere' })).toThrow(
      /not offered to user/,
    );
    expect(() => discord.invoke({ channelId: group.id, userId: alex, command: 'default' })).toThrow(
      /not offered to user .* integration_types \[0\]/,
    );
  });

  it('lets another member click a button on a group DM reply, authorized by the installer, not the clicker', async () => {
    discord.installForUser(alex);
    scriptedBot(discord, (i) =>
      i.type === 2
        ? {
            callback: {
              type: 4,
              data: {
                content: 'vote',
                components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Yes', custom_id: 'yes' }] }],
              },
            },
          }
        : { callback: { type: 7, data: { content: `voted by ${i.user.id}` } } },
    );
    const group = discord.addGroupDm({ userIds: [alex, sam] });
    const asked = await discord.invoke({ channelId: group.id, userId: alex, command: 'everywhere' });
    const clicked = await discord.clickButton({ messageId: asked.reply!.id, customId: 'yes', userId: sam });
    expect(clicked.interaction).toMatchObject({
      type: 3,
      context: 2,
      authorizing_integration_owners: { '1': alex },
      user: { id: sam },
    });
    expect(clicked.updated?.content).toBe(`voted by ${sam}`);
    expect(() => discord.clickButton({ messageId: asked.reply!.id, customId: 'yes', userId: kim })).toThrow(
      `user ${kim} is not in group DM ${group.id}`,
    );
  });

  it('autocompletes in a DM', async () => {
    discord.installForUser(alex);
    scriptedBot(discord, () => ({ callback: { type: 8, data: { choices: [{ name: 'mum', value: 'mum' }] } } }));
    const outcome = await discord.autocomplete({
      channelId: discord.openDm(alex).id,
      userId: alex,
      command: 'search',
      options: { q: 'm' },
      focused: 'q',
    });
    expect(outcome.interaction).toMatchObject({ type: 4, context: 1 });
    expect(outcome.choices).toEqual([{ name: 'mum', value: 'mum' }]);
  });

  it('offers a guild command in its guild only, as the server’s install even when it lists user installs', async () => {
    const created = await post(discord, Routes.applicationGuildCommands(discord.application.id, guild.id), {
      name: 'local',
      description: 'This server only',
      integration_types: [0, 1],
      contexts: [0, 1, 2],
    });
    expect(created.status).toBe(201);
    scriptedBot(discord, () => ({ callback: reply('ok') }));
    discord.installForUser(alex);
    expect(
      (await discord.invoke({ channelId: general(), userId: alex, command: 'local' })).interaction
        .authorizing_integration_owners,
    ).toEqual({ '0': guild.id });
    expect(() => discord.invoke({ channelId: discord.openDm(alex).id, userId: alex, command: 'local' })).toThrow(
      'invoke: /local is not registered globally',
    );
    const other = discord.addGuild({
      name: 'Other',
      channels: [{ name: 'general' }],
      members: [{ userId: alex }],
      withBot: false,
    });
    expect(() => discord.invoke({ channelId: other.channels[0]!.id, userId: alex, command: 'local' })).toThrow(
      /not registered globally/,
    );
  });

  describe('a server the bot is not in, where the member installed the app', () => {
    let away: SeededGuild;
    beforeEach(() => {
      discord.installForUser(alex);
      away = discord.addGuild({
        name: 'Without the bot',
        channels: [{ name: 'chat' }],
        members: [{ userId: alex }, { userId: sam }],
        withBot: false,
      });
    });
    const chat = () => away.channels[0]!.id;

    it('sends the bot nothing about that server, and refuses its REST there with 403 50001', async () => {
      const session = identify(discord, TOKEN);
      const ready = await session.ready;
      expect(ready.guilds.map((g: { id: string }) => g.id)).toEqual([guild.id]);
      discord.addChannel(away.id, { name: 'later' });
      discord.addRole(away.id, { name: 'later', permissions: 0n });
      // Then something in the bot's own server: once it arrives, anything before it would have too.
      const marker = discord.addChannel(guild.id, { name: 'marker' });
      await discord.waitFor(() => session.of('CHANNEL_CREATE').length > 0);
      session.close();
      expect(session.events.map((e) => e.t)).toEqual(['READY', 'GUILD_CREATE', 'CHANNEL_CREATE']);
      expect(session.of('CHANNEL_CREATE')[0].id).toBe(marker.id);
      for (const [method, path] of [
        ['POST', Routes.channelMessages(chat())],
        ['GET', Routes.channel(chat())],
      ] as const) {
        const res = await fetch(`${discord.apiUrl}/v10${path}`, {
          method,
          headers: { Authorization: `Bot ${TOKEN}`, 'Content-Type': 'application/json' },
          ...(method === 'POST' ? { body: JSON.stringify({ content: 'hello' }) } : {}),
        });
        expect([res.status, await res.json()]).toEqual([403, { message: 'Missing Access', code: 50001 }]);
      }
      expect(discord.guild(away.id)?.botRoleId).toBeUndefined();
    });

    it('runs a user-install command there: context 0 with member and guild_id, the user install only, @everyone’s answer permissions, and a public reply', async () => {
      scriptedBot(discord, () => ({ callback: reply('hello from an app you installed') }));
      const outcome = await discord.invoke({
        guildId: away.id,
        channelId: chat(),
        userId: alex,
        command: 'everywhere',
      });
      expect(outcome.interaction).toMatchObject({
        context: 0,
        authorizing_integration_owners: { '1': alex },
        guild_id: away.id,
        member: { user: { id: alex } },
        app_permissions: String(P.AttachFiles | P.EmbedLinks | P.MentionEveryone | P.UseExternalEmojis),
      });
      expect(outcome.reply).toMatchObject({
        content: 'hello from an app you installed',
        ephemeral: false,
        channel_id: chat(),
      });
      expect(discord.messages(chat()).map((m) => m.content)).toEqual(['hello from an app you installed']);
      expect(() => discord.invoke({ channelId: chat(), userId: alex, command: 'server-only' })).toThrow(
        /not offered to user/,
      );
      expect(() => discord.invoke({ channelId: chat(), userId: sam, command: 'everywhere' })).toThrow(
        /no guild .* with the bot in it, and user .* has not installed the app/,
      );
    });

    it('GIVEN the server turned external apps off THEN every answer is ephemeral whatever the flags, while in a server with the bot it is not', async () => {
      discord.setExternalApps(away.id, false);
      discord.setExternalApps(guild.id, false);
      scriptedBot(discord, (i) =>
        i.data.name === 'everywhere'
          ? { callback: { type: 5 }, followUps: [{ content: 'later' }, { content: 'more' }] }
          : { callback: reply('public') },
      );
      const direct = await discord.invoke({ channelId: chat(), userId: alex, command: 'user-only' });
      expect(direct.reply).toMatchObject({ content: 'public', ephemeral: true });
      expect(direct.reply!.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      const deferred = await discord.invoke({ channelId: chat(), userId: alex, command: 'everywhere' });
      expect(deferred.response?.type).toBe(5);
      await discord.waitFor(() => deferred.reply && deferred.followUps.length === 1);
      expect(deferred.reply).toMatchObject({ content: 'later', ephemeral: true });
      expect(deferred.followUps[0]).toMatchObject({ content: 'more', ephemeral: true });
      expect(discord.messages(chat())).toEqual([]);

      const withBot = await discord.invoke({ channelId: general(), userId: alex, command: 'default' });
      expect(withBot.reply).toMatchObject({ content: 'public', ephemeral: false });
      // Turned on again, replies there are public again.
      discord.setExternalApps(away.id, true);
      const again = await discord.invoke({ channelId: chat(), userId: alex, command: 'user-only' });
      expect(again.reply).toMatchObject({ content: 'public', ephemeral: false });
    });
  });

  it('GIVEN an app that supports server installs only THEN a user cannot install it, and the application says so', async () => {
    const serverOnly = await LoopbackDiscord.start({ token: TOKEN, installationContexts: [0] });
    try {
      const user = serverOnly.addUser({ username: 'pat' }).id;
      expect(() => serverOnly.installForUser(user)).toThrow(/does not support user installs/);
      const app = (await (
        await fetch(`${serverOnly.apiUrl}/v10/applications/@me`, { headers: { Authorization: `Bot ${TOKEN}` } })
      ).json()) as any;
      expect(Object.keys(app.integration_types_config)).toEqual(['0']);
    } finally {
      await serverOnly.close();
    }
    discord.installForUser(alex);
    const app = await (
      await fetch(`${discord.apiUrl}/v10/applications/@me`, { headers: { Authorization: `Bot ${TOKEN}` } })
    ).json();
    expect(app).toMatchObject({
      approximate_user_install_count: 1,
      integration_types_config: { '0': {}, '1': { oauth2_install_params: { scopes: ['applications.commands'] } } },
    });
  });

  it('lets the bot open its DM over REST and write to members, but not to a user it shares nothing with (50007)', async () => {
    const session = identify(discord, TOKEN);
    await session.ready;
    const dm = await post(discord, '/users/@me/channels', { recipient_id: sam });
    expect(dm).toMatchObject({ status: 200, body: { type: ChannelType.DM, recipients: [{ id: sam }] } });
    expect((await post(discord, Routes.channelMessages(dm.body.id), { content: 'hello sam' })).status).toBe(200);
    await discord.waitFor(() => session.of('MESSAGE_CREATE').length === 1);
    expect(session.of('MESSAGE_CREATE')[0]).toMatchObject({ channel_id: dm.body.id, content: 'hello sam' });
    expect(session.of('MESSAGE_CREATE')[0]).not.toHaveProperty('guild_id');
    expect(discord.messages(dm.body.id).map((m) => m.content)).toEqual(['hello sam']);
    const stranger = await post(discord, '/users/@me/channels', { recipient_id: kim });
    expect(await post(discord, Routes.channelMessages(stranger.body.id), { content: 'hi?' })).toEqual({
      status: 403,
      body: { code: 50007, message: 'Cannot send messages to this user' },
    });
    const group = discord.addGroupDm({ userIds: [alex, sam] });
    expect((await post(discord, Routes.channelMessages(group.id), { content: 'hi all' })).body).toEqual({
      message: 'Missing Access',
      code: 50001,
    });
    session.close();
  });
});
