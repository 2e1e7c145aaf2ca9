import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoopbackDiscord } from '../src/index.ts';
import { WHERE_COMMANDS, WHERE_TOKEN as TOKEN, startWhereBot } from './where-bot.ts';

describe('discord.js answering in DMs, group DMs and servers without the bot', () => {
  let discord: LoopbackDiscord;
  let client: Client;
  let alex: string;
  let sam: string;

  beforeAll(async () => {
    discord = await LoopbackDiscord.start({ token: TOKEN });
    alex = discord.addUser({ username: 'alex' }).id;
    sam = discord.addUser({ username: 'sam' }).id;
    discord.addGuild({ name: 'Home', channels: [{ name: 'general' }], members: [{ userId: alex }, { userId: sam }] });
    discord.installForUser(alex);
    await new REST({ api: discord.apiUrl })
      .setToken(TOKEN)
      .put(Routes.applicationCommands(discord.application.id), { body: WHERE_COMMANDS });
    client = (await startWhereBot(discord.apiUrl, 'bot')).client;
  });
  afterAll(async () => {
    await client?.destroy();
    await discord?.close();
  });

  it('answers a command in the bot’s DM, reply and follow-up in that DM', async () => {
    const dm = discord.openDm(alex);
    const outcome = await discord.invoke({ channelId: dm.id, userId: alex, command: 'where' });
    expect(outcome.status).toBe('responded');
    expect(outcome.reply?.content).toBe(`bot:0 context=1 guild=0 user=${alex} inGuild=false`);
    await discord.waitFor(() => outcome.followUps.length === 1);
    expect(discord.messages(dm.id).map((m) => m.content)).toEqual([outcome.reply!.content, 'follow-up for alex']);
    expect(discord.violations).toEqual([]);
  });

  it('answers a user-installed command in a group DM, visible to the group', async () => {
    const group = discord.addGroupDm({ userIds: [alex, sam], name: 'Siblings' });
    const outcome = await discord.invoke({ channelId: group.id, userId: alex, command: 'where' });
    expect(outcome.reply?.content).toBe(`bot:0 context=2 guild=null user=${alex} inGuild=false`);
    await discord.waitFor(() => outcome.followUps.length === 1);
    expect(discord.messages(group.id).map((m) => m.content)).toEqual([outcome.reply!.content, 'follow-up for alex']);
    expect(outcome.reply?.ephemeral).toBe(false);
  });

  it('answers in a server without the bot; with external apps off there, the same answers come out ephemeral and nothing breaks', async () => {
    const away = discord.addGuild({
      name: 'Away',
      channels: [{ name: 'chat' }],
      members: [{ userId: alex }],
      withBot: false,
    });
    const chat = away.channels[0]!.id;
    expect(client.guilds.cache.has(away.id)).toBe(false);
    const open = await discord.invoke({ channelId: chat, userId: alex, command: 'where' });
    expect(open.reply?.content).toBe(`bot:0 context=0 guild=null user=${alex} inGuild=true`);
    expect(open.reply?.ephemeral).toBe(false);

    discord.setExternalApps(away.id, false);
    const closed = await discord.invoke({ channelId: chat, userId: alex, command: 'where' });
    expect(closed.status).toBe('responded');
    expect(closed.reply?.ephemeral).toBe(true);
    await discord.waitFor(() => closed.followUps.length === 1);
    expect(closed.followUps[0]!.ephemeral).toBe(true);
    expect(discord.messages(chat).map((m) => m.id)).toEqual([open.reply!.id, open.followUps[0]!.id]);
    expect(discord.violations).toEqual([]);
  });
});
