import { once } from 'node:events';
import zlib from 'node:zlib';
import { REST } from '@discordjs/rest';
import {
  ApplicationCommandOptionType,
  ChannelType,
  GatewayOpcodes,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  Routes,
  type APIApplicationCommand,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { Client, DiscordAPIError, Events, GatewayIntentBits, type TextChannel } from 'discord.js';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBareBot } from '../../../bench/bare-bot.ts';
import { LoopbackDiscord, type SeededGuild } from '../src/index.ts';

const TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gloop.loopback-self-test-token';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A bot-token request straight to the loopback, bypassing @discordjs/rest's pacing. */
function raw(discord: LoopbackDiscord, method: string, path: string, body?: unknown, token = TOKEN) {
  return fetch(`${discord.apiUrl}/v10${path}`, {
    method,
    headers: { Authorization: `Bot ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/** What the scripted bot saw go wrong, for assertions. */
type Refusal = { command: string; status: number; code: unknown };

/**
 * A discord.js client with one behaviour per command, so each test can drive a
 * specific kind of answer (ephemeral, components, autocomplete, double answers, lateness).
 */
async function startScriptedBot(apiUrl: string, refusals: Refusal[]) {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl } });
  const counterRow = (n: number) => [
    { type: 1, components: [{ type: 2, style: 1, label: `+1 (${n})`, custom_id: `inc:${n}` }] },
    {
      type: 1,
      components: [
        {
          type: 3,
          custom_id: 'pick',
          options: [
            { label: 'Apple', value: 'apple' },
            { label: 'Pear', value: 'pear' },
          ],
        },
      ],
    },
  ];
  const note = (command: string, error: unknown) => {
    if (error instanceof DiscordAPIError) refusals.push({ command, status: error.status, code: error.code });
    else throw error;
  };
  client.on(Events.InteractionCreate, async (interaction) => {
    if (interaction.isAutocomplete()) {
      const typed = interaction.options.getFocused().toLowerCase();
      const fruit = ['apple', 'apricot', 'banana', 'cherry'].filter((f) => f.startsWith(typed));
      await interaction.respond(fruit.map((f) => ({ name: f, value: f })));
      return;
    }
    if (interaction.isButton()) {
      const n = Number(interaction.customId.split(':')[1]) + 1;
      await interaction.update({ content: `count ${n}`, components: counterRow(n) });
      return;
    }
    if (interaction.isStringSelectMenu()) {
      await interaction.update({ content: `picked ${interaction.values.join(',')}` });
      return;
    }
    if (!interaction.isChatInputCommand()) return;
    const name = interaction.commandName;
    try {
      if (name === 'secret')
        await interaction.reply({ content: 'only you', flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      if (name === 'counter')
        await interaction.reply({ content: 'count 0', components: counterRow(0), allowedMentions: { parse: [] } });
      if (name === 'defer') {
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await sleep(30);
        await interaction.editReply({ content: `done ${interaction.options.getInteger('n')}` });
      }
      if (name === 'twice') {
        await interaction.reply({ content: 'one', allowedMentions: { parse: [] } });
        await interaction.client.rest
          .post(Routes.interactionCallback(interaction.id, interaction.token), {
            body: { type: 4, data: { content: 'two' } },
            auth: false,
          })
          .catch((e: unknown) => note(name, e));
      }
      if (name === 'long-embed') {
        // Raw, so discord.js's own builders cannot stop it before the loopback sees it.
        await interaction.client.rest
          .post(Routes.interactionCallback(interaction.id, interaction.token), {
            body: { type: 4, data: { embeds: [{ title: 'ok', description: 'x'.repeat(4097) }] } },
            auth: false,
          })
          .catch((e: unknown) => note(name, e));
      }
      if (name === 'slow') {
        await sleep(400);
        await interaction.reply({ content: 'too late' }).catch((e: unknown) => note(name, e));
      }
    } catch (error) {
      note(name, error);
    }
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(TOKEN);
  await ready;
  return client;
}

const scriptedCommands: RESTPutAPIApplicationCommandsJSONBody = [
  { name: 'secret', description: 'Answers privately' },
  { name: 'counter', description: 'A message with a button and a menu' },
  {
    name: 'defer',
    description: 'Defers, then edits',
    options: [{ type: ApplicationCommandOptionType.Integer, name: 'n', description: 'A number', required: true }],
  },
  { name: 'twice', description: 'Answers twice' },
  { name: 'long-embed', description: 'Answers with an embed that is too long' },
  { name: 'slow', description: 'Answers after the deadline' },
  {
    name: 'fruit',
    description: 'Autocompletes fruit',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'name', description: 'Fruit name', autocomplete: true },
    ],
  },
];

describe('loopback Discord with the bare bot', () => {
  let discord: LoopbackDiscord;
  let guild: SeededGuild;
  let bot: Awaited<ReturnType<typeof startBareBot>>;
  let alexId: string;
  const channelId = (name: string) => guild.channels.find((c) => c.name === name)!.id;

  beforeAll(async () => {
    // Room for the many posts to #general; the rate-limit tests set their own limits.
    discord = await LoopbackDiscord.start({
      token: TOKEN,
      rateLimits: { channelMessages: { limit: 50, windowMs: 1000 } },
    });
    alexId = discord.addUser({ username: 'alex' }).id;
    guild = discord.addGuild({
      name: 'Loopback',
      channels: [
        { name: 'general' },
        { name: 'busy' },
        {
          name: 'read-only',
          permission_overwrites: [{ id: '0', type: 0, allow: '0', deny: String(PermissionFlagsBits.SendMessages) }],
        },
        { name: 'hidden' },
        { name: 'pins' },
      ],
      members: [{ userId: alexId }],
    });
    // Pin Messages for the bot in #pins only.
    discord.updateChannel(channelId('pins'), {
      permission_overwrites: [
        { id: guild.botRoleId!, type: 0, allow: String(PermissionFlagsBits.PinMessages), deny: '0' },
      ],
    });
    // Overwrites name the @everyone role by the guild id, known only now.
    discord.updateChannel(channelId('read-only'), {
      permission_overwrites: [{ id: guild.id, type: 0, allow: '0', deny: String(PermissionFlagsBits.SendMessages) }],
    });
    discord.updateChannel(channelId('hidden'), {
      permission_overwrites: [{ id: guild.id, type: 0, allow: '0', deny: String(PermissionFlagsBits.ViewChannel) }],
    });
    await new REST({ api: discord.apiUrl })
      .setToken(TOKEN)
      .put(Routes.applicationGuildCommands(discord.application.id, guild.id), {
        body: [{ name: 'ping', description: 'Pong' }],
      });
    bot = await startBareBot({ apiUrl: discord.apiUrl, token: TOKEN });
  });
  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
  });

  it('lets the client log in and become ready with the seeded guild, channels, roles and its own member cached', () => {
    const cached = bot.client.guilds.cache.get(guild.id)!;
    expect(cached.name).toBe('Loopback');
    expect(bot.client.user.id).toBe(discord.application.id);
    expect(bot.client.user.bot).toBe(true);
    expect([...cached.channels.cache.keys()].sort()).toEqual(guild.channels.map((c) => c.id).sort());
    expect(cached.roles.everyone.id).toBe(guild.id);
    expect(cached.members.me?.roles.cache.has(guild.botRoleId!)).toBe(true);
    const general = cached.channels.cache.get(channelId('general')) as TextChannel;
    expect(general.permissionsFor(bot.client.user)!.has(PermissionFlagsBits.SendMessages)).toBe(true);
    const readOnly = cached.channels.cache.get(channelId('read-only')) as TextChannel;
    expect(readOnly.permissionsFor(bot.client.user)!.has(PermissionFlagsBits.SendMessages)).toBe(false);
    expect(BigInt(discord.application.id)).toBeGreaterThan(10n ** 17n);
  });

  it('round-trips a bulk PUT of commands, keeping ids for commands that stay', async () => {
    const rest = new REST({ api: discord.apiUrl }).setToken(TOKEN);
    const route = Routes.applicationCommands(discord.application.id);
    const body: RESTPutAPIApplicationCommandsJSONBody = [
      {
        name: 'alpha',
        description: 'First',
        default_member_permissions: String(PermissionFlagsBits.ManageGuild),
        contexts: [0],
      },
      {
        name: 'beta',
        description: 'Second',
        options: [{ type: ApplicationCommandOptionType.Boolean, name: 'loud', description: 'Loudly' }],
      },
    ];
    const saved = (await rest.put(route, { body })) as APIApplicationCommand[];
    expect(saved.map((c) => c.name)).toEqual(['alpha', 'beta']);
    for (const c of saved) {
      expect(c).toMatchObject({ application_id: discord.application.id, type: 1, nsfw: false, integration_types: [0] });
      expect(c.id).toMatch(/^\d{18,19}$/);
      expect(c.version).toMatch(/^\d+$/);
    }
    expect(saved[0]!.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(saved[1]!.default_member_permissions).toBeNull();
    expect(saved[0]!.contexts).toEqual([0]);
    expect(await rest.get(route)).toEqual(saved);
    expect(discord.registeredCommands()).toEqual(saved);

    const again = (await rest.put(route, { body: [body[1]!] })) as APIApplicationCommand[];
    expect(again.map((c) => c.id)).toEqual([saved[1]!.id]);
    expect(discord.registeredCommands().map((c) => c.name)).toEqual(['beta']);
  });

  it('delivers an invoked command and returns the "pong" reply with its interaction metadata', async () => {
    const outcome = await discord.invoke({
      guildId: guild.id,
      channelId: channelId('general'),
      userId: alexId,
      command: 'ping',
    });
    expect(outcome.status).toBe('responded');
    expect(outcome.response?.type).toBe(4);
    expect(outcome.reply?.content).toBe('pong');
    expect(outcome.reply?.ephemeral).toBe(false);
    expect(outcome.reply?.allowedMentions).toEqual({ parse: [] });
    expect(outcome.reply?.interaction_metadata).toMatchObject({
      id: outcome.interaction.id,
      type: 2,
      user: { id: alexId },
      name: 'ping',
    });
    expect(outcome.interaction).toMatchObject({
      type: 2,
      version: 1,
      guild_id: guild.id,
      channel_id: channelId('general'),
      data: { name: 'ping', type: 1 },
    });
    expect(discord.messages(channelId('general')).map((m) => m.id)).toContain(outcome.reply!.id);
    expect(() =>
      discord.invoke({ guildId: guild.id, channelId: channelId('general'), userId: alexId, command: 'nope' }),
    ).toThrow(/not registered/);
  });

  it('refuses a message in a channel without Send Messages (50013) or without View Channel (50001)', async () => {
    const readOnly = bot.client.channels.cache.get(channelId('read-only')) as TextChannel;
    await expect(readOnly.send('hello')).rejects.toMatchObject({ status: 403, code: 50013 });
    const res = await raw(discord, 'POST', `/channels/${channelId('hidden')}/messages`, { content: 'hello' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ message: 'Missing Access', code: 50001 });
    expect(discord.messages(channelId('read-only'))).toHaveLength(0);
  });

  it('rejects a too-long content and a too-long custom id with 50035, recording each as a violation', async () => {
    const before = discord.violations.length;
    const content = await raw(discord, 'POST', `/channels/${channelId('general')}/messages`, {
      content: 'x'.repeat(2001),
    });
    expect(content.status).toBe(400);
    expect(await content.json()).toEqual({
      message: 'Invalid Form Body',
      code: 50035,
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } },
    });
    const customId = await raw(discord, 'POST', `/channels/${channelId('general')}/messages`, {
      components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Go', custom_id: 'c'.repeat(101) }] }],
    });
    expect(customId.status).toBe(400);
    expect(
      ((await customId.json()) as { errors: any }).errors.components[0].components[0].custom_id._errors[0].code,
    ).toBe('BASE_TYPE_BAD_LENGTH');
    expect(discord.violations.slice(before).map((v) => v.route)).toEqual([
      'POST /channels/:channel_id/messages',
      'POST /channels/:channel_id/messages',
    ]);
    expect(discord.violations[before]!.reason).toMatch(/^content: /);
    discord.violations.length = before;
  });

  it('deduplicates a message sent twice with the same nonce and enforce_nonce', async () => {
    const general = bot.client.channels.cache.get(channelId('general')) as TextChannel;
    const count = discord.messages(general.id).length;
    const first = await general.send({ content: 'once', nonce: 'daily-2026-11-25', enforceNonce: true });
    const second = await general.send({ content: 'once', nonce: 'daily-2026-11-25', enforceNonce: true });
    expect(second.id).toBe(first.id);
    expect(discord.messages(general.id)).toHaveLength(count + 1);
  });

  it('computes mentions from content and allowed_mentions as Discord does', async () => {
    const general = bot.client.channels.cache.get(channelId('general')) as TextChannel;
    await general.send({ content: `hi <@${alexId}>`, allowedMentions: { parse: [] } });
    await general.send({ content: `hi <@${alexId}> @everyone` });
    const [quiet, loud] = discord.messages(general.id).slice(-2);
    expect(quiet!.mentions).toEqual([]);
    expect(quiet!.allowedMentions).toEqual({ parse: [] });
    expect(loud!.mentions.map((u) => u.id)).toEqual([alexId]);
    expect(loud!.mention_everyone).toBe(true);
  });

  it('starts a thread from a message and dispatches THREAD_CREATE', async () => {
    const general = bot.client.channels.cache.get(channelId('general')) as TextChannel;
    const message = await general.send('thread me');
    const thread = await message.startThread({ name: 'Small wins · today' });
    expect(thread.id).toBe(message.id);
    expect(thread.type).toBe(ChannelType.PublicThread);
    await discord.waitFor(() => bot.client.channels.cache.has(thread.id));
    expect(discord.messages(general.id).find((m) => m.id === message.id)!.thread?.name).toBe('Small wins · today');
    const tooLong = await raw(
      discord,
      'POST',
      `/channels/${general.id}/messages/${(await general.send('x')).id}/threads`,
      { name: 'n'.repeat(101) },
    );
    expect(tooLong.status).toBe(400);
    discord.violations.length = 0;
  });

  it('pins and unpins with Pin Messages, lists pins newest first with a notice per pin, refuses a 51st pin and refuses without the permission', async () => {
    const pins = bot.client.channels.cache.get(channelId('pins')) as TextChannel;
    const first = await pins.send('first');
    const second = await pins.send('second');
    await first.pin();
    await second.pin();
    await first.pin(); // already pinned: no change
    expect(discord.pins(pins.id).map((m) => m.id)).toEqual([second.id, first.id]);
    const fetched = await pins.messages.fetchPins();
    expect(fetched.items.map((item) => item.message.id)).toEqual([second.id, first.id]);
    expect(fetched.items[0]!.message.pinned).toBe(true);
    expect(fetched.hasMore).toBe(false);
    const notices = discord.messages(pins.id).filter((m) => m.type === MessageType.ChannelPinnedMessage);
    expect(notices.map((m) => m.message_reference?.message_id)).toEqual([first.id, second.id]);
    await expect(pins.messages.pin(notices[0]!.id)).rejects.toMatchObject({ status: 400, code: 50021 });

    await first.unpin();
    expect(discord.pins(pins.id).map((m) => m.id)).toEqual([second.id]);
    expect(discord.message(first.id)!.pinned).toBe(false);

    for (let i = 0; i < 49; i++) await (await pins.send(`pin ${i}`)).pin();
    expect(discord.pins(pins.id)).toHaveLength(50);
    const oneTooMany = await pins.send('one too many');
    await expect(oneTooMany.pin()).rejects.toMatchObject({ status: 400, code: 30003 });
    const page = await pins.messages.fetchPins({ limit: 10 });
    expect(page.items).toHaveLength(10);
    expect(page.hasMore).toBe(true);
    // A deleted message leaves the pins, which makes room again.
    await second.delete();
    await oneTooMany.pin();
    expect(discord.pins(pins.id)[0]!.id).toBe(oneTooMany.id);

    const general = bot.client.channels.cache.get(channelId('general')) as TextChannel;
    const unpinnable = await general.send('no pins here');
    await expect(unpinnable.pin()).rejects.toMatchObject({ status: 403, code: 50013 });
    expect(discord.pins(general.id)).toEqual([]);
  });

  it('paces 12 messages to one channel through discord.js with no 429, while raw requests past the limit get one', async () => {
    discord.setRateLimits({ channelMessages: { limit: 5, windowMs: 1000 } });
    const busy = bot.client.channels.cache.get(channelId('busy')) as TextChannel;
    const before = discord.stats.rateLimited;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => busy.send({ content: `m${i}`, allowedMentions: { parse: [] } })),
    );
    expect(discord.stats.rateLimited - before).toBe(0);
    expect(discord.messages(busy.id).map((m) => m.content)).toHaveLength(12);

    const answers = [];
    for (let i = 0; i < 6; i++)
      answers.push(await raw(discord, 'POST', `/channels/${busy.id}/messages`, { content: `raw ${i}` }));
    const limited = answers.find((r) => r.status === 429)!;
    expect(limited).toBeDefined();
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    const body = (await limited.json()) as { message: string; retry_after: number; global: boolean };
    expect(body).toMatchObject({ message: 'You are being rate limited.', global: false });
    expect(body.retry_after).toBeGreaterThan(0);
    const ok = answers.find((r) => r.status === 200)!;
    expect(ok.headers.get('x-ratelimit-limit')).toBe('5');
    expect(ok.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/);
    expect(Number(ok.headers.get('x-ratelimit-reset-after'))).toBeLessThanOrEqual(1);
    expect(discord.stats.rateLimited - before).toBe(answers.filter((r) => r.status === 429).length);
  });

  it('keeps @discordjs/rest at its default 50 requests/s under the global limit, and exempts interaction callbacks from it', async () => {
    discord.setRateLimits({ globalPerSecond: 50, channelMessages: { limit: 5, windowMs: 5000 } });
    const rest = new REST({ api: discord.apiUrl }).setToken(TOKEN);
    const routes = [
      Routes.user('@me'),
      Routes.gatewayBot(),
      Routes.currentApplication(),
      Routes.guild(guild.id),
      Routes.channel(channelId('general')),
    ] as const;
    const before = discord.stats.rateLimited;
    await Promise.all(Array.from({ length: 110 }, (_, i) => rest.get(routes[i % routes.length]!)));
    expect(discord.stats.rateLimited - before).toBe(0);

    discord.setRateLimits({});
    const burst = await Promise.all(
      Array.from({ length: 60 }, (_, i) => raw(discord, 'GET', routes[i % routes.length]!)),
    );
    const global = burst.filter((r) => r.status === 429);
    expect(global.length).toBeGreaterThan(0);
    expect(global[0]!.headers.get('x-ratelimit-global')).toBe('true');
    expect(global[0]!.headers.get('x-ratelimit-scope')).toBe('global');
    expect(await global[0]!.json()).toMatchObject({ global: true });
    const outcome = await discord.invoke({
      guildId: guild.id,
      channelId: channelId('general'),
      userId: alexId,
      command: 'ping',
    });
    expect(outcome.status).toBe('responded');
    discord.setRateLimits({});
  });

  it('answers a wrong token with 401 on REST and closes the gateway with 4004', async () => {
    const res = await raw(discord, 'GET', '/users/@me', undefined, 'not-the-token');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: '401: Unauthorized', code: 0 });
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
    await expect(client.login('not-the-token')).rejects.toThrow(/invalid/i);
    await client.destroy();

    const ws = new WebSocket(
      `${discord.apiUrl.replace('http', 'ws').replace(/\/api$/, '')}/gateway?v=10&encoding=json`,
    );
    await once(ws, 'message');
    ws.send(JSON.stringify({ op: GatewayOpcodes.Identify, d: { token: 'nope', intents: 1, properties: {} } }));
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(4004);
  });

  it('speaks zlib-stream: one deflate context, each payload ending in a sync flush', async () => {
    const ws = new WebSocket(
      `${discord.apiUrl.replace('http', 'ws').replace(/\/api$/, '')}/gateway?v=10&encoding=json&compress=zlib-stream`,
    );
    const payloads: Array<{ op: number; t: string | null }> = [];
    let received = Buffer.alloc(0);
    let decoded = 0;
    ws.on('message', (data: Buffer) => {
      expect(data.subarray(-4)).toEqual(Buffer.from([0, 0, 0xff, 0xff]));
      // The whole stream so far inflates; the new text is this payload.
      received = Buffer.concat([received, data]);
      const text = zlib.inflateSync(received, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      payloads.push(JSON.parse(text.subarray(decoded).toString()) as { op: number; t: string | null });
      decoded = text.length;
      if (payloads.length === 1)
        ws.send(JSON.stringify({ op: GatewayOpcodes.Identify, d: { token: TOKEN, intents: 1, properties: {} } }));
    });
    await discord.waitFor(() => payloads.length >= 3, 3000);
    ws.close(1000);
    expect(payloads.map((p) => p.t ?? p.op)).toEqual([GatewayOpcodes.Hello, 'READY', 'GUILD_CREATE']);
  });

  it('resumes a dropped session and replays what it missed', async () => {
    const resumed = new Promise<void>((resolve) => bot.client.once(Events.ShardResume, () => resolve()));
    discord.dropGatewayConnections();
    const late = discord.addChannel(guild.id, { name: 'while-away' });
    await resumed;
    await discord.waitFor(() => bot.client.channels.cache.has(late.id));
  });

  it('filters dispatches by intents (INTERACTION_CREATE always) and compresses per payload after IDENTIFY compress', async () => {
    const ws = new WebSocket(
      `${discord.apiUrl.replace('http', 'ws').replace(/\/api$/, '')}/gateway?v=10&encoding=json`,
    );
    const events: string[] = [];
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const payload = JSON.parse(isBinary ? zlib.inflateSync(data).toString() : data.toString()) as {
        op: number;
        t: string | null;
      };
      if (payload.op === GatewayOpcodes.Hello)
        ws.send(
          JSON.stringify({
            op: GatewayOpcodes.Identify,
            d: { token: TOKEN, intents: 0, compress: true, properties: {} },
          }),
        );
      if (payload.t) events.push(`${isBinary ? 'zlib' : 'text'}:${payload.t}`);
    });
    await discord.waitFor(() => events.includes('zlib:READY'));
    const channel = discord.addChannel(guild.id, { name: 'unseen-by-intents-0' });
    await discord.invoke({ guildId: guild.id, channelId: channelId('general'), userId: alexId, command: 'ping' });
    await discord.waitFor(() => bot.client.channels.cache.has(channel.id));
    ws.close(1000);
    expect(events).toEqual(['zlib:READY', 'zlib:INTERACTION_CREATE']);
  });

  it('dispatches CHANNEL_DELETE on deleteChannel; the client drops it and REST answers 10003', async () => {
    const doomed = discord.addChannel(guild.id, { name: 'doomed' });
    await discord.waitFor(() => bot.client.channels.cache.has(doomed.id));
    discord.deleteChannel(doomed.id);
    await discord.waitFor(() => !bot.client.channels.cache.has(doomed.id));
    const res = await raw(discord, 'POST', `/channels/${doomed.id}/messages`, { content: 'hello?' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Unknown Channel', code: 10003 });
    expect(discord.violations).toEqual([]);
  });

  it('dispatches GUILD_DELETE when the bot is removed; the guild is then unknown to it', async () => {
    discord.removeBotFromGuild(guild.id);
    await discord.waitFor(() => !bot.client.guilds.cache.has(guild.id));
    expect((await raw(discord, 'GET', `/guilds/${guild.id}`)).status).toBe(404);
    expect(() =>
      discord.invoke({ guildId: guild.id, channelId: channelId('general'), userId: alexId, command: 'ping' }),
    ).toThrow(/no guild/);
  });
});

describe('loopback Discord with a scripted bot', () => {
  let discord: LoopbackDiscord;
  let guild: SeededGuild;
  let client: Client;
  let alexId: string;
  let samId: string;
  const refusals: Refusal[] = [];
  const run = (command: string, options?: Record<string, string | number | boolean>, userId = alexId) =>
    discord.invoke({
      guildId: guild.id,
      channelId: guild.channels[0]!.id,
      userId,
      command,
      ...(options ? { options } : {}),
    });

  beforeAll(async () => {
    discord = await LoopbackDiscord.start({ token: TOKEN });
    alexId = discord.addUser({ username: 'alex' }).id;
    samId = discord.addUser({ username: 'sam' }).id;
    guild = discord.addGuild({
      name: 'Scripted',
      channels: [{ name: 'general' }],
      members: [{ userId: alexId }, { userId: samId }],
    });
    await new REST({ api: discord.apiUrl })
      .setToken(TOKEN)
      .put(Routes.applicationGuildCommands(discord.application.id, guild.id), { body: scriptedCommands });
    client = await startScriptedBot(discord.apiUrl, refusals);
  });
  afterAll(async () => {
    await client?.destroy();
    await discord?.close();
  });

  it('flags an ephemeral reply and keeps it out of the channel listing', async () => {
    const outcome = await run('secret');
    expect(outcome.reply?.ephemeral).toBe(true);
    expect(outcome.reply!.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(discord.messages(guild.channels[0]!.id).map((m) => m.id)).not.toContain(outcome.reply!.id);
  });

  it('clicks a button and picks in a menu, updating the same message in place (type 7)', async () => {
    const first = (await run('counter')).reply!;
    expect(first.components).toHaveLength(2);
    const clicked = await discord.clickButton({ messageId: first.id, customId: 'inc:0', userId: samId });
    expect(clicked.interaction).toMatchObject({
      type: 3,
      data: { custom_id: 'inc:0', component_type: 2 },
      message: { id: first.id },
    });
    expect(clicked.response?.type).toBe(7);
    expect(clicked.updated?.id).toBe(first.id);
    expect(clicked.updated?.content).toBe('count 1');
    expect(clicked.updated?.edited_timestamp).not.toBeNull();
    expect(first.content).toBe('count 0'); // earlier snapshots stay what they were
    const picked = await discord.selectMenu({
      messageId: first.id,
      customId: 'pick',
      values: ['pear'],
      userId: alexId,
    });
    expect(picked.updated?.content).toBe('picked pear');
    expect(discord.message(first.id)?.history).toHaveLength(3);
    const forged = await discord.clickButton({ messageId: first.id, customId: 'inc:41', userId: alexId });
    expect(forged.interaction).toMatchObject({ data: { custom_id: 'inc:41', component_type: 2 } });
    expect(forged.updated?.content).toBe('count 42');
  });

  it('returns autocomplete choices with the focused option marked', async () => {
    const outcome = await discord.autocomplete({
      guildId: guild.id,
      channelId: guild.channels[0]!.id,
      userId: alexId,
      command: 'fruit',
      options: { name: 'AP' },
      focused: 'name',
    });
    expect(outcome.response?.type).toBe(8);
    expect(outcome.choices).toEqual([
      { name: 'apple', value: 'apple' },
      { name: 'apricot', value: 'apricot' },
    ]);
    expect(outcome.interaction).toMatchObject({
      type: 4,
      data: { options: [{ name: 'name', type: 3, value: 'AP', focused: true }] },
    });
  });

  it('shows a deferred reply once it is edited, with options coerced by their registered types', async () => {
    const outcome = await run('defer', { n: '7' });
    expect(outcome.response?.type).toBe(5);
    expect(outcome.interaction).toMatchObject({ data: { options: [{ name: 'n', type: 4, value: 7 }] } });
    const reply = await discord.waitFor(() => outcome.reply);
    expect(reply.content).toBe('done 7');
    expect(reply.ephemeral).toBe(true);
  });

  it('refuses a second callback on the same interaction with 40060', async () => {
    const outcome = await run('twice');
    expect(outcome.reply?.content).toBe('one');
    const refusal = await discord.waitFor(() => refusals.find((r) => r.command === 'twice'));
    expect(refusal).toEqual({ command: 'twice', status: 400, code: 40060 });
  });

  it('rejects an embed description over 4096 characters with 50035 and records the violation', async () => {
    const outcome = await run('long-embed');
    expect(outcome.status).toBe('timeout');
    expect(outcome.error?.status).toBe(400);
    expect(outcome.error?.body).toMatchObject({
      code: 50035,
      errors: { data: { embeds: { 0: { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } },
    });
    expect(discord.violations).toHaveLength(1);
    expect(discord.violations[0]).toMatchObject({
      route: 'POST /interactions/:interaction_id/:interaction_token/callback',
    });
    expect(discord.violations[0]!.reason).toContain('data.embeds.0.description: Must be 4096 or fewer in length.');
    await discord.waitFor(() => refusals.find((r) => r.command === 'long-embed'));
  });
});

describe('loopback Discord interaction deadline', () => {
  it('answers a callback after the deadline with 10062 Unknown interaction', async () => {
    const discord = await LoopbackDiscord.start({ token: TOKEN, interactionDeadlineMs: 200 });
    const refusals: Refusal[] = [];
    let client: Client | undefined;
    try {
      const alex = discord.addUser({ username: 'alex' });
      const guild = discord.addGuild({ name: 'Slow', channels: [{ name: 'general' }], members: [{ userId: alex.id }] });
      await new REST({ api: discord.apiUrl })
        .setToken(TOKEN)
        .put(Routes.applicationGuildCommands(discord.application.id, guild.id), { body: scriptedCommands });
      client = await startScriptedBot(discord.apiUrl, refusals);
      const started = Date.now();
      const outcome = await discord.invoke({
        guildId: guild.id,
        channelId: guild.channels[0]!.id,
        userId: alex.id,
        command: 'slow',
      });
      expect(outcome.status).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(390);
      expect(await discord.waitFor(() => refusals[0])).toEqual({ command: 'slow', status: 404, code: 10062 });
      expect(outcome.error).toEqual({ status: 404, body: { message: 'Unknown interaction', code: 10062 } });
    } finally {
      await client?.destroy();
      await discord.close();
    }
  });
});
