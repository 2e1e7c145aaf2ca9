import { DISCORD_LIMITS } from '@reconnect/discord-limits';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from '../../src/app/config.ts';
import { loadContent } from '../../src/content/content-pack.ts';
import { dailyPostMessage, dailyThreadName, isDailyPostOf } from '../../src/replies/daily-post-message.ts';
import { enabledReply, previewReply, statusReply } from '../../src/replies/smallwins.ts';
import type { Subscription } from '../../src/storage/store.ts';

const sub: Subscription = {
  guildId: '100000000000000001',
  channelId: '100000000000000002',
  time: '09:00',
  zone: 'Europe/London',
  roleId: '100000000000000003',
  thread: true,
  updatedAt: 0,
  lastPostedDate: null,
  lastPostedAt: null,
  problem: null,
};
const prompt = { id: 'p-001', kind: 'share' as const, text: 'Share one small moment.' };
const { strings } = loadContent(DEFAULT_CONTENT_DIR);

describe('daily post payload', () => {
  it('GIVEN a role THEN it is mentioned and allowed_mentions allows that role only', () => {
    const body = dailyPostMessage(strings, prompt, sub.channelId, '2026-11-25', sub.roleId);
    expect(body.content).toBe('<@&100000000000000003>');
    expect(body.allowed_mentions).toEqual({ parse: [], roles: ['100000000000000003'] });
    expect(body.embeds![0]!.title).toBe('Small wins · Wednesday 25 November');
  });

  it('GIVEN no role THEN nobody can be mentioned', () => {
    expect(dailyPostMessage(strings, prompt, sub.channelId, '2026-11-25', null).allowed_mentions).toEqual({
      parse: [],
      roles: [],
    });
  });

  it('GIVEN the same channel and date THEN the nonce is the same, fits 25 characters and is enforced', () => {
    const body = dailyPostMessage(strings, prompt, sub.channelId, '2026-11-25', null);
    // Whatever the post carries (a retry, another instance), the channel and date decide the nonce.
    const nonce = (channelId: string, localDate: string) =>
      dailyPostMessage(strings, { ...prompt, id: 'p-002', text: 'Another prompt.' }, channelId, localDate, sub.roleId)
        .nonce;
    expect(body.nonce).toBe(nonce(sub.channelId, '2026-11-25'));
    expect(String(body.nonce).length).toBeLessThanOrEqual(DISCORD_LIMITS.nonce);
    expect(body.enforce_nonce).toBe(true);
    expect(nonce(sub.channelId, '2026-11-26')).not.toBe(body.nonce);
    expect(nonce('100000000000000009', '2026-11-25')).not.toBe(body.nonce);
  });

  it('GIVEN a test post THEN it has no nonce, so it never blocks the real post', () => {
    const body = dailyPostMessage(strings, prompt, sub.channelId, '2026-11-25', null, { test: true });
    expect(body.nonce).toBeUndefined();
    expect(body.embeds![0]!.title).toMatch(/test post/);
  });

  it('GIVEN a channel’s messages THEN only the real daily post of that date is taken for it, never a test post', () => {
    const real = dailyPostMessage(strings, prompt, sub.channelId, '2026-11-25', null).embeds!;
    const test = dailyPostMessage(strings, prompt, sub.channelId, '2026-11-25', null, { test: true }).embeds!;
    expect(isDailyPostOf(strings, real, '2026-11-25')).toBe(true);
    expect(isDailyPostOf(strings, test, '2026-11-25')).toBe(false);
    expect(isDailyPostOf(strings, real, '2026-11-26')).toBe(false);
    expect(isDailyPostOf(strings, [], '2026-11-25')).toBe(false);
  });

  it('names the thread with the date, within 100 characters', () => {
    expect(dailyThreadName(strings, '2026-03-29')).toBe('Small wins · Sunday 29 March');
  });
});

describe('/smallwins replies', () => {
  it('GIVEN an enabled channel THEN the confirmation gives the settings and the next post as a Discord timestamp', () => {
    const reply = enabledReply(strings, sub, Date.parse('2026-11-26T09:00:00Z'), false);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain(
      'every day at **09:00** (Europe/London) · mentions <@&100000000000000003> · starts a thread',
    );
    expect(reply.content).toContain('<t:1795683600:F> (<t:1795683600:R>)');
  });

  it('GIVEN a channel with a problem THEN status shows it with the date it began and the days left', () => {
    const reply = statusReply(strings, [
      {
        sub: {
          ...sub,
          problem: {
            message: 'Missing Permissions',
            since: Date.parse('2026-11-20T09:00:00Z'),
            failedDates: ['2026-11-20', '2026-11-21'],
          },
        },
        nextAt: undefined,
      },
    ]);
    const value = reply.embeds[0]!.fields![0]!.value;
    expect(value).toContain('⚠️ Missing Permissions (since <t:1795165200:d>)');
    expect(value).toContain('Refused 2 of 3 days');
    expect(value).toContain('Last: not yet posted');
  });

  it('GIVEN more than 25 channels THEN status stays within Discord’s 25 fields and says how many are not shown', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      sub: { ...sub, channelId: String(200000000000000000n + BigInt(i)) },
      nextAt: 1,
    }));
    const embed = statusReply(strings, many).embeds[0]!;
    expect(embed.fields).toHaveLength(DISCORD_LIMITS.embedFields);
    expect(embed.footer!.text).toBe(`and ${many.length - DISCORD_LIMITS.embedFields} more not shown`);
  });

  it('GIVEN no channel THEN status says how to start', () => {
    expect(statusReply(strings, []).content).toMatch(/\/smallwins enable/);
  });

  it('GIVEN a preview THEN it shows the post as it will look, dated with the day it is due in the channel’s zone', () => {
    const due = Date.parse('2026-12-01T09:00:00Z');
    const reply = previewReply(strings, { ...sub, zone: 'Europe/London' }, prompt, due);
    expect(reply.embeds[0]!.description).toBe('Share one small moment.');
    expect(reply.embeds[0]!.title).toBe('Small wins · Tuesday 1 December');
    expect(reply.content).toContain(`<t:${due / 1000}:F>`);
    expect(reply.ephemeral).toBe(true);
    expect(
      previewReply(strings, { ...sub, zone: 'Pacific/Auckland' }, prompt, Date.parse('2026-11-30T20:00:00Z')).embeds[0]!
        .title,
    ).toBe('Small wins · Tuesday 1 December');
  });
});
