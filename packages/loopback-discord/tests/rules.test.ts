import {
  ApplicationCommandOptionType,
  ChannelType,
  OverwriteType,
  PermissionFlagsBits as P,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { SnowflakeUtil } from 'discord.js';
import { ALL_PERMISSIONS, channelPermissions, type PermissionSubject } from '../src/permissions.ts';
import { RateLimiter } from '../src/rate-limits.ts';
import { DISCORD_EPOCH, SnowflakeGenerator } from '../src/snowflake.ts';
import {
  validateAutocompleteResult,
  validateCommand,
  validateCommandList,
} from '../src/validation/command-definition.ts';
import { validateMessagePayload } from '../src/validation/message-payload.ts';

const codes = (body: unknown) => validateMessagePayload(body).flat;
const button = (id: string, extra: Record<string, unknown> = {}) => ({
  type: 2,
  style: 1,
  label: id,
  custom_id: id,
  ...extra,
});
const row = (...components: unknown[]) => ({ type: 1, components });

describe('message limits', () => {
  it('accepts a message at every limit exactly', () => {
    const embed = {
      title: 't'.repeat(256),
      description: 'd'.repeat(4096),
      footer: { text: 'f'.repeat(1000) },
      fields: [{ name: 'n', value: 'v'.repeat(600) }],
    };
    expect(
      codes({
        content: 'c'.repeat(2000),
        embeds: [embed],
        components: [row(...['a', 'b', 'c', 'd', 'e'].map((id) => button(id)))],
      }),
    ).toEqual([]);
  });

  it('counts all embeds together toward 6000 characters', () => {
    const embed = { description: 'd'.repeat(3001) };
    expect(codes({ embeds: [embed, embed] })).toEqual(['embeds: Embed size exceeds maximum size of 6000']);
  });

  it('checks embed fields, footers and authors', () => {
    const fields = Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' }));
    expect(codes({ embeds: [{ fields }] })).toEqual(['embeds.0.fields: Must be 25 or fewer in length.']);
    expect(codes({ embeds: [{ fields: [{ name: 'n'.repeat(257), value: 'v'.repeat(1025) }] }] })).toHaveLength(2);
    expect(codes({ embeds: [{ footer: { text: 'f'.repeat(2049) }, author: { name: 'a'.repeat(257) } }] })).toHaveLength(
      2,
    );
    expect(codes({ embeds: Array.from({ length: 11 }, () => ({ title: 'x' })) })).toEqual([
      'embeds: Must be 10 or fewer in length.',
    ]);
  });

  it('lays out components as Discord does', () => {
    const select = { type: 3, custom_id: 's', options: [{ label: 'A', value: 'a' }] };
    expect(codes({ components: [row(select, button('b'))] })).toEqual([
      'components.0.components: The specified component exceeds the maximum width',
    ]);
    expect(codes({ components: Array.from({ length: 6 }, (_, i) => row(button(`b${i}`))) })).toEqual([
      'components: Must be 5 or fewer in length.',
    ]);
    expect(codes({ components: [row(button('same'), button('same'))] })).toEqual([
      'components.0.components.1.custom_id: Component custom id cannot be duplicated',
    ]);
    expect(
      codes({ components: [row({ type: 2, style: 5, label: 'Docs', url: 'https://example.org', custom_id: 'x' })] }),
    ).toHaveLength(1);
    expect(codes({ components: [row({ type: 2, style: 5, label: 'Docs' })] })).toEqual([
      'components.0.components.0.url: A url is required',
    ]);
    expect(codes({ components: [row(button('b', { label: 'l'.repeat(81) }))] })).toHaveLength(1);
    const options = Array.from({ length: 26 }, (_, i) => ({ label: `o${i}`, value: `o${i}` }));
    expect(
      codes({ components: [row({ type: 3, custom_id: 's', options, placeholder: 'p'.repeat(151) })] }),
    ).toHaveLength(2);
  });

  it('refuses parse and explicit ids of the same kind in allowed_mentions, and long nonces', () => {
    expect(codes({ content: 'x', allowed_mentions: { parse: ['users'], users: ['1'] } })).toHaveLength(1);
    expect(codes({ content: 'x', nonce: 'n'.repeat(26) })).toEqual(['nonce: Must be 25 or fewer in length.']);
  });
});

describe('command limits', () => {
  const option = (name: string, extra: Record<string, unknown> = {}) => ({
    type: ApplicationCommandOptionType.String,
    name,
    description: 'd',
    ...extra,
  });

  it('accepts the Reconnect-style definition', () => {
    expect(
      validateCommand({
        name: 'smallwins',
        description: 'Daily prompts',
        options: [
          {
            type: 1,
            name: 'enable',
            description: 'On',
            options: [option('time', { required: true }), option('zone', { autocomplete: true })],
          },
        ],
      }).flat,
    ).toEqual([]);
  });

  it('refuses names, order and option rules Discord refuses', () => {
    expect(validateCommand({ name: 'Reflect', description: 'd' }).flat).toEqual(['name: Command name is invalid']);
    expect(validateCommand({ name: 'has space', description: 'd' }).flat).toHaveLength(1);
    expect(validateCommand({ name: 'x', description: '' }).flat).toHaveLength(1);
    expect(
      validateCommand({ name: 'x', description: 'd', options: [option('a'), option('b', { required: true })] }).flat,
    ).toEqual(['options.1.required: Required options must be placed before non-required options']);
    expect(validateCommand({ name: 'x', description: 'd', options: [option('a'), option('a')] }).flat).toHaveLength(1);
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` }));
    expect(validateCommand({ name: 'x', description: 'd', options: [option('a', { choices })] }).flat).toHaveLength(1);
    expect(
      validateCommand({
        name: 'x',
        description: 'd',
        options: [option('a', { autocomplete: true, choices: [{ name: 'c', value: 'c' }] })],
      }).flat,
    ).toHaveLength(1);
    expect(
      validateCommand({
        name: 'x',
        description: 'd',
        options: [option('a', { choices: [{ name: 'c', value: 'v'.repeat(101) }] })],
      }).flat,
    ).toHaveLength(1);
    expect(
      validateCommand({ name: 'x', description: 'd', options: [{ type: 1, name: 's', description: 'd' }, option('a')] })
        .flat,
    ).toHaveLength(1);
    const big = Array.from({ length: 25 }, (_, i) =>
      option(`o${i}`, { description: 'd'.repeat(100), choices: [{ name: 'n'.repeat(100), value: 'v'.repeat(100) }] }),
    );
    expect(validateCommand({ name: 'x', description: 'd', options: big }).flat).toEqual([
      '(body): Command exceeds maximum size (4000)',
    ]);
  });

  it('refuses more than 100 chat-input commands or a duplicate name in a bulk overwrite', () => {
    expect(
      validateCommandList(Array.from({ length: 101 }, (_, i) => ({ name: `c${i}`, description: 'd' }))).flat,
    ).toHaveLength(1);
    expect(
      validateCommandList([
        { name: 'a', description: 'd' },
        { name: 'a', description: 'd' },
      ]).flat,
    ).toHaveLength(1);
  });

  it('checks autocomplete answers against the option type', () => {
    expect(
      validateAutocompleteResult({ choices: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }, 3).flat,
    ).toHaveLength(1);
    expect(
      validateAutocompleteResult({ choices: [{ name: 'n', value: 'one' }] }, ApplicationCommandOptionType.Integer).flat,
    ).toHaveLength(1);
    expect(validateAutocompleteResult({ choices: [{ name: '', value: 'v' }] }, 3).flat).toHaveLength(1);
  });
});

describe('permissions', () => {
  const guildId = '100000000000000000';
  const subject = (over: Partial<PermissionSubject> = {}): PermissionSubject => ({
    guildId,
    ownerId: '1',
    userId: '2',
    memberRoleIds: ['300000000000000000'],
    rolePermissions: new Map([
      [guildId, P.ViewChannel | P.SendMessages | P.EmbedLinks],
      ['300000000000000000', P.MentionEveryone],
    ]),
    ...over,
  });

  it('applies @everyone, then role, then member overwrites', () => {
    const deny = [{ id: guildId, type: OverwriteType.Role, allow: '0', deny: String(P.SendMessages) }];
    expect(channelPermissions(subject(), deny, ChannelType.GuildText) & P.SendMessages).toBe(0n);
    // Without Send Messages, Embed Links and Mention Everyone go too.
    expect(channelPermissions(subject(), deny, ChannelType.GuildText) & (P.EmbedLinks | P.MentionEveryone)).toBe(0n);
    const roleAllows = [
      ...deny,
      { id: '300000000000000000', type: OverwriteType.Role, allow: String(P.SendMessages), deny: '0' },
    ];
    expect(channelPermissions(subject(), roleAllows, ChannelType.GuildText) & P.SendMessages).toBe(P.SendMessages);
    const memberDenies = [
      ...roleAllows,
      { id: '2', type: OverwriteType.Member, allow: '0', deny: String(P.SendMessages) },
    ];
    expect(channelPermissions(subject(), memberDenies, ChannelType.GuildText) & P.SendMessages).toBe(0n);
  });

  it('loses everything without View Channel; owners and administrators keep everything', () => {
    const hide = [{ id: guildId, type: OverwriteType.Role, allow: '0', deny: String(P.ViewChannel) }];
    expect(channelPermissions(subject(), hide, ChannelType.GuildText)).toBe(0n);
    expect(channelPermissions(subject({ userId: '1' }), hide, ChannelType.GuildText)).toBe(ALL_PERMISSIONS);
    const admin = subject({
      rolePermissions: new Map([
        [guildId, 0n],
        ['300000000000000000', P.Administrator],
      ]),
    });
    expect(channelPermissions(admin, hide, ChannelType.GuildText)).toBe(ALL_PERMISSIONS);
  });
});

describe('snowflakes', () => {
  it('are real Discord snowflakes, strictly increasing even within one millisecond', () => {
    const gen = new SnowflakeGenerator();
    const now = Date.now();
    const ids = Array.from({ length: 5000 }, () => gen.next(now));
    for (let i = 1; i < ids.length; i++) expect(BigInt(ids[i]!) > BigInt(ids[i - 1]!)).toBe(true);
    expect(ids[0]).toMatch(/^\d{18,19}$/);
    // Read back as a client reads it.
    expect(SnowflakeUtil.timestampFrom(ids[0]!)).toBe(now);
    expect(DISCORD_EPOCH).toBe(1_420_070_400_000);
  });
});

describe('rate limiter', () => {
  it('sends bucket headers and answers 429 past the limit until the window resets', () => {
    const limiter = new RateLimiter({ channelMessages: { limit: 2, windowMs: 1000 } });
    const bucket = limiter.channelMessagesBucket('POST /channels/:channel_id/messages');
    const t = 1_000_000;
    expect(limiter.take(t, { global: true, bucket, major: 'a' }).headers).toMatchObject({
      'X-RateLimit-Limit': '2',
      'X-RateLimit-Remaining': '1',
      'X-RateLimit-Reset-After': '1.000',
    });
    limiter.take(t, { global: true, bucket, major: 'a' });
    const refused = limiter.take(t + 250, { global: true, bucket, major: 'a' });
    expect(refused.limited).toMatchObject({ global: false, body: { retry_after: 0.75, global: false } });
    expect(limiter.take(t + 250, { global: true, bucket, major: 'b' }).limited).toBeUndefined();
    expect(limiter.take(t + 1000, { global: true, bucket, major: 'a' }).limited).toBeUndefined();
  });

  it('limits requests per second globally, but not interaction endpoints, and not at all when disabled', () => {
    const limiter = new RateLimiter({ globalPerSecond: 3 });
    const t = 5_000_000;
    for (let i = 0; i < 3; i++) expect(limiter.take(t, { global: true }).limited).toBeUndefined();
    expect(limiter.take(t, { global: true })).toMatchObject({
      limited: { global: true },
      headers: { 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' },
    });
    expect(limiter.take(t, { global: false }).limited).toBeUndefined();
    limiter.configure({ enabled: false });
    for (let i = 0; i < 10; i++) expect(limiter.take(t, { global: true })).toEqual({ headers: {} });
  });

  it('GIVEN fixed windows at a phase THEN a window runs from that phase to the next, with no slack, whenever the first request lands', () => {
    const limiter = new RateLimiter({ globalPerSecond: 2, globalWindowPhaseMs: 300 });
    const t = 7_000_000; // a whole second: the current window opened at t - 700
    expect(limiter.take(t + 250, { global: true }).limited).toBeUndefined();
    expect(limiter.take(t + 299, { global: true }).limited).toBeUndefined();
    expect(limiter.take(t + 299, { global: true }).limited).toMatchObject({ global: true, retryAfterMs: 1 });
    expect(limiter.take(t + 300, { global: true }).limited).toBeUndefined();
    expect(limiter.take(t + 1299, { global: true }).limited).toBeUndefined();
    expect(limiter.take(t + 1299, { global: true }).limited).toBeDefined();
  });

  it('GIVEN another consumer of the budget for a while THEN the windows it overlaps hold that much less, and later ones are whole', () => {
    const limiter = new RateLimiter({ globalPerSecond: 5, globalWindowPhaseMs: 0 });
    const t = 9_000_000;
    limiter.squeeze({ perWindow: 3, from: t + 500, until: t + 1500 });
    for (let i = 0; i < 2; i++) expect(limiter.take(t, { global: true }).limited).toBeUndefined();
    expect(limiter.take(t + 10, { global: true }).limited).toBeDefined(); // [t, t+1000) overlaps the squeeze
    for (let i = 0; i < 2; i++) expect(limiter.take(t + 1000, { global: true }).limited).toBeUndefined();
    expect(limiter.take(t + 1000, { global: true }).limited).toBeDefined();
    for (let i = 0; i < 5; i++) expect(limiter.take(t + 2000, { global: true }).limited).toBeUndefined();
  });
});
