import { ChannelType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { ServerIndex } from '../../src/discord/server-index.ts';

// The bot's permissions as its server index computes them from the gateway's dispatches,
// by Discord's documented rules: the owner and Administrator have everything; else the
// roles, then @everyone's overwrite, the bot's roles' overwrites together, its own last.
const BOT = '100';
const GUILD = '200';
const [HELPER, OTHER, CHANNEL, THREAD] = ['301', '302', '400', '401'];
const EVERYONE_BITS = P.ViewChannel | P.SendMessages;

function indexed(overrides: { owner?: string; helperBits?: bigint; overwrites?: unknown[]; botRoles?: string[] } = {}) {
  const index = new ServerIndex();
  index.handle({ t: 'READY', d: { user: { id: BOT }, guilds: [{ id: GUILD, unavailable: true }] } });
  index.handle({
    t: 'GUILD_CREATE',
    d: {
      id: GUILD,
      owner_id: overrides.owner ?? '999',
      roles: [
        { id: GUILD, permissions: String(EVERYONE_BITS), mentionable: false },
        { id: HELPER, permissions: String(overrides.helperBits ?? P.EmbedLinks), mentionable: false },
        { id: OTHER, permissions: String(P.PinMessages), mentionable: true },
      ],
      channels: [
        { id: CHANNEL, type: ChannelType.GuildText, permission_overwrites: overrides.overwrites ?? [] },
        { id: THREAD, type: ChannelType.PublicThread },
      ],
      members: [{ user: { id: BOT }, roles: overrides.botRoles ?? [HELPER] }],
    },
  });
  return index;
}

const has = (index: ServerIndex, bit: bigint) => ((index.botPermissions(GUILD, CHANNEL) ?? 0n) & bit) === bit;

describe('the server index', () => {
  it('GIVEN no overwrites THEN the bot has @everyone’s and its roles’ permissions, not other roles’', () => {
    const index = indexed();
    expect(has(index, P.SendMessages | P.EmbedLinks)).toBe(true);
    expect(has(index, P.PinMessages)).toBe(false);
  });

  it('GIVEN overwrites THEN @everyone’s, then the bot’s roles’, then its own apply in that order', () => {
    const index = indexed({
      overwrites: [
        { id: GUILD, type: 0, allow: String(P.PinMessages), deny: String(P.SendMessages | P.ViewChannel) },
        { id: HELPER, type: 0, allow: String(P.SendMessages), deny: String(P.PinMessages) },
        { id: OTHER, type: 0, allow: String(P.MentionEveryone), deny: '0' },
        { id: BOT, type: 1, allow: String(P.ViewChannel), deny: String(P.EmbedLinks) },
      ],
    });
    expect(has(index, P.ViewChannel | P.SendMessages)).toBe(true);
    expect(has(index, P.PinMessages)).toBe(false);
    expect(has(index, P.EmbedLinks)).toBe(false);
    expect(has(index, P.MentionEveryone)).toBe(false);
  });

  it('GIVEN the bot owns the server or has Administrator THEN it has every permission, overwrites or not', () => {
    const deny = [{ id: GUILD, type: 0, allow: '0', deny: String(P.ViewChannel | P.SendMessages) }];
    expect(has(indexed({ owner: BOT, overwrites: deny }), P.SendMessages | P.PinMessages)).toBe(true);
    expect(has(indexed({ helperBits: P.Administrator, overwrites: deny }), P.SendMessages | P.PinMessages)).toBe(true);
  });

  it('WHEN a role of the bot is changed or deleted THEN what it granted is gone', () => {
    const index = indexed();
    index.handle({
      t: 'GUILD_ROLE_UPDATE',
      d: { guild_id: GUILD, role: { id: HELPER, permissions: '0', mentionable: false } },
    });
    expect(has(index, P.EmbedLinks)).toBe(false);

    const again = indexed();
    again.handle({ t: 'GUILD_ROLE_DELETE', d: { guild_id: GUILD, role_id: HELPER } });
    expect(has(again, P.EmbedLinks)).toBe(false);
    expect(has(again, P.SendMessages)).toBe(true);
  });

  it('WHEN an overwrite is added to a channel THEN the bot’s permissions there follow', () => {
    const index = indexed();
    index.handle({
      t: 'CHANNEL_UPDATE',
      d: {
        id: CHANNEL,
        guild_id: GUILD,
        type: ChannelType.GuildText,
        permission_overwrites: [{ id: HELPER, type: 0, allow: '0', deny: String(P.EmbedLinks) }],
      },
    });
    expect(has(index, P.EmbedLinks)).toBe(false);
  });

  it('WHEN one of several channels gets an overwrite, changes kind or loses it THEN only that channel follows', () => {
    const index = indexed();
    const SIBLING = '402';
    const channel = (id: string, type: ChannelType, overwrites: unknown[] = []) =>
      index.handle({ t: 'CHANNEL_CREATE', d: { id, guild_id: GUILD, type, permission_overwrites: overwrites } });
    channel(SIBLING, ChannelType.GuildText);
    const deny = [{ id: GUILD, type: 0, allow: '0', deny: String(P.SendMessages) }];
    channel(CHANNEL, ChannelType.GuildText, deny);
    expect(has(index, P.SendMessages)).toBe(false);
    expect(index.botPermissions(GUILD, SIBLING)! & P.SendMessages).toBe(P.SendMessages);

    channel(CHANNEL, ChannelType.GuildAnnouncement);
    expect(has(index, P.SendMessages)).toBe(true);
    expect(index.channel(GUILD, CHANNEL)).toEqual({ type: ChannelType.GuildAnnouncement });
    expect(index.channel(GUILD, SIBLING)).toEqual({ type: ChannelType.GuildText });
  });

  it('WHEN a role becomes mentionable, stops being so or is deleted THEN the index says so', () => {
    const index = indexed();
    expect(index.role(GUILD, OTHER)).toEqual({ mentionable: true });
    expect(index.role(GUILD, HELPER)).toEqual({ mentionable: false });
    const update = (id: string, mentionable: boolean) =>
      index.handle({ t: 'GUILD_ROLE_UPDATE', d: { guild_id: GUILD, role: { id, permissions: '0', mentionable } } });
    update(HELPER, true);
    update(OTHER, false);
    expect(index.role(GUILD, HELPER)).toEqual({ mentionable: true });
    expect(index.role(GUILD, OTHER)).toEqual({ mentionable: false });
    index.handle({ t: 'GUILD_ROLE_DELETE', d: { guild_id: GUILD, role_id: HELPER } });
    expect(index.role(GUILD, HELPER)).toBeUndefined();
    index.handle({
      t: 'GUILD_ROLE_CREATE',
      d: { guild_id: GUILD, role: { id: HELPER, permissions: '0', mentionable: false } },
    });
    expect(index.role(GUILD, HELPER)).toEqual({ mentionable: false });
  });

  it('WHEN the bot’s own member loses a role THEN its permissions follow', () => {
    const index = indexed();
    index.handle({ t: 'GUILD_MEMBER_UPDATE', d: { guild_id: GUILD, user: { id: BOT }, roles: [] } });
    expect(has(index, P.EmbedLinks)).toBe(false);
    index.handle({ t: 'GUILD_MEMBER_UPDATE', d: { guild_id: GUILD, user: { id: '555' }, roles: [HELPER] } });
    expect(has(index, P.EmbedLinks)).toBe(false);
  });

  it('GIVEN a thread or an unknown channel THEN nothing is known of it', () => {
    const index = indexed();
    expect(index.channel(GUILD, CHANNEL)).toEqual({ type: ChannelType.GuildText });
    expect(index.channel(GUILD, THREAD)).toBeUndefined();
    expect(index.botPermissions(GUILD, THREAD)).toBeNull();
    expect(index.botPermissions(GUILD, '404')).toBeNull();
  });

  it('WHEN a server has an outage THEN it is kept but unavailable; WHEN the bot leaves THEN it is forgotten, once', () => {
    const index = indexed();
    const left: string[] = [];
    const deleted: string[] = [];
    index.onGuildLeave = (id) => left.push(id);
    index.onChannelDelete = (id) => deleted.push(id);
    index.handle({ t: 'GUILD_DELETE', d: { id: GUILD, unavailable: true } });
    expect(index.isAvailable(GUILD)).toBe(false);
    expect(index.channel(GUILD, CHANNEL)).toBeDefined();
    expect(left).toEqual([]);

    index.handle({ t: 'CHANNEL_DELETE', d: { id: CHANNEL, guild_id: GUILD, type: ChannelType.GuildText } });
    expect(deleted).toEqual([CHANNEL]);
    index.handle({ t: 'GUILD_DELETE', d: { id: GUILD } });
    index.handle({ t: 'GUILD_DELETE', d: { id: GUILD } });
    expect(left).toEqual([GUILD]);
    expect(index.size).toBe(0);
    expect(index.role(GUILD, OTHER)).toBeUndefined();
  });

  it('GIVEN two servers THEN a channel is known only in its own, with the bot’s permissions only there', () => {
    const index = indexed();
    const OTHER_GUILD = '210';
    const THEIRS = '410';
    index.handle({
      t: 'GUILD_CREATE',
      d: {
        id: OTHER_GUILD,
        owner_id: BOT,
        roles: [{ id: OTHER_GUILD, permissions: '0', mentionable: false }],
        channels: [{ id: THEIRS, type: ChannelType.GuildText }],
        members: [{ user: { id: BOT }, roles: [] }],
      },
    });
    expect(index.channel(OTHER_GUILD, THEIRS)).toEqual({ type: ChannelType.GuildText });
    expect(index.channel(GUILD, THEIRS)).toBeUndefined();
    expect(index.channel(OTHER_GUILD, CHANNEL)).toBeUndefined();
    expect(index.botPermissions(GUILD, THEIRS)).toBeNull();
    // The bot owns the other server: everything there, and nothing of that in this one.
    expect(index.botPermissions(OTHER_GUILD, THEIRS)! & P.Administrator).toBe(P.Administrator);
    expect(has(index, P.Administrator)).toBe(false);
  });

  it('WHEN a channel with overwrites is deleted and made again without THEN its old overwrites are gone, its siblings kept', () => {
    const index = indexed({ overwrites: [{ id: GUILD, type: 0, allow: '0', deny: String(P.SendMessages) }] });
    const SIBLING = '402';
    index.handle({ t: 'CHANNEL_CREATE', d: { id: SIBLING, guild_id: GUILD, type: ChannelType.GuildAnnouncement } });
    expect(has(index, P.SendMessages)).toBe(false);
    index.handle({ t: 'CHANNEL_DELETE', d: { id: CHANNEL, guild_id: GUILD, type: ChannelType.GuildText } });
    expect(index.channel(GUILD, CHANNEL)).toBeUndefined();
    expect(index.botPermissions(GUILD, CHANNEL)).toBeNull();
    expect(index.channel(GUILD, SIBLING)).toEqual({ type: ChannelType.GuildAnnouncement });
    index.handle({ t: 'CHANNEL_CREATE', d: { id: CHANNEL, guild_id: GUILD, type: ChannelType.GuildText } });
    expect(has(index, P.SendMessages)).toBe(true);
  });

  it('WHEN GUILD_UPDATE brings the roles THEN they replace the old ones and the channels stay', () => {
    const index = indexed();
    index.handle({
      t: 'GUILD_UPDATE',
      d: { id: GUILD, owner_id: '999', roles: [{ id: GUILD, permissions: String(P.ViewChannel), mentionable: false }] },
    });
    expect(index.role(GUILD, HELPER)).toBeUndefined();
    expect(index.role(GUILD, OTHER)).toBeUndefined();
    expect(has(index, P.ViewChannel)).toBe(true);
    expect(has(index, P.SendMessages)).toBe(false);
    expect(index.channel(GUILD, CHANNEL)).toEqual({ type: ChannelType.GuildText });
  });

  it('GIVEN an id that is not a snowflake THEN nothing is found and nothing throws', () => {
    const index = indexed();
    for (const id of ['abc', '', '-1', '18446744073709551616', '1'.repeat(40)]) {
      expect(index.channel(GUILD, id)).toBeUndefined();
      expect(index.botPermissions(GUILD, id)).toBeNull();
      expect(index.role(GUILD, id)).toBeUndefined();
    }
  });
});
